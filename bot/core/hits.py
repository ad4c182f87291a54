"""What retrieval returns, per document: `DocumentHit`s with their passages, in a lazy ranked sequence.

A question's scores live in numpy arrays (`DocumentScores`); `RankedHits` sorts only the documents the search
reached, and only as far as it is read, and builds a hit (and reads its passages from disk) only when asked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol, overload

import numpy as np

from bot.core.chunk_store import ChunkStore
from bot.core.chunking import Chunk

HEAD = 64  # documents ranked up front; the rest are sorted only if something reads that far
PASSAGES = 3  # a document's best-matching body passages kept as its evidence


@dataclass(frozen=True)
class Passage:
    chunk: Chunk
    score: float  # cosine similarity to the question


class LazyPassages(Sequence[Passage]):
    """A hit's passages, read from the chunk store only when something looks at them: most hits are ranked
    and compared, few are cited. Equal to the tuple of the same passages."""

    def __init__(self, read: Callable[[], tuple[Passage, ...]]):
        self._read: Callable[[], tuple[Passage, ...]] | None = read
        self._passages: tuple[Passage, ...] = ()

    def _all(self) -> tuple[Passage, ...]:
        if self._read is not None:
            self._passages, self._read = self._read(), None
        return self._passages

    def __len__(self) -> int:
        return len(self._all())

    def __getitem__(self, i):
        return self._all()[i]

    def __iter__(self) -> Iterator[Passage]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and self._all() == tuple(other)

    def __hash__(self) -> int:
        return hash(self._all())

    def __repr__(self) -> str:
        return repr(self._all())


@dataclass(kw_only=True, frozen=True)
class DocumentHit:
    doc_id: str
    score: float  # the combined score the ranking and the decline decision use
    dense: float  # best chunk's cosine similarity
    keyword: float  # best chunk's BM25 score
    named: bool  # the question names the document's title or one of its aliases
    passages: Sequence[Passage]  # the document's best-matching body passages (its evidence), best first
    retrieved: bool  # reached by the search itself (a FAISS hit, a named alias; BM25 alone in keyword mode)


class Peek(NamedTuple):
    doc_id: str
    score: float
    retrieved: bool


class Hits(Sequence[DocumentHit]):
    """Every document, best first: a sequence that also finds a document's hit by id."""

    __hash__ = None  # type: ignore[assignment]

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Hits)
            and len(self) == len(other)
            and all(a == b for a, b in zip(self, other, strict=True))
        )

    def get(self, doc_id: str) -> DocumentHit | None:
        return next((h for h in self if h.doc_id == doc_id), None)

    def doc_id_at(self, i: int) -> str:
        """The id of the i-th document, without building its hit."""
        return self[i].doc_id

    def peek(self, i: int) -> Peek:
        """The i-th document's id, score and whether the search reached it, without building its hit (its
        passages): enough to decide whether it is cited."""
        hit = self[i]
        return Peek(hit.doc_id, hit.score, hit.retrieved)

    def among(self, doc_ids: Iterable[str]) -> tuple[DocumentHit, ...]:
        """The hits of these documents, best first."""
        wanted = set(doc_ids)
        return tuple(h for h in self if h.doc_id in wanted)

    def moved_first(self, i: int) -> Hits:
        """The same hits with the i-th moved to the front."""
        return ListedHits((self[i], *self[:i], *self[i + 1 :]))

    def _at(self, i: int) -> DocumentHit:
        """The i-th hit, 0 <= i < len (lazy subclasses build it here)."""
        raise NotImplementedError

    @overload
    def __getitem__(self, i: int) -> DocumentHit: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[DocumentHit, ...]: ...
    def __getitem__(self, i: int | slice) -> DocumentHit | tuple[DocumentHit, ...]:
        if isinstance(i, slice):
            return tuple(self._at(k) for k in range(*i.indices(len(self))))
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._at(i)

    def __iter__(self) -> Iterator[DocumentHit]:
        return (self._at(i) for i in range(len(self)))


class ListedHits(Hits):
    """Hits held as a tuple (a filtered retrieval, tests)."""

    def __init__(self, hits: Iterable[DocumentHit] = ()):
        self._hits = tuple(hits)

    def __len__(self) -> int:
        return len(self._hits)

    @overload
    def __getitem__(self, i: int) -> DocumentHit: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[DocumentHit, ...]: ...
    def __getitem__(self, i: int | slice) -> DocumentHit | tuple[DocumentHit, ...]:
        return self._hits[i]

    def __iter__(self) -> Iterator[DocumentHit]:
        return iter(self._hits)

    def __repr__(self) -> str:
        return f"ListedHits({list(self._hits)!r})"


class Rows(Protocol):
    """What hits read of the index they came from (a `Retriever`): documents by row and the chunk store."""

    doc_ids: list[str]  # row -> document id

    def row_of(self, doc_id: str) -> int | None: ...

    def evidence_rows(self, row: int) -> np.ndarray: ...  # a document's body chunk rows

    @property
    def chunks(self) -> ChunkStore: ...


