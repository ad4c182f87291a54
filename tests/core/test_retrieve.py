import pytest

from bot.core.names import normalise
from bot.core.pacer import Pacer
from bot.core.retrieve import MODES


def test_hip_question_finds_the_hip_documents(pacer: Pacer) -> None:
    r = pacer.retrieve("should I do hip exercises?")
    assert not r.declined
    top = [h.doc_id for h in r.hits[:3]]
    assert top[0] in {"rathleff-2014-hip-strength-pfp", "fixture-hip-article", "lack-2015-hip-rehab-pfp"}
    assert {"rathleff-2014-hip-strength-pfp", "lack-2015-hip-rehab-pfp"} <= set(top)
    assert r.best.named  # "hip exercises" is an alias
    assert r.best.passages and all(p.chunk.doc_id == r.best.doc_id for p in r.best.passages)
    # Passages are evidence: body sections only, never the profile or question chunks.
    assert all(p.chunk.section in {s.heading for s in pacer.library[r.best.doc_id].sections} for p in r.best.passages)
    assert r.embed_ms > 0 and r.search_ms > 0


@pytest.mark.parametrize(
    ("question", "doc_id"),
    [
        ("is coffee before a race a good idea", "grgic-2020-caffeine-performance"),
        ("do ice baths help sore legs after a long run", "bleakley-2012-cold-water-immersion-doms"),
        ("can you drink too much water in a marathon", "almond-2005-marathon-hyponatremia"),
        ("does stretching before exercise prevent injuries", "pope-2000-stretching-injury-recruits"),
    ],
)
def test_each_retriever_finds_the_obvious_document(pacer: Pacer, question: str, doc_id: str) -> None:
    for mode in MODES:
        r = pacer.retrieve(question, mode)
        assert r.hits[0].doc_id == doc_id, (mode, [h.doc_id for h in r.hits[:3]])


@pytest.mark.parametrize(
    "question",
    [
        "what time is the saturday club run?",
        "is altitude training worth it?",
        "how do I improve my tennis serve",
        "how much creatine should I take",
    ],
)
def test_uncovered_questions_are_declined(pacer: Pacer, question: str) -> None:
    assert pacer.retrieve(question).declined


def test_dense_and_keyword_signals_are_separate(pacer: Pacer) -> None:
    keyword = pacer.retrieve("caffeine", "keyword")
    assert keyword.embed_ms == 0.0 and keyword.hits[0].dense == 0.0 and keyword.hits[0].keyword > 0
    dense = pacer.retrieve("caffeine", "dense")
    assert dense.hits[0].keyword == 0.0 and dense.hits[0].dense > 0.3
    assert len(dense.hits) == len(pacer.library)


def test_normalise_makes_phrases_comparable() -> None:
    assert normalise("Runner’s KNEE?!") == " runner's knee "
    assert " ice bath " in normalise("do ice-bath(s) help")  # punctuation splits words


def test_a_name_inside_a_longer_name_the_question_uses_names_nothing() -> None:
    from bot.core.names import within as _within

    assert _within(" easy runs ", " strides after easy runs ")
    assert not _within(" strides after easy runs ", " easy runs ") and not _within(" cramps ", " cramps ")
    assert _within(("cramp",), ("cramp", "side")) and not _within(("cramp",), " cramps in my side ")


def test_the_longer_name_wins(fixture_site_copy, embedder) -> None:
    from bot.core.index import build_index
    from bot.core.library import load_library

    corpus = fixture_site_copy / "corpus"
    # One summary is named by "zorblat runs", another by the longer "strides after zorblat runs".
    for name, alias in (
        ("bleakley-2012-cold-water-immersion-doms", "zorblat runs"),
        ("lack-2015-hip-rehab-pfp", "strides after zorblat runs"),
    ):
        path = corpus / f"{name}.md"
        path.write_text(path.read_text().replace("aliases: [", f'aliases: ["{alias}", ', 1))
    build_index(load_library(corpus), embedder, fixture_site_copy / "index")
    pacer = Pacer.from_config(fixture_site_copy / "pacer.yaml", embedder=embedder)
    hits = {h.doc_id: h for h in pacer.retrieve("should i do strides after zorblat runs").hits}
    assert hits["lack-2015-hip-rehab-pfp"].named and not hits["bleakley-2012-cold-water-immersion-doms"].named
