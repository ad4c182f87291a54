"""Answer, partial or decline: whether the library answers the question that was asked.

- *answer*: the best document is strong on its own (combined score at least `answer_min`), clearly ahead of the
  next one (`answer_margin`), close to one of the ways runners ask what it answers (its own `questions`, at
  least `question_min`), and states a claim for what the question asks for (its intent);
- *partial*: the library holds only neighbouring evidence: the best document is close enough to be worth
  showing (`min_score`), but not an answer to this question; the reply says so first and cites it as such;
- *decline*: nothing close enough.

The four numbers are calibrated on the tuning halves alone (`pacer eval --calibrate-answers`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Literal

from bot.core.config import RetrievalConfig
from bot.core.document import Claim, Document
from bot.core.library import Library
from bot.core.retrieve import Retrieval

Outcome = Literal["answer", "partial", "decline"]

# What a missing claim is a claim about, in words: "No study here tests <this>."
ASKED_FOR = {
    "treat": "a way to treat this",
    "prevent": "a way to prevent this",
    "cause-risk": "what causes this",
    "keep-running": "running with this or coming back to running",
    "dose": "how much, how often or how long",
    "performance": "whether this helps you run, race or recover better",
    "safety": "whether this is safe",
}


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    claim: Claim | None  # the lead's claim the short answer uses
    missing: str | None  # the intent asked for that the lead has no claim for (then a neighbouring claim is used)


def pick_claim(
    doc: Document, intent: str, similarity: dict[str, float] | None = None
) -> tuple[Claim | None, str | None]:
    """The document's claim for the intent, and None; else the claim that reads most like the question
    (`similarity`: intent -> cosine; the first claim without it), with the intent asked for that it lacks
    (None when the question's words named no intent)."""
    if not doc.claims:
        return None, None
    for claim in doc.claims:
        if claim.intent == intent:
            return claim, None
    nearest = max(doc.claims, key=lambda c: similarity.get(c.intent, 0.0)) if similarity else doc.claims[0]
    return nearest, (intent if intent in ASKED_FOR else None)


def claimed_lead(retrieval: Retrieval, library: Library, intent: str, cfg: RetrievalConfig) -> Retrieval:
    """The retrieval with its lead swapped for a close document on the same topic that states a claim for the
    asked intent, when the best one does not: "strength work for injuries?" is led by the review that tested
    injuries, not by the running-economy review that says it did not look at them."""
    if intent not in ASKED_FOR or len(retrieval.hits) < 2:
        return retrieval
    best = retrieval.hits[0]
    if any(c.intent == intent for c in library[best.doc_id].claims):
        return retrieval
    topic = set(library[best.doc_id].tags)
    for i, hit in enumerate(retrieval.hits[1:4], start=1):
        if not hit.retrieved or hit.score < max(cfg.min_score, cfg.related_ratio * best.score):
            break
        # Only a summary on the same topic (a shared tag): a side-stitch review must not take the lead from the
        # return-to-running article just because it states a treatment.
        if not topic & set(library[hit.doc_id].tags):
            continue
        if any(c.intent == intent and not _says_untested(c) for c in library[hit.doc_id].claims):
            return replace(retrieval, hits=retrieval.hits.moved_first(i))
    return retrieval


def _says_untested(claim: Claim) -> bool:
    """A claim that only says its study did not look at this intent: no better a lead than none."""
    return bool(_UNTESTED.search(claim.text))


_UNTESTED = re.compile(r"\b(did not|does not|didn't|cannot|can't|could not) (look at|test|say|show|tell)")


def decide(
    retrieval: Retrieval,
    lead: Document | None,
    intent: str,
    cfg: RetrievalConfig,
    similarity: dict[str, float] | None = None,
    question_match: float = 0.0,
) -> Decision:
    best = retrieval.best
    if best is None or lead is None or best.score < cfg.min_score:
        return Decision("decline", None, None)
    claim, missing = pick_claim(lead, intent, similarity)
    second = retrieval.hits[1].score if len(retrieval.hits) > 1 else 0.0
    strong = (
        best.score >= cfg.answer_min and best.score - second >= cfg.answer_margin and question_match >= cfg.question_min
    )
    return Decision("answer" if strong and missing is None else "partial", claim, missing)
