"""The library: Markdown summaries with YAML front matter, loaded and validated into `Document`s.

Validation collects every problem in every file (with file, line and field) instead of stopping at the
first, so a curator can fix a whole batch in one pass.
"""

from __future__ import annotations

import datetime
import hashlib
import pickle
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.core.errors import PacerError
from bot.core.library_snapshot import CATALOGUE, Documents, Entry, Snapshot

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
MAX_FILE_BYTES = 256 * 1024
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
URL = re.compile(r"^https?://\S+$")

_TEXT_FIELDS = ("title", "design", "population", "conclusion", "finding", "caveat")
_OPTIONAL_TEXT_FIELDS = ("topic", "next_step")
_LIST_FIELDS = ("tags", "aliases")
_OPTIONAL_LIST_FIELDS = ("studies", "disagrees_with", "questions")
_REFERENCE_FIELDS = ("studies", "disagrees_with")
_FIELDS = (
    "id",
    "kind",
    "source",
    "certainty",
    *_TEXT_FIELDS,
    *_OPTIONAL_TEXT_FIELDS,
    *_LIST_FIELDS,
    *_OPTIONAL_LIST_FIELDS,
)
_SOURCE_FIELDS = ("authors", "year", "journal", "doi", "url")
# What a question can ask for; a summary states a claim only for the intents its evidence speaks to.
CLAIM_INTENTS = ("treat", "prevent", "cause-risk", "keep-running", "dose", "performance", "safety")
_FIELDS = (*_FIELDS, "claims")


@dataclass(frozen=True)
class Claim:
    """What one summary's evidence shows for one intent, in plain words, with its own certainty."""

    intent: str
    text: str
    certainty: str


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one library file."""

    path: Path
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class LibraryError(PacerError):
    """The library has problems; `problems` lists all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"the library has {len(problems)} problem(s):\n{lines}")


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Document:
    """One validated summary from the library."""

    id: str
    title: str
    kind: str
    source: Source
    design: str
    population: str
    certainty: str
    conclusion: str
    finding: str
    caveat: str
    tags: tuple[str, ...]
    aliases: tuple[str, ...]
    studies: tuple[str, ...]
    disagrees_with: tuple[str, ...]
    questions: tuple[str, ...]  # ways runners ask what this summary answers; searched, never quoted
    claims: tuple[Claim, ...]  # per intent the evidence speaks to; quoted as the short answer
    topic: str  # a short plain-words label ("hip strength and runner's knee"); the title when not given
    next_step: str  # one practical step the summary's own text supports, for the first screen; '' when none
    sections: tuple[Section, ...]
    path: Path
    content_hash: str  # sha256 of the file's bytes: what the index compares to notice an edit

    @property
    def citation(self) -> str:
        """`Authors (year). Title. Journal.` for source lists."""
        title = self.title if self.title[-1] in ".?!" else self.title + "."
        journal = f" {self.source.journal}." if self.source.journal else ""
        return f"{self.source.authors} ({self.source.year}). {title}{journal}"


@dataclass(frozen=True)
class Library:
    """All documents, keyed by id, in file-name order (a dict, or `library_snapshot.Documents` when most
    come from the index's snapshot and are read only when needed)."""

    root: Path
    documents: Mapping[str, Document]

    def __len__(self) -> int:
        return len(self.documents)

    def __getitem__(self, doc_id: str) -> Document:
        return self.documents[doc_id]

    def __iter__(self):
        return iter(self.documents.values())

    def _entry(self, doc_id: str) -> Entry | None:
        entry = getattr(self.documents, "entry", None)
        return entry(doc_id) if entry is not None else None

    @property
    def hashes(self) -> dict[str, str]:
        """Document id -> sha256 of its file (from the snapshot's catalogue when the file was not re-read)."""
        return {d: e.content_hash if (e := self._entry(d)) else self.documents[d].content_hash for d in self.documents}

    def names(self, doc_id: str) -> tuple[str, tuple[str, ...]]:
        """A document's title and aliases: the names a question can call it by."""
        if (entry := self._entry(doc_id)) is not None:
            return entry.title, entry.aliases
        doc = self.documents[doc_id]
        return doc.title, doc.aliases

    def topic(self, doc_id: str) -> str:
        """A document's short topic label (what "nearest topics" lists)."""
        entry = self._entry(doc_id)
        return entry.topic if entry is not None else self.documents[doc_id].topic

    def references(self, doc_id: str) -> dict[str, tuple[str, ...]]:
        """The ids a document refers to, per field (`studies`, `disagrees_with`)."""
        entry = self._entry(doc_id) or self.documents[doc_id]
        return {name: getattr(entry, name) for name in _REFERENCE_FIELDS}


