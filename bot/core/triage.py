"""Red-flag triage: symptoms that need a clinician come before anything the library says.

Deliberately broad: a false alarm costs a line of text, a missed one could cost far more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# (what to call it in the reply, alternative patterns), matched case-insensitively on the question.
_RED_FLAGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "chest pain or pressure",
        (
            r"\bchest\b.{0,25}\b(pain|hurt|hurts|tight\w*|pressure|ache)\b",
            r"\b(pain|tightness|pressure) in (my|the) chest\b",
        ),
    ),
    ("fainting or collapsing", (r"\b(faint(ed|ing)?|pass(ed|ing)? out|black(ed|ing)? out|collaps(e|ed|es|ing))\b",)),
    (
        "trouble breathing",
        (r"\b(short(ness)? of breath|can'?t (catch my )?breath\w*|cannot breathe|struggl\w* to breathe|gasping)\b",),
    ),
    (
        "a racing or irregular heartbeat",
        (r"\b(palpitations?|irregular heart ?beat|heart (is |was )?(racing|pounding|fluttering|skipping))\b",),
    ),
    (
        "a possible fracture",
        (
            r"\b(i|i've|i'm|think|might|may|could|suspect\w*)\b.{0,40}\b(fractur\w*|broken|broke)\b",
            r"\bheard a (crack|snap|pop)\b",
        ),
    ),
    (
        "not being able to bear weight",
        (
            r"\b(can'?t|cannot|can not|unable to)\s+(bear|put|take)\s+(any\s+)?weight\b",
            r"\b(can'?t|cannot|unable to) walk\b",
        ),
    ),
    (
        "sudden or severe swelling",
        (
            r"\b(sudden(ly)?|severe(ly)?|massive(ly)?|huge)\b.{0,25}\bswell\w*",
            r"\bswell\w*.{0,25}\b(sudden(ly)?|severe(ly)?)\b",
        ),
    ),
    ("numbness or tingling", (r"\b(numb(ness)?|pins and needles|tingl\w*|lost (the )?feeling)\b",)),
    ("a hot, swollen or red calf", (r"\bcalf\b.{0,30}\b(hot|red|swollen|warm)\b",)),
    ("confusion or a seizure", (r"\b(confus(ed|ion)|disorient\w*|seizure|convuls\w*)\b",)),
    (
        "dark or bloody urine",
        (
            r"\b(dark|brown|cola|tea)[- ]colou?r(ed)? (urine|pee|wee)\b",
            r"\bblood in (my )?(urine|pee|wee)\b",
            r"\b(pee|urine|wee) (is |was )?(dark|brown|red)\b",
        ),
    ),
    ("a sudden, severe headache", (r"\b(worst|sudden|severe|thunderclap) headache\b",)),
)
_COMPILED = tuple((label, re.compile("|".join(alternatives), re.IGNORECASE)) for label, alternatives in _RED_FLAGS)


@dataclass(frozen=True)
class Triage:
    reasons: tuple[str, ...]

    @property
    def red_flag(self) -> bool:
        return bool(self.reasons)

    def message(self) -> str:
        """The warning that leads the reply, or '' when there is none."""
        if not self.reasons:
            return ""
        what = " and ".join(self.reasons) if len(self.reasons) <= 2 else ", ".join(self.reasons)
        return (
            f"**⚠️ See a clinician promptly.** You mention {what}. That can be a sign of something that needs "
            "a doctor or physio to assess in person, not a library answer. If it is sudden or severe, call "
            "your local emergency number."
        )


def triage(question: str) -> Triage:
    text = question.replace("\u2019", "'")
    return Triage(tuple(label for label, pattern in _COMPILED if pattern.search(text)))
