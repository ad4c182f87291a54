"""The fast retriever (lookups, sparse keyword scores, hits built as read) against the straightforward one it
replaced (benchmarks/reference.py): same hits, same order, same scores and passages, same answers."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.reference import ReferenceRetriever
from bot.core.pacer import Pacer
from bot.core.retrieve import MODES
from bot.questions import REAL, WRITTEN


def _questions() -> list[str]:
    questions = [item["q"] for item in yaml.safe_load(REAL.read_text(encoding="utf-8"))["questions"]][::7]
    for path in sorted(Path(WRITTEN).glob("*.yaml")):
        questions += [item["q"] for item in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]][::9]
    return questions


@pytest.fixture(scope="module")
def pair(real_site: Path, embedder) -> tuple[Pacer, Pacer]:
    fast = Pacer.from_config(real_site / "pacer.yaml", embedder=embedder, cache_size=0)
    retriever = ReferenceRetriever(fast.retriever.index, fast.library, embedder, fast.config.retrieval)
    return fast, Pacer(fast.config, fast.library, retriever, embedder, cache_size=0)


def test_every_hit_is_the_reference_hit(pair: tuple[Pacer, Pacer]) -> None:
    fast, reference = pair
    questions = _questions()
    assert len(questions) > 80
    for question in questions:
        for mode in MODES:
            got, want = fast.retrieve(question, mode), reference.retrieve(question, mode)
            assert tuple(got.hits) == tuple(want.hits), (question, mode)
            assert got.declined == want.declined


def test_every_answer_is_the_reference_answer(pair: tuple[Pacer, Pacer]) -> None:
    fast, reference = pair
    for question in [*_questions(), "im pregnant and spotting after my run", "hip exercises for runner's knee?"]:
        got, want = fast.ask(question), reference.ask(question)
        assert got.answer == want.answer, question
        assert {**got.to_json(), "timing_ms": None} == {**want.to_json(), "timing_ms": None}


_WORD_TEXT = (
    "hip hips exercise exercises knee runner's runners plantar fasciitis fascitis ice bath baths caffeine "
    "shin splints achilles tendon strides after easy runs cramp cramps side stitch RED-S DOMS the a of"
)
_WORDS = st.sampled_from(_WORD_TEXT.split())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(_WORDS, min_size=1, max_size=8), junk=st.text(max_size=6))
def test_names_match_as_the_loop_did(pair: tuple[Pacer, Pacer], words: list[str], junk: str) -> None:
    fast, reference = pair
    question = " ".join(words) + junk
    got = fast.retriever._named(question)
    want = reference.retriever._ref_named(question)
    assert got.tolist() == want.tolist(), question


def test_a_name_shared_by_many_documents_names_none() -> None:
    from bot.core.names import NameIndex, document_phrases

    shared = [(row, *document_phrases(f"Study {row}", ["knee pain"])) for row in range(30)]
    few = [(30, *document_phrases("Hip exercises", ["knee pain"])), (31, *document_phrases("Hip work", []))]
    names = NameIndex([*shared, *few], max_sharing=20)
    assert names.matches("knee pain after long runs") == {}
    assert names.matches("do hip exercises help knee pain") == {30: 1.0}
    assert NameIndex(few, max_sharing=20).matches("knee pain") == {30: 1.0}
