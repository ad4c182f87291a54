"""What Pacer returns: an `Answer` with its citations and its parts, and its stable JSON form.

`compose` decides what is said (the `Parts`); each face lays it out: `bot.core.markdown` for the terminal and
the JSON's `answer`, `bot.discord.formatting` for Discord's embeds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.core.hits import Passage


@dataclass(kw_only=True, frozen=True)
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
    kind: str = "article"  # the library's kind: rct, meta-analysis, ...
    reference: str = ""  # the full reference, as the library formats it ("Rathleff MS, ... (2014). Title. Journal.")
    passages: tuple[Passage, ...] = ()  # the document's passages that matched the question best

    @property
    def short_name(self) -> str:
        """ "Rathleff MS et al. (2014)"; for a club article, its title: how a source is named in one short line."""
        if self.kind == "article":
            return f"Club summary: {self.title}"
        first = self.authors.split(",")[0].strip()
        return f"{first}{' et al.' if ',' in self.authors else ''} ({self.year})"

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


@dataclass(kw_only=True, frozen=True)
class Parts:
    """What the reply says, part by part, as plain sentences with their [n] citation marks; no layout.

    The first screen is `warning`, `short`, `sure`, `who`, `next_step` and the sources; one tap away are
    `evidence`, `studies`, `disagreement` and `caveat`."""

    warning: str = ""  # what to do first, for a warning sign ('' when none)
    short: str = ""  # the short answer (empty for a decline)
    decline: str = ""  # why there is no answer, for a decline
    sure: str = ""  # the certainty of the short answer's claim in words, and why, in one line
    who: str = ""  # who was studied (the lead's population), in one line
    fit: str = ""  # how that matches who asked, when it needs saying ("You ask about ..., but ...")
    next_step: str = ""  # one practical next step, where the lead summary gives one
    evidence: str = ""  # the findings with their numbers, one sentence per cited document
    studies: tuple[str, ...] = ()  # per cited document: its certainty and design, and who was studied
    disagreement: str = ""  # when cited documents point in different directions
    caveat: str = ""  # the caveat that matters
    sources: tuple[str, ...] = ()  # per cited document: "[n] reference design link"
    disclaimer: str = ""


@dataclass(kw_only=True, frozen=True)
class Answer:
    question: str
    outcome: str  # "answer" | "partial" (only neighbouring evidence, said first) | "decline"
    red_flag: bool
    conclusion: str | None
    certainty: str | None
    citations: tuple[Citation, ...]
    nearest_topics: tuple[str, ...]
    timing_ms: dict[str, float] = field(default_factory=dict)
    warning_signs: tuple[str, ...] = ()  # the names of the warning signs the question describes
    intent: str = "what-is"  # what the question asks for (bot.core.intent)
    claim_intent: str | None = None  # the intent of the lead's claim the short answer uses
    missing_intent: str | None = None  # asked for, but the lead states no claim for it (said first)
    parts: Parts = field(default_factory=Parts)

    @property
    def declined(self) -> bool:
        """Only a decline: nothing in the library answers it (the JSON calls this `abstained`)."""
        return self.outcome == "decline"

    @property
    def answer(self) -> str:
        """The whole reply as Markdown (the terminal's `--full` and the JSON's `answer`)."""
        from bot.core.markdown import full  # the layout lives with the faces; imported here to avoid a cycle

        return full(self)

    def to_json(self) -> dict[str, Any]:
        """The JSON contract of `pacer ask --json`; other tools depend on it, keep it stable."""
        return {
            "question": self.question,
            "outcome": self.outcome,
            "abstained": self.declined,
            "red_flag": self.red_flag,
            "answer": self.answer,
            "conclusion": self.conclusion,
            "certainty": self.certainty,
            "citations": [c.to_json() for c in self.citations],
            "nearest_topics": list(self.nearest_topics),
            "warning_signs": list(self.warning_signs),
            "timing_ms": {k: round(self.timing_ms.get(k, 0.0), 3) for k in ("embed", "search", "compose", "total")},
        }
