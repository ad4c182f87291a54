"""The index's chunks on disk, read on demand: one JSON line per chunk, found through a byte-offset table.

A library of a million chunks holds about a gigabyte of passage text. Keeping it as Python objects would
cost several times that in memory for the few passages an answer shows, so the file is memory-mapped and a
chunk is parsed only when it is read. What retrieval needs for every chunk (its document and whether it is
evidence) is kept beside it as numpy arrays.
"""

from __future__ import annotations

import json
import mmap
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import overload

import numpy as np

from bot.core.chunking import SEARCH_ONLY, Chunk

CHUNKS = "chunks.jsonl"
ROWS = "rows.npz"  # per chunk: its byte offset, document row and whether it is evidence


def write_chunks(folder: Path, chunks: Sequence[Chunk], doc_row: dict[str, int]) -> None:
    """Write `chunks.jsonl` and its row table into `folder` (fsynced: a generation is committed after)."""
    offsets = np.zeros(len(chunks) + 1, dtype=np.int64)
    with open(folder / CHUNKS, "wb") as fh:
        for i, chunk in enumerate(chunks):
            line = (json.dumps(chunk.__dict__, ensure_ascii=False) + "\n").encode("utf-8")
            fh.write(line)
            offsets[i + 1] = offsets[i] + len(line)
        fh.flush()
        os.fsync(fh.fileno())
    docs = np.array([doc_row[c.doc_id] for c in chunks], dtype=np.int32)
    evidence = np.array([c.section not in SEARCH_ONLY for c in chunks], dtype=bool)
    with open(folder / ROWS, "wb") as fh:
        np.savez(fh, offsets=offsets, docs=docs, evidence=evidence)
        fh.flush()
        os.fsync(fh.fileno())


class ChunkStore(Sequence[Chunk]):
    """The chunks of one generation, in FAISS row order; `docs` and `evidence` are per-row arrays."""

    def __init__(self, folder: Path):
        with np.load(folder / ROWS) as rows:
            self.offsets: np.ndarray = rows["offsets"]
            self.docs: np.ndarray = rows["docs"]
            self.evidence: np.ndarray = rows["evidence"]
        if not (len(self.offsets) - 1 == len(self.docs) == len(self.evidence)):
            raise ValueError(f"{folder / ROWS} has tables of different lengths")
        path = folder / CHUNKS
        size = path.stat().st_size
        if size != int(self.offsets[-1]):
            raise ValueError(f"{path} is {size} bytes but its row table says {int(self.offsets[-1])}")
        with open(path, "rb") as fh:
            self._map = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) if size else b""

    def __len__(self) -> int:
        return len(self.docs)

    def _read(self, row: int) -> Chunk:
        line = self._map[int(self.offsets[row]) : int(self.offsets[row + 1])]
        return Chunk(**json.loads(line))

    @overload
    def __getitem__(self, i: int) -> Chunk: ...
    @overload
    def __getitem__(self, i: slice) -> list[Chunk]: ...
    def __getitem__(self, i: int | slice) -> Chunk | list[Chunk]:
        if isinstance(i, slice):
            return [self._read(r) for r in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._read(i)

    def __iter__(self) -> Iterator[Chunk]:
        return (self._read(r) for r in range(len(self)))

    def find(self, chunk_ids: set[str], doc_rows: Sequence[int]) -> dict[str, Chunk]:
        """The chunks with these ids among the given documents' chunks (ids are not indexed: a document's
        chunks are read to find them, which is what "Show passages" needs for the few documents it cites)."""
        found: dict[str, Chunk] = {}
        for row in np.flatnonzero(np.isin(self.docs, np.asarray(list(doc_rows), dtype=np.int32))):
            chunk = self._read(int(row))
            if chunk.id in chunk_ids:
                found[chunk.id] = chunk
        return found
