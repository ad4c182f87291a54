"""The whole library and the evaluation set: a regression in retrieval quality fails CI.

Floors sit a little below the bars in the README, so noise from a library edit does not fail the build
but a real regression does. Only the held-out half is asserted: it is never tuned on.
"""

from pathlib import Path

import pytest

from bot.core.config import load_config
from bot.core.embedding import Embedder
from bot.core.evaluate import evaluate, load_questions
from bot.core.library import scan_library
from bot.core.pacer import Pacer
from bot.questions import WRITTEN

ROOT = Path(__file__).parents[1]
FLOORS = {"top1": 0.88, "recall3": 0.95}
# Out-of-scope questions a member sees declined, or answered as a partial that says first nothing answers it.
# (Declined outright at retrieval level, `declined_out`, had this floor with 40 summaries; with 101 more of them
# reach a neighbouring summary: README, "Written questions".)
HONEST_OUT_FLOOR = 0.88
MAX_WRONGLY_DECLINED = 0.08


def test_the_library_has_no_problems() -> None:
    library, problems = scan_library(load_config(ROOT / "pacer.yaml").corpus_dir)
    assert problems == []
    assert len(library) >= 85


@pytest.fixture(scope="module")
def report(real_site: Path, embedder: Embedder):
    # The project's own retrieval settings, over a built copy of the real library.
    config = load_config(ROOT / "pacer.yaml", index=real_site / "index")
    pacer = Pacer.from_config(config=config, embedder=embedder)
    return evaluate(pacer, load_questions(WRITTEN, set(pacer.library.documents)))


def test_the_question_set_is_big_enough_and_split() -> None:
    questions = load_questions(WRITTEN)
    assert sum(q.in_scope for q in questions) >= 150
    assert sum(not q.in_scope for q in questions) >= 30
    held_out = [q for q in questions if q.split == "held-out"]
    assert len(held_out) >= len(questions) * 0.4
    assert not {q.q for q in held_out} & {q.q for q in questions if q.split == "tuning"}


def test_held_out_retrieval_stays_above_the_floors(report) -> None:
    hybrid = report.results["held-out"]["hybrid"]
    for metric, floor in FLOORS.items():
        assert getattr(hybrid, metric) >= floor, (metric, getattr(hybrid, metric), hybrid.misses)
    assert report.honest_out["held-out"] >= HONEST_OUT_FLOOR, report.honest_out
    assert hybrid.wrongly_declined <= MAX_WRONGLY_DECLINED, hybrid.misses


def test_hybrid_is_at_least_as_good_as_each_single_retriever(report) -> None:
    for split in ("tuning", "held-out"):
        results = report.results[split]
        assert results["hybrid"].mrr >= results["dense"].mrr - 1e-9
        assert results["hybrid"].mrr >= results["keyword"].mrr - 1e-9


def test_every_answer_cites_retrieved_documents_and_carries_a_certainty(report) -> None:
    assert report.answers_checked >= 180
    assert report.answer_problems == []
