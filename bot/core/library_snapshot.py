"""The parsed library, saved with each index generation, so start-up does not parse every file again.

Reading and validating the YAML of a large library is the slowest part of starting Pacer (minutes at a
hundred thousand summaries). The index build has already parsed and validated every file, so it saves the
result beside the vectors: a catalogue (per file: its path, size, modification time, hash, title, aliases
and references) and each document pickled on its own. At start-up a file whose size and modification time
match its catalogue entry is taken from the snapshot, read only when a question needs it; any other file is
parsed and checked as usual, so an edited library costs only its edits. Library-wide checks (duplicate ids,
references between summaries) are run again over the catalogue either way.

The snapshot is written by Pacer itself and trusted like the index next to it; never load one from
elsewhere (it is pickle).
"""

from __future__ import annotations

import hashlib
import mmap
import os
import pickle
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

CATALOGUE = "library.catalogue"
DOCUMENTS = "library.documents"
SNAPSHOT_VERSION = 2
CACHE = 4096  # documents kept unpickled (the ones answers read again and again)


@dataclass(kw_only=True, frozen=True)
class Entry:
    """What the snapshot knows of one file without reading its document."""

    path: str  # relative to the library root
    size: int
    mtime_ns: int
    content_hash: str
    title: str
    topic: str
    aliases: tuple[str, ...]
    studies: tuple[str, ...]
    disagrees_with: tuple[str, ...]
    offset: int
    length: int


def write_snapshot(folder: Path, root: Path, documents: Mapping) -> None:
    """Save `documents` (id -> Document, validated) into `folder`."""
    entries: dict[str, Entry] = {}
    with open(folder / DOCUMENTS, "wb") as fh:
        offset = 0
        for doc_id, doc in documents.items():
            blob = pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL)
            fh.write(blob)
            # The file's size and time are recorded only if it still holds what was parsed: an edit made while
            # the index was building must not look unchanged later (-1 never matches, so it is parsed again).
            stat = doc.path.stat()
            same = hashlib.sha256(doc.path.read_bytes()).hexdigest() == doc.content_hash
            entries[doc_id] = Entry(
                path=str(doc.path.relative_to(root)),
                size=stat.st_size,
                mtime_ns=stat.st_mtime_ns if same else -1,
                content_hash=doc.content_hash,
                title=doc.title,
                topic=doc.topic,
                aliases=doc.aliases,
                studies=doc.studies,
                disagrees_with=doc.disagrees_with,
                offset=offset,
                length=len(blob),
            )
            offset += len(blob)
        fh.flush()
        os.fsync(fh.fileno())
    with open(folder / CATALOGUE, "wb") as fh:
        pickle.dump({"version": SNAPSHOT_VERSION, "entries": entries}, fh, protocol=pickle.HIGHEST_PROTOCOL)
        fh.flush()
        os.fsync(fh.fileno())


class Snapshot:
    """A saved library: its catalogue, and its documents read on demand."""

    def __init__(self, folder: Path):
        with open(folder / CATALOGUE, "rb") as fh:
            raw = pickle.load(fh)
        if raw.get("version") != SNAPSHOT_VERSION:
            raise ValueError(f"snapshot version {raw.get('version')}, expected {SNAPSHOT_VERSION}")
        self.entries: dict[str, Entry] = raw["entries"]
        self.by_path = {entry.path: doc_id for doc_id, entry in self.entries.items()}
        with open(folder / DOCUMENTS, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            self._map = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) if size else b""

    def unchanged(self, rel_path: str, path: Path) -> str | None:
        """The id of the saved document for this file, when its size and modification time are as saved."""
        doc_id = self.by_path.get(rel_path)
        if doc_id is None:
            return None
        entry = self.entries[doc_id]
        try:
            stat = path.stat()
        except OSError:
            return None
        return doc_id if (stat.st_size, stat.st_mtime_ns) == (entry.size, entry.mtime_ns) else None

    def document(self, doc_id: str):
        entry = self.entries[doc_id]
        return pickle.loads(self._map[entry.offset : entry.offset + entry.length])


class Documents(Mapping):
    """id -> Document, in library order: parsed documents held, saved ones unpickled when first read."""

    def __init__(self, order: list[str], parsed: dict, snapshot: Snapshot | None, root: Path):
        self._order = order
        self._index = set(order)
        self._parsed = parsed
        self._snapshot = snapshot
        self._root = root
        self._cache: OrderedDict[str, object] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._order)

    def __iter__(self) -> Iterator[str]:
        return iter(self._order)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._index

    def __getitem__(self, doc_id: str):
        doc = self._parsed.get(doc_id)
        if doc is not None:
            return doc
        if doc_id not in self._index or self._snapshot is None:
            raise KeyError(doc_id)
        with self._lock:  # the bot answers on several threads; they share this cache
            doc = self._cache.get(doc_id)
            if doc is not None:
                self._cache.move_to_end(doc_id)
                return doc
        doc = self._snapshot.document(doc_id)
        # Paths are saved relative to the library root, so a moved library still reads.
        object.__setattr__(doc, "path", self._root / self._snapshot.entries[doc_id].path)
        with self._lock:
            self._cache[doc_id] = doc
            while len(self._cache) > CACHE:
                self._cache.popitem(last=False)
        return doc

    def entry(self, doc_id: str) -> Entry | None:
        """The snapshot's catalogue entry of a saved (not re-parsed) document."""
        if doc_id in self._parsed or self._snapshot is None:
            return None
        return self._snapshot.entries.get(doc_id)
