"""One library file, checked in three steps, each collecting every problem it can (with line and field):
read the bytes (`read_summary`), split and parse the front matter (`parse_summary`), validate the fields
and the body into a `Document` (`validate_summary`). `check_summary` runs all three."""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml

from bot.core.document import (
    CERTAINTIES,
    CLAIM_INTENTS,
    FRONT_FIELDS,
    SECTIONS,
    SOURCE_FIELDS,
    Claim,
    Document,
    FrontField,
    Section,
    Source,
)

MAX_FILE_BYTES = 256 * 1024
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DOI = re.compile(r"^10\.\d{4,9}/\S+$")
URL = re.compile(r"^https?://\S+$")
FIRST_FIELD_LINE = 2  # line 1 is the opening '---': a field that is missing is reported here
# libyaml's loader when PyYAML was built with it (the wheels are): the same values, several times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(kw_only=True, frozen=True)
class Problem:
    """One thing wrong with one library file."""

    path: Path
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


@dataclass
class Report:
    """The problems found in one file, with the line of each front-matter field once it is known."""

    shown: Path  # the path as printed in messages
    problems: list[Problem] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)  # "field" and "source.field" -> 1-based line

    def add(self, field_name: str, message: str, line: int | None = None) -> None:
        if line is None:
            line = self.lines.get(field_name) or self.lines.get(field_name.split(".")[0], 1)
        self.problems.append(Problem(path=self.shown, line=line, field=field_name, message=message))

    def missing(self, field_name: str, message: str = "is missing") -> None:
        self.add(field_name, message, FIRST_FIELD_LINE)


@dataclass(kw_only=True, frozen=True)
class ParsedSummary:
    """A file split into its front matter (parsed) and its body lines."""

    meta: dict[str, Any]
    lines: list[str]  # the whole file, by line
    body_start: int  # 0-based index of the first line after the closing '---'
    data: bytes


def read_summary(path: Path, root: Path, report: Report) -> bytes | None:
    """The file's bytes, unless it is a link out of the library, too large or unreadable."""
    if path.is_symlink() and not path.resolve().is_relative_to(root.resolve()):
        report.add("", f"is a link to {path.resolve()}, outside the library folder; copy the file in instead")
        return None
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            report.add("", f"is {size:,} bytes; a summary must be under {MAX_FILE_BYTES:,} bytes")
            return None
        return path.read_bytes()
    except OSError as exc:
        report.add("", f"cannot be read: {exc.strerror or exc}")
        return None


def _parse_yaml(front: str, loader_class: type) -> tuple[yaml.Node | None, Any]:
    """The front matter's node tree (for line numbers) and its values, from one parse."""
    loader = loader_class(front)
    try:
        node = loader.get_single_node()
        return node, loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


def _field_lines(node: yaml.Node | None) -> dict[str, int]:
    """Map `field` and `source.field` to their 1-based file line, from the YAML node tree."""
    lines: dict[str, int] = {}
    if not isinstance(node, yaml.MappingNode):
        return lines
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        lines[key.value] = key.start_mark.line + FIRST_FIELD_LINE
        if isinstance(value, yaml.MappingNode):
            for sub_key, _ in value.value:
                if isinstance(sub_key, yaml.ScalarNode):
                    lines[f"{key.value}.{sub_key.value}"] = sub_key.start_mark.line + FIRST_FIELD_LINE
    return lines


def parse_summary(data: bytes, report: Report) -> ParsedSummary | None:
    """Decode the file and parse its front matter (between the first two '---' lines) as YAML."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        report.add("", f"is not valid UTF-8 (byte {exc.start}); save it as UTF-8", line)
        return None
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").split("\n")
    if lines[0].strip() != "---":
        report.add("", "must start with YAML front matter: a line '---', the fields, then '---'", 1)
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        report.add("", "the front matter opened with '---' on line 1 is never closed with '---'", 1)
        return None
    front = "\n".join(lines[1:end])
    try:
        node, meta = _parse_yaml(front, _LOADER)
    except yaml.YAMLError:
        try:  # PyYAML's own parser names the line where the mistake is, libyaml often the next one
            node, meta = _parse_yaml(front, yaml.SafeLoader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + FIRST_FIELD_LINE if mark else 1
            reason = getattr(exc, "problem", None) or str(exc)
            report.add("", f"front matter is not valid YAML: {reason}", line)
            return None
    report.lines = _field_lines(node)
    if not isinstance(meta, dict):
        report.add("", "front matter must be a mapping of fields (name: value)", FIRST_FIELD_LINE)
        return None
    return ParsedSummary(meta=meta, lines=lines, body_start=end + 1, data=data)


def validate_summary(parsed: ParsedSummary, path: Path, report: Report) -> Document | None:
    """Every declared field (bot.core.document) and the body's sections; a Document when all is well."""
    meta = parsed.meta
    for name in meta:
        if name not in FRONT_FIELDS:
            report.add(str(name), f"unknown field (known: {', '.join(FRONT_FIELDS)})")
    values: dict[str, Any] = {}
    for name, how in FRONT_FIELDS.items():
        if name not in meta and not how.required:
            values[name] = values[how.default_from] if how.default_from else how.default
        else:
            values[name] = _CHECKS[how.check](report, name, meta.get(name), how, path=path, kind=meta.get("kind"))
    if values["kind"] == "article" and not values["studies"]:
        report.missing("studies", "an article must list the ids of the library summaries it draws on")
    sections = _check_body(report, parsed.lines, parsed.body_start)
    if report.problems:
        return None
    return Document(**values, sections=sections, path=path, content_hash=hashlib.sha256(parsed.data).hexdigest())


