import threading
from pathlib import Path

import pytest

from bot.core.embedding import Embedder
from bot.core.errors import IndexUnusableError
from bot.core.library import LibraryError
from bot.core.pacer import Pacer

NEW_DOC = """---
id: new-strides-study
title: "Strides after easy runs and 5 km time in club runners"
kind: cohort
source:
  authors: "Test A"
  year: 2020
  journal: "Test J"
  doi: ""
  url: ""
design: "A test document"
population: "Club runners"
certainty: very-low
conclusion: Strides after easy runs were studied in this test document about strides.
finding: Runners who did strides after easy runs were followed for a season.
caveat: This is a fixture, not a real study.
tags: [strides]
aliases: ["strides", "stride outs"]
---
## What was studied
Strides after easy runs in club runners.

## What they found
Runners doing strides were followed.

## Caveats
A fixture.

## Bottom line
Strides, strides.
"""


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
    assert answer.abstained and answer.citations == () and answer.question == ""


def test_stale_index_is_refused_with_the_fix(editable: Path, embedder: Embedder) -> None:
    path = editable / "corpus" / "pope-2000-stretching-injury-recruits.md"
    path.write_text(path.read_text() + "\nA new closing line.\n")
    with pytest.raises(IndexUnusableError) as err:
        Pacer.from_config(editable / "pacer.yaml", embedder=embedder)
    message = str(err.value)
    assert "is stale: changed in the library since the last build: pope-2000-stretching-injury-recruits" in message
    assert "Run `pacer index`" in message


def test_index_for_another_model_is_refused(editable: Path, embedder: Embedder) -> None:
    (editable / "pacer.yaml").write_text((editable / "pacer.yaml").read_text() + "model: other/model\n")
    with pytest.raises(IndexUnusableError, match="built with the model 'sentence-transformers/all-MiniLM-L6-v2'"):
        Pacer.from_config(editable / "pacer.yaml", embedder=Embedder("other/model"))


def test_rebuild_swaps_in_new_documents_and_keeps_serving_on_a_broken_library(
    editable: Path, embedder: Embedder
) -> None:
    pacer = Pacer.from_config(editable / "pacer.yaml", embedder=embedder)
    assert pacer.ask("should I do strides after easy runs").abstained
    (editable / "corpus" / "new-strides-study.md").write_text(NEW_DOC)
    report = pacer.rebuild()
    assert report.added > 0 and report.reembedded == 0 and report.removed == 0
    answer = pacer.ask("should I do strides after easy runs")
    assert not answer.abstained and answer.citations[0].doc_id == "new-strides-study"

    (editable / "corpus" / "broken.md").write_text("---\nid: broken\n---\n")
    with pytest.raises(LibraryError):
        pacer.rebuild()
    assert pacer.ask("should I do strides after easy runs").citations[0].doc_id == "new-strides-study"


def test_questions_during_a_rebuild_are_answered(editable: Path, embedder: Embedder) -> None:
    pacer = Pacer.from_config(editable / "pacer.yaml", embedder=embedder)
    (editable / "corpus" / "new-strides-study.md").write_text(NEW_DOC)
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
