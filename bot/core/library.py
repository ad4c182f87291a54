"""The library: a folder of Markdown summaries with YAML front matter, loaded and validated into `Document`s.

Validation collects every problem in every file (with file, line and field) instead of stopping at the
first, so a curator can fix a whole batch in one pass. One file is checked by bot.core.library_file; what
a summary holds is declared in bot.core.document; this module checks what spans files (unique ids,
references between summaries) and reuses the index's snapshot for files unchanged since the last build.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.core.document import REFERENCE_FIELDS, Document
from bot.core.errors import PacerError
from bot.core.library_file import FIRST_FIELD_LINE, Problem, check_summary
from bot.core.library_snapshot import CATALOGUE, Documents, Entry, Snapshot


class LibraryError(PacerError):
    """The library has problems; `problems` lists all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"the library has {len(problems)} problem(s):\n{lines}")


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

    def __iter__(self) -> Iterator[Document]:
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
        return {name: getattr(entry, name) for name in REFERENCE_FIELDS}


def library_files(root: Path) -> list[Path]:
    """The summary files under `root`: every `*.md` but READMEs, in a stable order."""
    return sorted(p for p in root.rglob("*.md") if p.name.lower() != "readme.md")


def library_stamp(root: Path) -> tuple:
    """The summary files under `root` with their sizes and modification times (empty if unreadable)."""
    try:
        return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in library_files(root))
    except OSError:
        return ()


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
        problems.append(Problem(path=root, line=0, field="", message="the library folder does not exist"))
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
            doc, report = check_summary(path, root, shown)
            problems.extend(report.problems)
            if doc is None:
                continue
            doc_id, lines = doc.id, report.lines
        if doc_id in first_seen:
            problems.append(
                Problem(
                    path=shown,
                    line=lines.get("id", FIRST_FIELD_LINE),
                    field="id",
                    message=f"{doc_id!r} is also used by {first_seen[doc_id]}",
                )
            )
            continue
        if lines and doc is not None:  # parsed now (not from the snapshot)
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
                field_lines[doc_id] = check_summary(path, root, shown)[1].lines
            for ref, message in bad:
                line = field_lines[doc_id].get(name, FIRST_FIELD_LINE)
                text = f"{ref!r} {message}" if message.startswith("is") else message
                problems.append(Problem(path=shown, line=line, field=name, message=text))
    if not order and not problems:
        problems.append(
            Problem(path=root, line=0, field="", message="the library folder has no summaries (*.md files)")
        )
    problems.sort(key=lambda p: (str(p.path), p.line))
    return library, problems


def load_library(root: str | Path, snapshot: Path | None = None) -> Library:
    """Load the library, or raise `LibraryError` listing every problem; see `scan_library` for `snapshot`."""
    library, problems = scan_library(root, snapshot)
    if problems:
        raise LibraryError(problems)
    return library
