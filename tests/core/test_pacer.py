import threading
from pathlib import Path

import pytest

from bot.core.embedding import Embedder
from bot.core.errors import IndexUnusableError
from bot.core.library import LibraryError
from bot.core.pacer import Pacer
from tests.support.sites import NEW_DOC


def test_ask_returns_the_json_contract(pacer: Pacer) -> None:
    uncached = Pacer(pacer.config, pacer.library, pacer.retriever, pacer.embedder, cache_size=0)
    data = uncached.ask("should I do hip exercises?").to_json()
    assert list(data) == [
        "question",
        "outcome",
        "abstained",
        "red_flag",
        "answer",
        "conclusion",
        "certainty",
        "citations",
        "nearest_topics",
        "warning_signs",
        "timing_ms",
    ]
    assert data["warning_signs"] == [] and data["outcome"] in ("answer", "partial")
    assert data["question"] == "should I do hip exercises?"
    assert data["abstained"] is False and data["red_flag"] is False
    assert isinstance(data["answer"], str) and isinstance(data["conclusion"], str)
    assert data["certainty"] in ("very-low", "low", "moderate", "high")
    assert data["citations"], "an answer cites"
    for n, c in enumerate(data["citations"], start=1):
        assert list(c) == ["n", "doc_id", "title", "authors", "year", "journal", "design", "doi", "url", "score"]
        assert c["n"] == n and isinstance(c["year"], int) and isinstance(c["score"], float)
        assert c["doi"] is None or c["doi"].startswith("10.")
    scores = [c["score"] for c in data["citations"]]
    assert scores[0] == max(scores)  # best first
    assert set(data["timing_ms"]) == {"embed", "search", "compose", "total"}
    assert data["timing_ms"]["total"] >= data["timing_ms"]["embed"] > 0


@pytest.mark.parametrize("question", ["", "   ", "\n\t"])
def test_empty_questions_decline_without_error(pacer: Pacer, question: str) -> None:
    answer = pacer.ask(question)
    assert answer.declined and answer.citations == () and answer.question == ""


def test_stale_index_is_refused_with_the_fix(fixture_site_copy: Path, embedder: Embedder) -> None:
    path = fixture_site_copy / "corpus" / "pope-2000-stretching-injury-recruits.md"
    path.write_text(path.read_text() + "\nA new closing line.\n")
    with pytest.raises(IndexUnusableError) as err:
        Pacer.from_config(fixture_site_copy / "pacer.yaml", embedder=embedder)
    message = str(err.value)
    assert "is stale: changed in the library since the last build: pope-2000-stretching-injury-recruits" in message
    assert "Run `pacer index`" in message


def test_index_for_another_model_is_refused(fixture_site_copy: Path, embedder: Embedder) -> None:
    (fixture_site_copy / "pacer.yaml").write_text(
        (fixture_site_copy / "pacer.yaml").read_text() + "model: other/model\n"
    )
    with pytest.raises(IndexUnusableError, match="built with the model 'sentence-transformers/all-MiniLM-L6-v2'"):
        Pacer.from_config(fixture_site_copy / "pacer.yaml", embedder=Embedder("other/model"))


def test_rebuild_swaps_in_new_documents_and_keeps_serving_on_a_broken_library(
    fixture_site_copy: Path, embedder: Embedder
) -> None:
    pacer = Pacer.from_config(fixture_site_copy / "pacer.yaml", embedder=embedder)
    assert pacer.ask("should I do strides after easy runs").declined
    (fixture_site_copy / "corpus" / "new-strides-study.md").write_text(NEW_DOC)
    report = pacer.rebuild()
    assert report.added > 0 and report.reembedded == 0 and report.removed == 0
    answer = pacer.ask("should I do strides after easy runs")
    assert not answer.declined and answer.citations[0].doc_id == "new-strides-study"

    (fixture_site_copy / "corpus" / "broken.md").write_text("---\nid: broken\n---\n")
    with pytest.raises(LibraryError):
        pacer.rebuild()
    assert pacer.ask("should I do strides after easy runs").citations[0].doc_id == "new-strides-study"


def test_questions_during_a_rebuild_are_answered(fixture_site_copy: Path, embedder: Embedder) -> None:
    pacer = Pacer.from_config(fixture_site_copy / "pacer.yaml", embedder=embedder)
    (fixture_site_copy / "corpus" / "new-strides-study.md").write_text(NEW_DOC)
    errors, answers = [], []

    def ask_repeatedly() -> None:
        try:
            for _ in range(20):
                answers.append(pacer.ask("is caffeine good before a race"))
        except Exception as exc:  # pragma: no cover - the assertion below reports it
            errors.append(exc)

    worker = threading.Thread(target=ask_repeatedly)
    worker.start()
    pacer.rebuild()
    worker.join()
    assert not errors
    assert all(a.citations[0].doc_id == "grgic-2020-caffeine-performance" for a in answers)
