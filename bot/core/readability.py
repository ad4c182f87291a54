"""How hard a text is to read: the Flesch-Kincaid grade, from the offline `readability` package.

The package expects one sentence per line (it counts lines as sentences), so sentences are split first;
citation markers ("[1]") are dropped because they are not words a reader reads.
"""

from __future__ import annotations

import re

import readability

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\u201c\"(])")


def reading_grade(text: str) -> float:
    """The Flesch-Kincaid grade of `text` (about the US school year that can read it)."""
    text = re.sub(r"\[\d+\]", "", text).replace("**", "").strip()
    if not text:
        return 0.0
    lines = "\n".join(s for s in _SENTENCE_END.split(text) if s.strip())
    return float(readability.getmeasures(lines, lang="en")["readability grades"]["Kincaid"])