# libyaml's loader when PyYAML was built with it (the wheels are): the same values, several times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse(front: str, loader_class: type) -> tuple[yaml.Node | None, Any]:
    """The front matter's node tree (for line numbers) and its values, from one parse."""
    loader = loader_class(front)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


def library_files(root: Path) -> list[Path]:
    """The summary files under `root`: every `*.md` but READMEs, in a stable order."""
    return sorted(p for p in root.rglob("*.md") if p.name.lower() != "readme.md")


def _field_lines(node: yaml.Node | None, offset: int) -> dict[str, int]:
    """Map `field` and `source.field` to their 1-based file line, from the YAML node tree."""
    lines: dict[str, int] = {}
    if not isinstance(node, yaml.MappingNode):
        return lines
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        lines[key.value] = key.start_mark.line + offset
        if isinstance(value, yaml.MappingNode):
            for sub_key, _ in value.value:
                if isinstance(sub_key, yaml.ScalarNode):
                    lines[f"{key.value}.{sub_key.value}"] = sub_key.start_mark.line + offset
    return lines


class _FileChecker:
    """Validates one file, collecting problems; `document` is built only when there are none."""

    def __init__(self, path: Path, shown: Path):
        self.path = path
        self.shown = shown  # the path as printed in messages
        self.problems: list[Problem] = []
        self.lines: dict[str, int] = {}

    def problem(self, field: str, message: str, line: int | None = None) -> None:
        if line is None:
            line = self.lines.get(field) or self.lines.get(field.split(".")[0], 1)
        self.problems.append(Problem(self.shown, line, field, message))

    def check(self, root: Path) -> Document | None:
        path = self.path
        if path.is_symlink() and not path.resolve().is_relative_to(root.resolve()):
            self.problem("", f"is a link to {path.resolve()}, outside the library folder; copy the file in instead")
            return None
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                self.problem("", f"is {size:,} bytes; a summary must be under {MAX_FILE_BYTES:,} bytes")
                return None
            data = path.read_bytes()
        except OSError as exc:
            self.problem("", f"cannot be read: {exc.strerror or exc}")
            return None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            self.problem("", f"is not valid UTF-8 (byte {exc.start}); save it as UTF-8", line)
            return None
        text = text.lstrip("\ufeff").replace("\r\n", "\n")
        lines = text.split("\n")
        if not lines or lines[0].strip() != "---":
            self.problem("", "must start with YAML front matter: a line '---', the fields, then '---'", 1)
            return None
        try:
            end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
        except StopIteration:
            self.problem("", "the front matter opened with '---' on line 1 is never closed with '---'", 1)
            return None
        front = "\n".join(lines[1:end])
        try:
            node, meta = _parse(front, _LOADER)
        except yaml.YAMLError:
            try:  # PyYAML's own parser names the line where the mistake is, libyaml often the next one
                node, meta = _parse(front, yaml.SafeLoader)
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                line = mark.line + 2 if mark else 1
                reason = getattr(exc, "problem", None) or str(exc)
                self.problem("", f"front matter is not valid YAML: {reason}", line)
                return None
        self.lines = _field_lines(node, offset=2)
        if not isinstance(meta, dict):
            self.problem("", "front matter must be a mapping of fields (name: value)", 2)
            return None
        document = self._check_meta(meta, end + 1)
        sections = self._check_body(lines, end + 1)
        if self.problems or document is None:
            return None
        return Document(
            **document,
            sections=sections,
            path=path,
            content_hash=hashlib.sha256(data).hexdigest(),
        )

    def _text(self, meta: dict[str, Any], name: str) -> str:
        value = meta.get(name)
        if value is None:
            self.problem(name, "is missing", 2)
            return ""
        if not isinstance(value, str):
            self.problem(name, f"must be text, not {type(value).__name__}")
            return ""
        value = " ".join(value.split())
        if not value:
            self.problem(name, "must not be empty")
        return value

    def _list(self, meta: dict[str, Any], name: str, *, required: bool) -> tuple[str, ...]:
        value = meta.get(name)
        if value is None:
            if required:
                self.problem(name, "is missing", 2)
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.problem(name, "must be a list of non-empty text items, e.g. [knee, hip]")
            return ()
        if required and not value:
            self.problem(name, "must list at least one item")
        return tuple(v.strip() for v in value)

    def _check_meta(self, meta: dict[str, Any], body_line: int) -> dict[str, Any] | None:
        for name in meta:
            if name not in _FIELDS:
                self.problem(str(name), f"unknown field (known: {', '.join(_FIELDS)})")
        doc_id = meta.get("id")
        if doc_id is None:
            self.problem("id", "is missing", 2)
        elif not isinstance(doc_id, str) or not SLUG.match(doc_id):
            self.problem("id", f"{doc_id!r} is not a slug (lowercase letters, digits and single hyphens)")
        elif doc_id != self.path.stem:
            self.problem("id", f"{doc_id!r} must equal the file name ({self.path.stem!r})")
        kind = meta.get("kind")
        if kind not in KINDS:
            self.problem("kind", f"{kind!r} is not one of: {', '.join(KINDS)}", None if kind else 2)
        certainty = meta.get("certainty")
        if certainty not in CERTAINTIES:
            self.problem(
                "certainty", f"{certainty!r} is not one of: {', '.join(CERTAINTIES)}", None if certainty else 2
            )
        texts = {name: self._text(meta, name) for name in _TEXT_FIELDS}
        topic = self._text(meta, "topic") if "topic" in meta else texts["title"]
        lists = {name: self._list(meta, name, required=True) for name in _LIST_FIELDS}
        optional = {name: self._list(meta, name, required=False) for name in _OPTIONAL_LIST_FIELDS}
        if kind == "article" and not optional["studies"]:
            self.problem("studies", "an article must list the ids of the library summaries it draws on", 2)
        source = self._check_source(meta.get("source"), kind)
        claims = self._check_claims(meta.get("claims"))
        if self.problems:
            return None
        return {
            "claims": claims,
            "id": doc_id,
            "kind": kind,
            "certainty": certainty,
            "source": source,
            "topic": topic,
            "next_step": self._text(meta, "next_step") if "next_step" in meta else "",
            **texts,
            **lists,
            **optional,
        }

    def _check_claims(self, raw: Any) -> tuple[Claim, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, dict):
            self.problem("claims", f"must map intents ({', '.join(CLAIM_INTENTS)}) to a text and a certainty")
            return ()
        claims = []
        for intent, value in raw.items():
            where = f"claims.{intent}"
            if intent not in CLAIM_INTENTS:
                self.problem(where, f"{intent!r} is not an intent ({', '.join(CLAIM_INTENTS)})")
                continue
            if not isinstance(value, dict) or set(value) - {"text", "certainty"}:
                self.problem(where, "must have exactly `text` (plain words, 1-2 sentences) and `certainty`")
                continue
            text = value.get("text")
            certainty = value.get("certainty")
            if not isinstance(text, str) or not text.strip():
                self.problem(where, "needs a `text`: what the evidence shows for this intent, in plain words")
                continue
            if certainty not in CERTAINTIES:
                self.problem(where, f"certainty {certainty!r} is not one of: {', '.join(CERTAINTIES)}")
                continue
            claims.append(Claim(intent, " ".join(text.split()), certainty))
        return tuple(claims)

    def _check_source(self, raw: Any, kind: Any) -> Source | None:
        if raw is None:
            self.problem("source", "is missing (authors, year, journal, doi, url)", 2)
            return None
        if not isinstance(raw, dict):
            self.problem("source", "must be a mapping with authors, year, journal, doi, url")
            return None
        for name in raw:
            if name not in _SOURCE_FIELDS:
                self.problem(f"source.{name}", f"unknown field (known: {', '.join(_SOURCE_FIELDS)})")
        authors = raw.get("authors")
        if not isinstance(authors, str) or not authors.strip():
            self.problem("source.authors", "must be non-empty text, e.g. 'Rathleff MS, Crossley KM'")
        year = raw.get("year")
        this_year = datetime.date.today().year
        if not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= this_year + 1:
            self.problem("source.year", f"must be a year between 1900 and {this_year + 1}, got {year!r}")
        journal = raw.get("journal") or ""
        if not isinstance(journal, str):
            self.problem("source.journal", "must be text")
        elif not journal.strip() and kind != "article":
            self.problem("source.journal", "must not be empty (only an article may have no journal)")
        values = {}
        for name, pattern, example in (("doi", DOI, "10.1136/bjsports-2013-093305"), ("url", URL, "https://…")):
            value = raw.get(name) or ""
            if not isinstance(value, str) or (value.strip() and not pattern.match(value.strip())):
                self.problem(f"source.{name}", f"{value!r} does not look like {example}; leave it empty if unsure")
                value = ""
            values[name] = value.strip() or None
        if self.problems:
            return None
        return Source(authors=" ".join(authors.split()), year=year, journal=journal.strip(), **values)

    def _check_body(self, lines: list[str], start: int) -> tuple[Section, ...]:
        """Split the body on `## ` headings; the four required sections must each have text."""
        sections: list[Section] = []
        heading, heading_line, buf = None, start + 1, []

        def flush() -> None:
            if heading is not None:
                sections.append(Section(heading, "\n".join(buf).strip(), heading_line))

        for i in range(start, len(lines)):
            line = lines[i]
            if line.startswith("## "):
                flush()
                heading, heading_line, buf = line[3:].strip(), i + 1, []
            elif heading is None:
                if line.strip():
                    self.problem("body", "text before the first '## ' section heading", i + 1)
            else:
                buf.append(line)
        flush()
        found = {s.heading.lower(): s for s in sections}
        if not sections:
            self.problem("body", f"is empty; it needs the sections {', '.join(SECTIONS)}", start + 1)
        else:
            for name in SECTIONS:
                section = found.get(name.lower())
                if section is None:
                    self.problem("body", f"missing the section '## {name}'", start + 1)
                elif not section.text:
                    self.problem("body", f"the section '## {name}' is empty", section.line)
        return tuple(sections)