def check_summary(path: Path, root: Path, shown: Path) -> tuple[Document | None, Report]:
    """Read, parse and validate one file: its Document (None if it has problems) and the report."""
    report = Report(shown)
    data = read_summary(path, root, report)
    parsed = parse_summary(data, report) if data is not None else None
    return (validate_summary(parsed, path, report) if parsed is not None else None), report


# Checkers, one per `FrontField.check`: (report, field name, raw value, declaration) -> the checked value.


def _check_id(report: Report, name: str, value: Any, how: FrontField, *, path: Path, **_: Any) -> str:
    if value is None:
        report.missing(name)
    elif not isinstance(value, str) or not SLUG.match(value):
        report.add(name, f"{value!r} is not a slug (lowercase letters, digits and single hyphens)")
    elif value != path.stem:
        report.add(name, f"{value!r} must equal the file name ({path.stem!r})")
    return value


def _check_choice(report: Report, name: str, value: Any, how: FrontField, **_: Any) -> Any:
    if value not in how.choices:
        report.add(name, f"{value!r} is not one of: {', '.join(how.choices)}", None if value else FIRST_FIELD_LINE)
    return value


def _check_text(report: Report, name: str, value: Any, how: FrontField, **_: Any) -> str:
    if value is None:
        report.missing(name)
        return ""
    if not isinstance(value, str):
        report.add(name, f"must be text, not {type(value).__name__}")
        return ""
    value = " ".join(value.split())
    if not value:
        report.add(name, "must not be empty")
    return value


def _check_list(report: Report, name: str, value: Any, how: FrontField, **_: Any) -> tuple[str, ...]:
    if value is None:
        if how.required:
            report.missing(name)
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        report.add(name, "must be a list of non-empty text items, e.g. [knee, hip]")
        return ()
    if how.required and not value:
        report.add(name, "must list at least one item")
    return tuple(v.strip() for v in value)


def _check_claims(report: Report, name: str, raw: Any, how: FrontField, **_: Any) -> tuple[Claim, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        report.add(name, f"must map intents ({', '.join(CLAIM_INTENTS)}) to a text and a certainty")
        return ()
    claims = []
    for intent, value in raw.items():
        where = f"{name}.{intent}"
        if intent not in CLAIM_INTENTS:
            report.add(where, f"{intent!r} is not an intent ({', '.join(CLAIM_INTENTS)})")
            continue
        if not isinstance(value, dict) or set(value) - {"text", "certainty"}:
            report.add(where, "must have exactly `text` (plain words, 1-2 sentences) and `certainty`")
            continue
        text = value.get("text")
        certainty = value.get("certainty")
        if not isinstance(text, str) or not text.strip():
            report.add(where, "needs a `text`: what the evidence shows for this intent, in plain words")
            continue
        if certainty not in CERTAINTIES:
            report.add(where, f"certainty {certainty!r} is not one of: {', '.join(CERTAINTIES)}")
            continue
        claims.append(Claim(intent, " ".join(text.split()), certainty))
    return tuple(claims)


def _check_source(report: Report, name: str, raw: Any, how: FrontField, *, kind: Any, **_: Any) -> Source | None:
    if raw is None:
        report.missing(name, "is missing (authors, year, journal, doi, url)")
        return None
    if not isinstance(raw, dict):
        report.add(name, "must be a mapping with authors, year, journal, doi, url")
        return None
    before = len(report.problems)
    for key in raw:
        if key not in SOURCE_FIELDS:
            report.add(f"{name}.{key}", f"unknown field (known: {', '.join(SOURCE_FIELDS)})")
    authors = raw.get("authors")
    if not isinstance(authors, str) or not authors.strip():
        report.add(f"{name}.authors", "must be non-empty text, e.g. 'Rathleff MS, Crossley KM'")
    year = raw.get("year")
    this_year = datetime.date.today().year
    if not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= this_year + 1:
        report.add(f"{name}.year", f"must be a year between 1900 and {this_year + 1}, got {year!r}")
    journal = raw.get("journal") or ""
    if not isinstance(journal, str):
        report.add(f"{name}.journal", "must be text")
    elif not journal.strip() and kind != "article":
        report.add(f"{name}.journal", "must not be empty (only an article may have no journal)")
    links = {}
    for key, pattern, example in (("doi", DOI, "10.1136/bjsports-2013-093305"), ("url", URL, "https://…")):
        value = raw.get(key) or ""
        if not isinstance(value, str) or (value.strip() and not pattern.match(value.strip())):
            report.add(f"{name}.{key}", f"{value!r} does not look like {example}; leave it empty if unsure")
            value = ""
        links[key] = value.strip() or None
    if len(report.problems) > before:
        return None
    # Checked above: authors is non-empty text and year a year.
    return Source(authors=" ".join(cast(str, authors).split()), year=cast(int, year), journal=journal.strip(), **links)


_CHECKS: dict[str, Callable[..., Any]] = {
    "id": _check_id,
    "choice": _check_choice,
    "text": _check_text,
    "list": _check_list,
    "source": _check_source,
    "claims": _check_claims,
}


def _check_body(report: Report, lines: list[str], start: int) -> tuple[Section, ...]:
    """Split the body on `## ` headings; the four required sections must each have text."""
    sections: list[Section] = []
    heading: str | None = None
    heading_line = start + 1
    buf: list[str] = []

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
                report.add("body", "text before the first '## ' section heading", i + 1)
        else:
            buf.append(line)
    flush()
    found = {s.heading.lower(): s for s in sections}
    if not sections:
        report.add("body", f"is empty; it needs the sections {', '.join(SECTIONS)}", start + 1)
    else:
        for name in SECTIONS:
            section = found.get(name.lower())
            if section is None:
                report.add("body", f"missing the section '## {name}'", start + 1)
            elif not section.text:
                report.add("body", f"the section '## {name}' is empty", section.line)
    return tuple(sections)
