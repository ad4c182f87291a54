"""Answer, partial or decline: whether the library answers the question that was asked.

- *answer*: the best document is strong on its own (combined score at least `answer_min`), clearly ahead of the
  next one (`answer_margin`), and states a claim for what the question asks for (its intent);
- *partial*: the library holds only neighbouring evidence: the best document is close enough to be worth
  showing (`min_score`), but not an answer to this question; the reply says so first and cites it as such;
- *decline*: nothing close enough.

The three numbers are calibrated on the tuning halves alone (`pacer eval --calibrate-answers`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.core.config import RetrievalConfig
from bot.core.library import Claim, Document
from bot.core.retrieve import Retrieval

Outcome = Literal["answer", "partial", "decline"]
OUTCOMES: tuple[Outcome, ...] = ("answer", "partial", "decline")

# What a missing claim is a claim about, in words: "No study here tests <this>."
ASKED_FOR = {
    "treat": "a way to treat this",
    "prevent": "a way to prevent this",
    "cause-risk": "what causes this",
    "keep-running": "running with this or coming back to running",
    "dose": "how much, how often or how long",
    "performance": "whether this makes you faster",
    "safety": "whether this is safe",
}


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    claim: Claim | None  # the lead's claim the short answer uses
    missing: str | None  # the intent asked for that the lead has no claim for (then a neighbouring claim is used)


def pick_claim(doc: Document, intent: str) -> tuple[Claim | None, str | None]:
    """The document's claim for the intent; else its first claim, with the intent it lacks."""
    if not doc.claims:
        return None, None
    for claim in doc.claims:
        if claim.intent == intent:
            return claim, None
    return doc.claims[0], (intent if intent in ASKED_FOR else None)


def decide(retrieval: Retrieval, lead: Document | None, intent: str, cfg: RetrievalConfig) -> Decision:
    best = retrieval.best
    if best is None or lead is None or best.score < cfg.min_score:
        return Decision("decline", None, None)
    claim, missing = pick_claim(lead, intent)
    second = retrieval.hits[1].score if len(retrieval.hits) > 1 else 0.0
    strong = best.score >= cfg.answer_min and best.score - second >= cfg.answer_margin
    return Decision("answer" if strong and missing is None else "partial", claim, missing)