def _open_snapshot(folder: Path | None) -> Snapshot | None:
    """The snapshot in `folder`, or None when there is none or it is unreadable (then every file is parsed)."""
    if folder is None or not (folder / CATALOGUE).exists():
        return None
    try:
        return Snapshot(folder)
    except (OSError, ValueError, KeyError, EOFError, pickle.UnpicklingError, AttributeError, TypeError):
        return None


def scan_library(root: str | Path, snapshot: Path | None = None) -> tuple[Library, list[Problem]]:
    """Load every file under `root`, returning the valid documents and every problem found.

    With `snapshot` (an index generation's folder), files unchanged since that build are not parsed again.
    """
    root = Path(root)
    problems: list[Problem] = []
    if not root.is_dir():
        problems.append(Problem(root, 0, "", "the library folder does not exist"))
        return Library(root, {}), problems
    saved = _open_snapshot(snapshot)
    order: list[str] = []
    parsed: dict[str, Document] = {}
    paths: dict[str, Path] = {}
    first_seen: dict[str, Path] = {}
    field_lines: dict[str, dict[str, int]] = {}
    for path in library_files(root):
        shown = path.relative_to(root.parent) if path.is_relative_to(root.parent) else path
        doc_id = saved.unchanged(str(path.relative_to(root)), path) if saved and not path.is_symlink() else None
        lines: dict[str, int] = {}
        if doc_id is None:
            checker = _FileChecker(path, shown)
            doc = checker.check(root)
            problems.extend(checker.problems)
            if doc is None:
                continue
            doc_id, lines = doc.id, checker.lines
        if doc_id in first_seen:
            problems.append(
                Problem(shown, lines.get("id", 2), "id", f"{doc_id!r} is also used by {first_seen[doc_id]}")
            )
            continue
        if lines:
            parsed[doc_id] = doc
            field_lines[doc_id] = lines
        order.append(doc_id)
        paths[doc_id] = path
        first_seen[doc_id] = shown
    documents: Mapping[str, Document] = (
        Documents(order, parsed, saved, root) if saved and len(parsed) < len(order) else {d: parsed[d] for d in order}
    )
    library = Library(root, documents)
    for doc_id in order:
        path = paths[doc_id]
        shown = path.relative_to(root.parent) if path.is_relative_to(root.parent) else path
        for name, refs in library.references(doc_id).items():
            bad = [(ref, "is not the id of a document in the library") for ref in refs if ref not in documents]
            bad += [(ref, "a document cannot refer to itself") for ref in refs if ref == doc_id]
            if bad and doc_id not in field_lines:  # a saved document: read its file for the line numbers
                checker = _FileChecker(path, shown)
                checker.check(root)
                field_lines[doc_id] = checker.lines
            for ref, message in bad:
                line = field_lines[doc_id].get(name, 2)
                text = f"{ref!r} {message}" if message.startswith("is") else message
                problems.append(Problem(shown, line, name, text))
    if not order and not problems:
        problems.append(Problem(root, 0, "", "the library folder has no summaries (*.md files)"))
    problems.sort(key=lambda p: (str(p.path), p.line))
    return library, problems


def load_library(root: str | Path, snapshot: Path | None = None) -> Library:
    """Load the library, or raise `LibraryError` listing every problem; see `scan_library` for `snapshot`."""
    library, problems = scan_library(root, snapshot)
    if problems:
        raise LibraryError(problems)
    return library
