"""The index on disk: its layout, the manifest, loading a generation, and writing files so a crash cannot
leave a half-written index behind (see bot.core.index)."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import bm25s
import faiss
import numpy as np

from bot.core.chunk_store import CHUNKS, ChunkStore
from bot.core.chunking import Chunk
from bot.core.doc_vectors import DocVectors
from bot.core.errors import IndexUnusableError, PacerError
from bot.core.index.ann import EXACT_BELOW, IVF, exact_search, index_kind, ivf_of, stored_vectors
from bot.core.library import Library
from bot.core.names import tokens

FORMAT_VERSION = 2  # 2: chunk row table, BM25 index, claim and question vectors and library snapshot added
MANIFEST = "manifest.json"
VECTORS = "vectors.faiss"
EXACT_VECTORS = "vectors.npy"
KEYWORDS = "keywords"
FIX = "Run `pacer index` to rebuild it."


@dataclass(kw_only=True, frozen=True)
class Manifest:
    format_version: int
    model: str
    dimension: int
    generation: str
    index_type: str
    chunk_count: int
    documents: dict[str, dict]  # doc id -> {"hash": sha256 of the file, "chunks": [chunk ids]}
    built_at: str
    index_params: dict = field(default_factory=dict)  # how the FAISS index was built and its measured recall

    @property
    def hashes(self) -> dict[str, str]:
        return {doc_id: entry["hash"] for doc_id, entry in self.documents.items()}


@dataclass(kw_only=True)
class LoadedIndex:
    """A generation read into memory: what retrieval searches."""

    manifest: Manifest
    chunks: ChunkStore
    vectors: faiss.Index
    keywords: bm25s.BM25
    doc_vectors: DocVectors
    exact: np.ndarray | None = None  # IVF: the vectors in row order, memory-mapped (None in older generations)

    @property
    def chunk_docs(self) -> np.ndarray:
        """Per chunk row, the row of its document in the manifest's order."""
        return self.chunks.docs

    @property
    def evidence(self) -> np.ndarray:
        """Per chunk row, whether it is a body passage (evidence) rather than a search-only chunk."""
        return self.chunks.evidence

    def keyword_index(self) -> bm25s.BM25:
        return self.keywords

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(similarities, rows) of the k nearest chunks per query; weak approximate matches are re-checked
        exactly (see EXACT_BELOW), so recall holds for questions about nothing in the library too."""
        sims, rows = self.vectors.search(queries, k)
        ivf = ivf_of(self.vectors)
        if ivf is None or not len(sims):
            return sims, rows
        weak = sims[:, 0] < float(self.manifest.index_params.get("exact_below", EXACT_BELOW))
        if weak.any():
            again = np.ascontiguousarray(queries[weak])
            if self.exact is not None:
                sims[weak], rows[weak] = exact_search(self.exact, again, k)
            else:  # a generation written before vectors.npy: FAISS over every cell, three times slower
                # Per call, so other threads keep their nprobe (faiss's type stubs lack the keyword).
                every = faiss.SearchParametersIVF(nprobe=ivf.nlist)  # type: ignore[call-arg]
                sims[weak], rows[weak] = self.vectors.search(again, k, params=every)
        return sims, rows

    def matrix(self) -> np.ndarray:
        """Every stored vector, (chunks, dimension) float32 in chunk order."""
        return np.array(self.exact) if self.exact is not None else stored_vectors(self.vectors)

    def vector_of(self) -> dict[str, np.ndarray]:
        """Chunk id -> stored vector."""
        stored = self.matrix()
        return {chunk.id: stored[row] for row, chunk in enumerate(self.chunks)}


@dataclass(kw_only=True, frozen=True)
class Staleness:
    """How an index differs from the library and configured model; empty when it is current."""

    missing: bool = False
    model_mismatch: str | None = None
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    @property
    def stale(self) -> bool:
        return self.missing or bool(self.model_mismatch or self.added or self.changed or self.removed)

    def describe(self) -> str:
        if self.missing:
            return "there is no index yet."
        parts = []
        if self.model_mismatch:
            parts.append(self.model_mismatch)
        for label, ids in (("new", self.added), ("changed", self.changed), ("removed", self.removed)):
            if ids:
                parts.append(f"{label} in the library since the last build: {', '.join(ids)}")
        return "; ".join(parts) + "." if parts else "the index is up to date."


def read_manifest(index_dir: Path) -> Manifest | None:
    path = index_dir / MANIFEST
    if not path.exists():
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        manifest = Manifest(**raw)
    except (OSError, ValueError, TypeError) as exc:
        raise IndexUnusableError(f"{path} is unreadable or not a Pacer manifest ({exc}). {FIX}") from None
    if manifest.format_version != FORMAT_VERSION:
        raise IndexUnusableError(
            f"{path} has index format {manifest.format_version}; this Pacer reads format {FORMAT_VERSION}. {FIX}"
        )
    return manifest


def load_index(index_dir: str | Path, *, model: str | None = None) -> LoadedIndex:
    """Read the current generation; with `model`, refuse an index built with another model."""
    index_dir = Path(index_dir)
    manifest = read_manifest(index_dir)
    if manifest is None:
        raise IndexUnusableError(f"no index in {index_dir}. Run `pacer index` to build it from the library.")
    if model is not None and manifest.model != model:
        raise IndexUnusableError(
            f"the index in {index_dir} was built with the model {manifest.model!r}, "
            f"but the configuration uses {model!r}. {FIX}"
        )
    gen = index_dir / manifest.generation
    # Memory-mapped: loading is instant and needs no second copy; pages are read as searches touch them.
    flags = faiss.IO_FLAG_MMAP if manifest.index_type == IVF else faiss.IO_FLAG_MMAP_IFC
    try:
        vectors = faiss.read_index(str(gen / VECTORS), flags)
    except (RuntimeError, OSError) as exc:
        reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        raise IndexUnusableError(f"{gen / VECTORS} is missing or corrupt ({reason}). {FIX}") from None
    try:
        chunks = ChunkStore(gen)
    except (OSError, ValueError, KeyError) as exc:
        raise IndexUnusableError(f"{gen / CHUNKS} or its row table is missing or corrupt ({exc}). {FIX}") from None
    try:
        keywords = bm25s.BM25.load(str(gen / KEYWORDS), mmap=True)
    except (OSError, ValueError, KeyError) as exc:
        raise IndexUnusableError(f"{gen / KEYWORDS} is missing or corrupt ({exc}). {FIX}") from None
    expected = sum(len(entry["chunks"]) for entry in manifest.documents.values())
    if not (vectors.ntotal == len(chunks) == manifest.chunk_count == expected) or vectors.d != manifest.dimension:
        raise IndexUnusableError(
            f"the index in {index_dir} is inconsistent: {vectors.ntotal} vectors of dimension {vectors.d}, "
            f"{len(chunks)} chunk records, manifest says {manifest.chunk_count} of dimension {manifest.dimension}. "
            + FIX
        )
    if index_kind(vectors) != manifest.index_type:
        raise IndexUnusableError(
            f"the index in {index_dir} is inconsistent: the manifest says {manifest.index_type!r} but "
            f"{gen / VECTORS} holds {index_kind(vectors)!r}. {FIX}"
        )
    ivf = ivf_of(vectors)
    if ivf is not None and "nprobe" in manifest.index_params:
        ivf.nprobe = int(manifest.index_params["nprobe"])
    exact = _exact_vectors(gen, vectors) if ivf is not None else None
    try:
        doc_vectors = DocVectors(gen)
    except (OSError, ValueError, KeyError) as exc:
        raise IndexUnusableError(
            f"the claim and question vectors in {gen} are missing or corrupt ({exc}). {FIX}"
        ) from None
    if len(doc_vectors.claims_start) != len(manifest.documents) + 1:
        raise IndexUnusableError(f"the claim and question vectors in {gen} do not match its manifest. {FIX}")
    if len(chunks) and int(keywords.scores["num_docs"]) != len(chunks):
        raise IndexUnusableError(
            f"the index in {index_dir} is inconsistent: its keyword index has {keywords.scores['num_docs']} "
            f"chunks, its vectors {len(chunks)}. {FIX}"
        )
    return LoadedIndex(
        manifest=manifest, chunks=chunks, vectors=vectors, keywords=keywords, doc_vectors=doc_vectors, exact=exact
    )


def _exact_vectors(gen: Path, vectors: faiss.Index) -> np.ndarray | None:
    """The generation's row-order copy of its IVF vectors, memory-mapped; None if it predates the file."""
    path = gen / EXACT_VECTORS
    if not path.exists():
        return None
    try:
        exact = np.load(path, mmap_mode="c")  # copy-on-write: writable for torch, never written
    except (OSError, ValueError) as exc:
        raise IndexUnusableError(f"{path} is corrupt ({exc}). {FIX}") from None
    if exact.dtype != np.float32 or exact.shape != (vectors.ntotal, vectors.d):
        raise IndexUnusableError(
            f"{path} holds {exact.shape} {exact.dtype} vectors; the FAISS index holds "
            f"({vectors.ntotal}, {vectors.d}) float32. {FIX}"
        )
    return exact


