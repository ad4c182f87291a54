"""What Pacer returns: an `Answer` with its citations, and its stable JSON form."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.core.retrieve import Passage


@dataclass(frozen=True)
class Citation:
    n: int
    doc_id: str
    title: str
    authors: str
    year: int
    journal: str
    design: str
    doi: str | None
    url: str | None
    score: float
    certainty: str
    population: str
    link: str | None  # DOI resolver address, else the URL
    passages: tuple[Passage, ...] = ()  # the document's passages that matched the question best

    def to_json(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "doc_id": self.doc_id,
            "title": self.title,
            "authors": self.authors,
            "year": self.year,
            "journal": self.journal,
            "design": self.design,
            "doi": self.doi,
            "url": self.url,
            "score": round(self.score, 4),
        }


@dataclass(frozen=True)
class Answer:
    question: str
    outcome: str  # "answer" | "partial" (only neighbouring evidence, said first) | "decline"
    abstained: bool  # true only for a decline
    red_flag: bool
    answer: str  # markdown, complete: what a face shows
    conclusion: str | None
    certainty: str | None
    citations: tuple[Citation, ...]
    nearest_topics: tuple[str, ...]
    timing_ms: dict[str, float] = field(default_factory=dict)
    warning_signs: tuple[str, ...] = ()  # the names of the warning signs the question describes
    intent: str = "what-is"  # what the question asks for (bot.core.intent)
    claim_intent: str | None = None  # the intent of the lead's claim the short answer uses
    missing_intent: str | None = None  # asked for, but the lead states no claim for it (said first)
    # The parts of `answer`, for faces that lay them out themselves (Discord embeds).
    parts: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The JSON contract of `pacer ask --json`; other tools depend on it, keep it stable."""
        return {
            "question": self.question,
            "outcome": self.outcome,
            "abstained": self.abstained,
            "red_flag": self.red_flag,
            "answer": self.answer,
            "conclusion": self.conclusion,
            "certainty": self.certainty,
            "citations": [c.to_json() for c in self.citations],
            "nearest_topics": list(self.nearest_topics),
            "warning_signs": list(self.warning_signs),
            "timing_ms": {k: round(self.timing_ms.get(k, 0.0), 3) for k in ("embed", "search", "compose", "total")},
        }
