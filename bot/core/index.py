"""The on-disk index: FAISS vectors, chunk metadata and a manifest, built incrementally and swapped atomically.

Layout of `index/`:
    manifest.json         format version, model, dimension, generation, per-document hashes and chunk ids
    gen-<id>/vectors.faiss   the FAISS index (inner product over unit vectors = cosine)
    gen-<id>/chunks.jsonl    one chunk per line, in FAISS row order

A build writes a new generation folder, then replaces `manifest.json` in one `os.replace`: the manifest
is the only pointer, so a build killed at any moment leaves the previous generation loadable. Leftover
generations and temporary files are removed by the next build.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import faiss
import numpy as np

from bot.core.chunking import Chunk, chunk_document
from bot.core.embedding import Embedder
from bot.core.errors import IndexUnusableError, PacerError
from bot.core.library import Library

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
VECTORS = "vectors.faiss"
CHUNKS = "chunks.jsonl"
_FIX = "Run `pacer index` to rebuild it."


@dataclass(frozen=True)
class Manifest:
    format_version: int
    model: str
    dimension: int
    generation: str
    index_type: str
    chunk_count: int
    documents: dict[str, dict]  # doc id -> {"hash": sha256 of the file, "chunks": [chunk ids]}
    built_at: str

    @property
    def hashes(self) -> dict[str, str]:
        return {doc_id: entry["hash"] for doc_id, entry in self.documents.items()}


@dataclass
class LoadedIndex:
    """A generation read into memory: what retrieval searches."""

    manifest: Manifest
    chunks: list[Chunk]
    vectors: faiss.Index

    def vector_of(self) -> dict[str, np.ndarray]:
        """Chunk id -> stored vector, for reuse by the next build."""
        stored = self.vectors.reconstruct_n(0, self.vectors.ntotal)
        return {chunk.id: stored[row] for row, chunk in enumerate(self.chunks)}


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class BuildReport:
    """What a build did, in chunks, and which documents it touched."""

    added: int
    reembedded: int
    removed: int
    unchanged: int
    documents: int
    chunks: int
    changed_documents: tuple[str, ...] = ()
    seconds: float = 0.0
    wrote: bool = True
    notes: tuple[str, ...] = field(default_factory=tuple)

    def summary(self) -> str:
        counts = (
            f"added {self.added}, re-embedded {self.reembedded}, removed {self.removed}, "
            f"unchanged {self.unchanged} chunks"
        )
        state = "index written" if self.wrote else "index already up to date"
        return f"{state}: {self.documents} documents, {self.chunks} chunks ({counts}) in {self.seconds:.1f} s"


def _read_manifest(index_dir: Path) -> Manifest | None:
    path = index_dir / MANIFEST
    if not path.exists():
        return None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        manifest = Manifest(**raw)
    except (OSError, ValueError, TypeError) as exc:
        raise IndexUnusableError(f"{path} is unreadable or not a Pacer manifest ({exc}). {_FIX}") from None
    if manifest.format_version != FORMAT_VERSION:
        raise IndexUnusableError(
            f"{path} has index format {manifest.format_version}; this Pacer reads format {FORMAT_VERSION}. {_FIX}"
        )
    return manifest


def load_index(index_dir: str | Path, *, model: str | None = None) -> LoadedIndex:
    """Read the current generation; with `model`, refuse an index built with another model."""
    index_dir = Path(index_dir)
    manifest = _read_manifest(index_dir)
    if manifest is None:
        raise IndexUnusableError(f"no index in {index_dir}. Run `pacer index` to build it from the library.")
    if model is not None and manifest.model != model:
        raise IndexUnusableError(
            f"the index in {index_dir} was built with the model {manifest.model!r}, "
            f"but the configuration uses {model!r}. {_FIX}"
        )
    gen = index_dir / manifest.generation
    try:
        vectors = faiss.read_index(str(gen / VECTORS))
    except (RuntimeError, OSError) as exc:
        reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        raise IndexUnusableError(f"{gen / VECTORS} is missing or corrupt ({reason}). {_FIX}") from None
    try:
        with open(gen / CHUNKS, encoding="utf-8") as fh:
            chunks = [Chunk(**json.loads(line)) for line in fh if line.strip()]
    except (OSError, ValueError, TypeError) as exc:
        raise IndexUnusableError(f"{gen / CHUNKS} is missing or corrupt ({exc}). {_FIX}") from None
    expected = sum(len(entry["chunks"]) for entry in manifest.documents.values())
    if not (vectors.ntotal == len(chunks) == manifest.chunk_count == expected) or vectors.d != manifest.dimension:
        raise IndexUnusableError(
            f"the index in {index_dir} is inconsistent: {vectors.ntotal} vectors of dimension {vectors.d}, "
            f"{len(chunks)} chunk records, manifest says {manifest.chunk_count} of dimension {manifest.dimension}. "
            + _FIX
        )
    return LoadedIndex(manifest, chunks, vectors)


def staleness(index_dir: str | Path, library: Library, model: str) -> Staleness:
    """Compare the index's manifest with the library's file hashes and the configured model."""
    manifest = _read_manifest(Path(index_dir))
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


@contextmanager
def _build_lock(index_dir: Path) -> Iterator[None]:
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


def _fsync_write(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _clean(index_dir: Path, keep: str | None) -> None:
    """Remove generations other than `keep` and temporary files left by killed builds."""
    for entry in index_dir.iterdir():
        if entry.name.startswith("gen-") and entry.name != keep:
            shutil.rmtree(entry, ignore_errors=True)
        elif entry.name.startswith(MANIFEST + ".tmp"):
            entry.unlink(missing_ok=True)


def build_index(
    library: Library,
    embedder: Embedder,
    index_dir: str | Path,
    *,
    progress: bool = False,
    on_embed: Callable[[int], None] | None = None,
) -> BuildReport:
    """Bring `index_dir` up to date with `library`, embedding only chunks whose content is new.

    `on_embed(n)` is called with the number of chunks about to be embedded (for messages and tests).
    """
    started = time.perf_counter()
    index_dir = Path(index_dir)
    with _build_lock(index_dir):
        notes: list[str] = []
        previous: LoadedIndex | None = None
        try:
            previous = load_index(index_dir)
        except IndexUnusableError as exc:
            if (index_dir / MANIFEST).exists():
                notes.append(f"previous index not reused: {exc}")
        reusable: dict[str, np.ndarray] = {}
        old_docs: dict[str, dict] = {}
        if previous is not None:
            old_docs = previous.manifest.documents
            if previous.manifest.model == embedder.name:
                reusable = previous.vector_of()
            else:
                notes.append(f"model changed from {previous.manifest.model!r}: every chunk is re-embedded")

        chunks: list[Chunk] = []
        documents: dict[str, dict] = {}
        for doc in library:
            doc_chunks = chunk_document(doc)
            chunks.extend(doc_chunks)
            documents[doc.id] = {"hash": doc.content_hash, "chunks": [c.id for c in doc_chunks]}

        todo = [c for c in chunks if c.id not in reusable]
        added = sum(1 for c in todo if c.doc_id not in old_docs)
        new_ids = {c.id for c in chunks}
        old_ids = {cid for entry in old_docs.values() for cid in entry["chunks"]}
        removed = len(old_ids - new_ids)
        changed_docs = tuple(
            sorted(d for d, e in documents.items() if old_docs.get(d, {}).get("hash") != e["hash"])
            + sorted(set(old_docs) - set(documents))
        )
        if previous is not None and not todo and not removed and not changed_docs and not notes:
            _clean(index_dir, keep=previous.manifest.generation)
            return BuildReport(
                0,
                0,
                0,
                len(chunks),
                len(documents),
                len(chunks),
                seconds=time.perf_counter() - started,
                wrote=False,
            )

        if on_embed is not None:
            on_embed(len(todo))
        fresh = embedder.embed([c.embed_text for c in todo], progress=progress)
        fresh_of = {c.id: fresh[i] for i, c in enumerate(todo)}
        dimension = embedder.dimension
        matrix = np.zeros((len(chunks), dimension), dtype=np.float32)
        for row, chunk in enumerate(chunks):
            matrix[row] = fresh_of[chunk.id] if chunk.id in fresh_of else reusable[chunk.id]
        vectors = faiss.IndexFlatIP(dimension)
        vectors.add(matrix)

        generation = f"gen-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
        gen_dir = index_dir / generation
        gen_dir.mkdir()
        _fsync_write(gen_dir / VECTORS, faiss.serialize_index(vectors).tobytes())
        lines = "".join(json.dumps(c.__dict__, ensure_ascii=False) + "\n" for c in chunks)
        _fsync_write(gen_dir / CHUNKS, lines.encode("utf-8"))
        _fsync_dir(gen_dir)
        manifest = Manifest(
            format_version=FORMAT_VERSION,
            model=embedder.name,
            dimension=dimension,
            generation=generation,
            index_type="flat-ip",
            chunk_count=len(chunks),
            documents=documents,
            built_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        )
        tmp = index_dir / f"{MANIFEST}.tmp-{os.getpid()}"
        _fsync_write(tmp, (json.dumps(manifest.__dict__, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))
        os.replace(tmp, index_dir / MANIFEST)  # the commit point
        _fsync_dir(index_dir)
        _clean(index_dir, keep=generation)
        return BuildReport(
            added=added,
            reembedded=len(todo) - added,
            removed=removed,
            unchanged=len(chunks) - len(todo),
            documents=len(documents),
            chunks=len(chunks),
            changed_documents=changed_docs,
            seconds=time.perf_counter() - started,
            notes=tuple(notes),
        )