def generation_dir(index_dir: str | Path) -> Path | None:
    """The folder of the index's current generation (where its library snapshot is), if it has one."""
    try:
        manifest = read_manifest(Path(index_dir))
    except IndexUnusableError:
        return None
    return Path(index_dir) / manifest.generation if manifest is not None else None


def staleness(index_dir: str | Path, library: Library, model: str) -> Staleness:
    """Compare the index's manifest with the library's file hashes and the configured model."""
    manifest = read_manifest(Path(index_dir))
    if manifest is None:
        return Staleness(missing=True)
    mismatch = None
    if manifest.model != model:
        mismatch = f"the index was built with the model {manifest.model!r} but the configuration uses {model!r}"
    old, new = manifest.hashes, library.hashes
    return Staleness(
        model_mismatch=mismatch,
        added=tuple(sorted(set(new) - set(old))),
        changed=tuple(sorted(d for d in set(new) & set(old) if new[d] != old[d])),
        removed=tuple(sorted(set(old) - set(new))),
    )


def write_keywords(folder: Path, chunks: list[Chunk]) -> None:
    """Build and save the BM25 index over the chunks' embedded text (what the keyword search reads)."""
    keywords = bm25s.BM25()
    if chunks:
        keywords.index(tokens([c.embed_text for c in chunks]), show_progress=False)
    else:  # bm25s cannot index nothing; an empty library still gets a loadable, empty keyword index
        keywords.index([[""]], show_progress=False)
    # Each word's postings sorted by chunk (scipy builds them so; retrieval's binary search relies on it).
    scores = keywords.scores
    for t in np.flatnonzero(np.diff(scores["indptr"]) > 1):
        a, b = int(scores["indptr"][t]), int(scores["indptr"][t + 1])
        if np.any(np.diff(scores["indices"][a:b]) <= 0):
            order = np.argsort(scores["indices"][a:b], kind="stable")
            scores["indices"][a:b] = scores["indices"][a:b][order]
            scores["data"][a:b] = scores["data"][a:b][order]
    keywords.save(str(folder))
    for path in folder.iterdir():
        fsync_file(path)
    fsync_dir(folder)


@contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """One build at a time per index folder; a second one fails at once instead of racing."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PacerError(f"another `pacer index` is already building {index_dir}; wait for it to finish") from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def fsync_write(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    fsync_file(path)


def clean_generations(index_dir: Path, keep: str | None) -> None:
    """Remove generations other than `keep` and temporary files left by killed builds."""
    for entry in index_dir.iterdir():
        if entry.name.startswith("gen-") and entry.name != keep:
            shutil.rmtree(entry, ignore_errors=True)
        elif entry.name.startswith(MANIFEST + ".tmp"):
            entry.unlink(missing_ok=True)