class DocumentScores:
    """One question's scores, per document (numpy arrays) and for the few chunks the search touched."""

    def __init__(self, rows: Rows, mode: str, combined, dense, keyword, named, chunk_dense, chunk_kw):
        self.rows = rows
        self.mode = mode
        self.combined, self.dense, self.keyword, self.named = combined, dense, keyword, named
        self.chunk_dense = chunk_dense  # (rows, similarities): the chunks FAISS returned
        self.chunk_kw = chunk_kw  # (rows, BM25 scores): the chunks keyword scoring touched, rows ascending

    def _chunk_values(self, rows: np.ndarray, touched: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        values = np.zeros(len(rows), dtype=np.float32)
        found, scores = touched
        if len(found):
            at = np.searchsorted(found, rows)
            at[at >= len(found)] = 0
            hit = found[at] == rows
            values[hit] = scores[at[hit]]
        return values

    def peek(self, row: int) -> Peek:
        """A document's id, score and whether the search reached it (the same numbers its hit will hold)."""
        dense, keyword, named = self.dense[row], self.keyword[row], self.named[row]
        retrieved = bool(keyword > 0 if self.mode == "keyword" else dense > 0 or named > 0)
        return Peek(self.rows.doc_ids[row], float(self.combined[row]), retrieved)

    def hit(self, row: int) -> DocumentHit:
        rows = self.rows.evidence_rows(row)
        dense_rows, dense_sims = self.chunk_dense
        order = np.argsort(dense_rows, kind="stable")
        cd = self._chunk_values(rows, (dense_rows[order], dense_sims[order]))
        ck = self._chunk_values(rows, self.chunk_kw)
        best = np.argsort(-cd - ck * 1e-3, kind="stable")[:PASSAGES]
        peek = self.peek(row)
        return DocumentHit(
            doc_id=peek.doc_id,
            score=peek.score,
            dense=float(self.dense[row]),
            keyword=float(self.keyword[row]),
            named=bool(self.named[row] > 0),
            passages=LazyPassages(lambda: tuple(Passage(self.rows.chunks[int(rows[i])], float(cd[i])) for i in best)),
            retrieved=peek.retrieved,
        )


class RankedHits(Hits):
    """Every document in score order (ties in library order), ranked and built only as far as it is read.

    Documents the search did not reach all score 0 and follow in library order, so only the documents it did
    reach are sorted, and of those only the best `HEAD` until something reads past them.
    """

    def __init__(self, scores: DocumentScores):
        self._scores = scores
        combined = scores.combined
        self._reached = np.flatnonzero(combined > 0)
        self._ranked = self._rank(self._reached, HEAD)
        self._complete = len(self._ranked) == len(self._reached)
        self._rest: np.ndarray | None = None  # the documents scoring 0, in library order
        self._built: dict[int, DocumentHit] = {}

    def _rank(self, rows: np.ndarray, head: int | None) -> np.ndarray:
        values = self._scores.combined[rows]
        if head is not None and len(rows) > head:
            # Every document scoring at least the head-th best, ties included, so the order stays exact.
            keep = values >= np.partition(values, len(values) - head)[len(values) - head]
            rows, values = rows[keep], values[keep]
        return rows[np.lexsort((rows, -values))]

    def _row(self, rank: int) -> int:
        if rank >= len(self._ranked) and not self._complete:
            self._ranked, self._complete = self._rank(self._reached, None), True
        if rank < len(self._ranked):
            return int(self._ranked[rank])
        if self._rest is None:
            self._rest = np.flatnonzero(self._scores.combined <= 0)
        return int(self._rest[rank - len(self._ranked)])

    def _hit(self, row: int) -> DocumentHit:
        hit = self._built.get(row)
        if hit is None:
            hit = self._built[row] = self._scores.hit(row)
        return hit

    def __len__(self) -> int:
        return len(self._scores.combined)

    def _at(self, i: int) -> DocumentHit:
        return self._hit(self._row(i))

    def peek(self, i: int) -> Peek:
        if not 0 <= i < len(self):
            raise IndexError(i)
        row = self._row(i)
        hit = self._built.get(row)
        return Peek(hit.doc_id, hit.score, hit.retrieved) if hit is not None else self._scores.peek(row)

    def doc_id_at(self, i: int) -> str:
        return self._scores.rows.doc_ids[self._row(i)]

    def get(self, doc_id: str) -> DocumentHit | None:
        row = self._scores.rows.row_of(doc_id)
        return None if row is None else self._hit(row)

    def rank_of(self, row: int) -> int:
        combined = self._scores.combined
        value = combined[row]
        if value <= 0:
            return len(self._reached) + int(np.count_nonzero(combined[:row] <= 0))
        return int(np.count_nonzero(combined > value) + np.count_nonzero(combined[:row] == value))

    def among(self, doc_ids: Iterable[str]) -> tuple[DocumentHit, ...]:
        row_of = self._scores.rows.row_of
        rows = {row for d in doc_ids if (row := row_of(d)) is not None}
        return tuple(self._hit(row) for row in sorted(rows, key=self.rank_of))

    def moved_first(self, i: int) -> Hits:
        return _Moved(self, i)

    def __repr__(self) -> str:
        return f"RankedHits({len(self)} documents, best {self[0].doc_id if len(self) else None!r})"


class _Moved(Hits):
    """Ranked hits with the i-th moved to the front, without building the rest."""

    def __init__(self, base: Hits, moved: int):
        self._base, self._moved = base, moved

    def __len__(self) -> int:
        return len(self._base)

    def _source(self, k: int) -> int:
        return self._moved if k == 0 else k - 1 if k <= self._moved else k

    def _at(self, i: int) -> DocumentHit:
        return self._base[self._source(i)]

    def peek(self, i: int) -> Peek:
        return self._base.peek(self._source(i))

    def doc_id_at(self, i: int) -> str:
        return self._base.doc_id_at(self._source(i))

    def get(self, doc_id: str) -> DocumentHit | None:
        return self._base.get(doc_id)

    def among(self, doc_ids: Iterable[str]) -> tuple[DocumentHit, ...]:
        hits = self._base.among(doc_ids)
        first = self._base[self._moved]
        return (first, *(h for h in hits if h.doc_id != first.doc_id)) if first in hits else hits
