"""A library summary as Pacer uses it: `Document` and its parts, and the front-matter fields declared once.

Each front-matter field is one `Document` attribute declared with `front(...)`: how it is checked, whether it
is required, and its default. The file checker (bot.core.library_file) and the list of known fields read
the declarations from here, so a new field is one line below (plus a checker kind if it needs a new one).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

KINDS = (
    "article",
    "systematic-review",
    "meta-analysis",
    "rct",
    "cohort",
    "cross-sectional",
    "case-series",
    "consensus-statement",
    "narrative-review",
)
CERTAINTIES = ("very-low", "low", "moderate", "high")
SECTIONS = ("What was studied", "What they found", "Caveats", "Bottom line")
# What a question can ask for; a summary states a claim only for the intents its evidence speaks to.
CLAIM_INTENTS = ("treat", "prevent", "cause-risk", "keep-running", "dose", "performance", "safety")
SOURCE_FIELDS = ("authors", "year", "journal", "doi", "url")
REFERENCE_FIELDS = ("studies", "disagrees_with")  # fields holding other summaries' ids


@dataclass(kw_only=True, frozen=True)
class FrontField:
    """How one front-matter field is read: `check` names the checker (bot.core.library_file), `default`
    is used when an optional field is absent (a string naming another field takes that field's value)."""

    check: str  # "id", "choice", "text", "list", "source", "claims"
    required: bool = True
    choices: tuple[str, ...] = ()
    default: Any = None
    default_from: str | None = None


def front(check: str, **how: Any) -> dict[str, FrontField]:
    """The field metadata declaring a front-matter field: `field(metadata=front("text"))`."""
    return {"front": FrontField(check=check, **how)}


@dataclass(frozen=True)
class Claim:
    """What one summary's evidence shows for one intent, in plain words, with its own certainty."""

    intent: str
    text: str
    certainty: str


@dataclass(kw_only=True, frozen=True)
class Source:
    authors: str
    year: int
    journal: str
    doi: str | None
    url: str | None

    @property
    def link(self) -> str | None:
        """The best link to the source: its DOI resolver address, else its URL."""
        return f"https://doi.org/{self.doi}" if self.doi else self.url


@dataclass(frozen=True)
class Section:
    heading: str
    text: str
    line: int  # 1-based line of the heading in the file


@dataclass(kw_only=True, frozen=True)
class Document:
    """One validated summary from the library. Front-matter fields first, in the order they are checked."""

    id: str = field(metadata=front("id"))
    kind: str = field(metadata=front("choice", choices=KINDS))
    certainty: str = field(metadata=front("choice", choices=CERTAINTIES))
    title: str = field(metadata=front("text"))
    design: str = field(metadata=front("text"))
    population: str = field(metadata=front("text"))
    conclusion: str = field(metadata=front("text"))
    finding: str = field(metadata=front("text"))
    caveat: str = field(metadata=front("text"))
    # A short plain-words label ("hip strength and runner's knee"); the title when not given.
    topic: str = field(metadata=front("text", required=False, default_from="title"))
    tags: tuple[str, ...] = field(metadata=front("list"))
    aliases: tuple[str, ...] = field(metadata=front("list"))
    studies: tuple[str, ...] = field(metadata=front("list", required=False, default=()))
    disagrees_with: tuple[str, ...] = field(metadata=front("list", required=False, default=()))
    # Ways runners ask what this summary answers; searched, never quoted.
    questions: tuple[str, ...] = field(metadata=front("list", required=False, default=()))
    source: Source = field(metadata=front("source"))
    # Per intent the evidence speaks to; quoted as the short answer.
    claims: tuple[Claim, ...] = field(metadata=front("claims", required=False, default=()))
    # One practical step the summary's own text supports, for the first screen; '' when none.
    next_step: str = field(metadata=front("text", required=False, default=""))
    sections: tuple[Section, ...]
    path: Path
    content_hash: str  # sha256 of the file's bytes: what the index compares to notice an edit

    @property
    def citation(self) -> str:
        """`Authors (year). Title. Journal.` for source lists."""
        title = self.title if self.title[-1] in ".?!" else self.title + "."
        journal = f" {self.source.journal}." if self.source.journal else ""
        return f"{self.source.authors} ({self.source.year}). {title}{journal}"


FRONT_FIELDS: dict[str, FrontField] = {
    f.name: f.metadata["front"] for f in dataclasses.fields(Document) if "front" in f.metadata
}
