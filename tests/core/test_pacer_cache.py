from pathlib import Path

from bot.core.embedding import Embedder
from bot.core.pacer import Pacer, question_key
from tests.support.sites import NEW_DOC

QUESTIONS = [
    "should I do hip exercises?",
    "is caffeine good before a race",
    "do ice baths help sore legs after a long run?",
    "what time is the saturday club run?",
    "I get chest pain when I run, should I drink coffee before races?",
    "does stretching before running prevent injuries",
]


def _content(answer) -> dict:
    data = answer.to_json()
    data.pop("question")
    data.pop("timing_ms")
    return data


def fresh(pacer: Pacer) -> Pacer:
    return Pacer(pacer.config, pacer.library, pacer.retriever, pacer.embedder)


def test_key_folds_only_case_and_spacing() -> None:
    assert question_key("  Should I do   HIP exercises?\n") == "should i do hip exercises?"
    assert question_key("don't") != question_key("don’t")  # the model reads the two apostrophes differently
    assert question_key("hip exercises?") != question_key("hip exercises")


def test_a_repeated_question_is_served_from_the_cache_unchanged(pacer: Pacer) -> None:
    reference = Pacer(pacer.config, pacer.library, pacer.retriever, pacer.embedder, cache_size=0)
    cached = fresh(pacer)
    for question in QUESTIONS:
        first = cached.ask(question)
        assert "cached" not in first.timing_ms
        for variant in (question, question.upper(), "  " + question.replace(" ", "  ") + " "):
            again = cached.ask(variant)
            assert again.timing_ms["cached"] == 1.0 and again.timing_ms["embed"] == 0.0
            assert again.timing_ms["total"] < first.timing_ms["total"]
            assert again.question == " ".join(variant.split())
            # What a fresh computation of this very text gives, word for word.
            assert _content(again) == _content(reference.ask(variant))
    info = cached.cache_info()
    assert info["misses"] == len(QUESTIONS) and info["hits"] == 3 * len(QUESTIONS)
    assert reference.cache_info()["size"] == 0


def test_cache_is_bounded_and_skips_empty_questions(pacer: Pacer) -> None:
    small = Pacer(pacer.config, pacer.library, pacer.retriever, pacer.embedder, cache_size=2)
    for question in QUESTIONS[:3]:
        small.ask(question)
    small.ask("")
    assert small.cache_info()["size"] == 2
    small.ask(QUESTIONS[0])  # the least recently used was dropped
    assert small.cache_info()["hits"] == 0


def test_rebuild_starts_a_new_cache(fixture_site_copy: Path, embedder: Embedder) -> None:
    pacer = Pacer.from_config(fixture_site_copy / "pacer.yaml", embedder=embedder)
    assert pacer.ask("should I do strides after easy runs").declined
    (fixture_site_copy / "corpus" / "new-strides-study.md").write_text(NEW_DOC)
    pacer.rebuild()
    answer = pacer.ask("should I do strides after easy runs")
    assert "cached" not in answer.timing_ms
    assert not answer.declined and answer.citations[0].doc_id == "new-strides-study"
