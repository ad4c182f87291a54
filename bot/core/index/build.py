"""Building the index: incremental (only new chunk content is embedded), one build at a time, committed by
swapping the manifest (see bot.core.index)."""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import faiss
import numpy as np

from bot.core.chunk_store import write_chunks
from bot.core.chunking import Chunk, chunk_document
from bot.core.doc_vectors import DocVectors, write_doc_vectors
from bot.core.embedding import Embedder
from bot.core.errors import IndexUnusableError
from bot.core.index.ann import EXACT_MAX_CHUNKS, IVF, make_vectors, planned_kind, reusable_centroids
from bot.core.index.store import (
    EXACT_VECTORS,
    FORMAT_VERSION,
    KEYWORDS,
    MANIFEST,
    VECTORS,
    LoadedIndex,
    Manifest,
    build_lock,
    clean_generations,
    fsync_dir,
    fsync_file,
    fsync_write,
    load_index,
    read_manifest,
    write_keywords,
)
from bot.core.library import Library
from bot.core.library_snapshot import write_snapshot


@dataclass(kw_only=True, frozen=True)
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


def _commit(
    index_dir: Path,
    chunks: list[Chunk],
    documents: dict[str, dict],
    matrix: np.ndarray,
    model: str,
    *,
    previous: faiss.Index | None,
    exact_max: int,
    library: Library | None = None,
    embed: Callable[[list[str]], np.ndarray] | None = None,
    previous_texts: DocVectors | None = None,
) -> Manifest:
    """Write a new generation from the final vectors, then swap the manifest to it (the commit point)."""
    vectors, index_type, params = make_vectors(
        matrix, exact_max=exact_max, centroids=reusable_centroids(previous, len(matrix))
    )
    generation = f"gen-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
    gen_dir = index_dir / generation
    gen_dir.mkdir()
    faiss.write_index(vectors, str(gen_dir / VECTORS))  # straight to the file: no serialised copy in memory
    fsync_file(gen_dir / VECTORS)
    del vectors
    if index_type == IVF:
        np.save(gen_dir / EXACT_VECTORS, np.ascontiguousarray(matrix, dtype=np.float32))
        fsync_file(gen_dir / EXACT_VECTORS)
    write_chunks(gen_dir, chunks, {doc_id: row for row, doc_id in enumerate(documents)})
    write_keywords(gen_dir / KEYWORDS, chunks)
    # Claims and questions are embedded only with an embedder (and a library to read them from); without, a
    # document's are embedded when it first leads an answer.
    texts = [
        ([c.text for c in library[d].claims], list(library[d].questions)) if library and embed else ([], [])
        for d in documents
    ]
    write_doc_vectors(
        gen_dir, texts, embed or (lambda _: np.zeros((0, matrix.shape[1]))), matrix.shape[1], previous_texts
    )
    if library is not None:
        write_snapshot(gen_dir, library.root, library.documents)
    fsync_dir(gen_dir)
    manifest = Manifest(
        format_version=FORMAT_VERSION,
        model=model,
        dimension=int(matrix.shape[1]),
        generation=generation,
        index_type=index_type,
        chunk_count=len(chunks),
        documents=documents,
        built_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        index_params=params,
    )
    tmp = index_dir / f"{MANIFEST}.tmp-{os.getpid()}"
    fsync_write(tmp, (json.dumps(manifest.__dict__, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))
    os.replace(tmp, index_dir / MANIFEST)  # the commit point
    fsync_dir(index_dir)
    clean_generations(index_dir, keep=generation)
    return manifest


def write_vectors(
    index_dir: str | Path,
    chunks: list[Chunk],
    documents: dict[str, dict],
    matrix: np.ndarray,
    model: str,
    *,
    exact_max: int = EXACT_MAX_CHUNKS,
    library: Library | None = None,
    embed: Callable[[list[str]], np.ndarray] | None = None,
) -> Manifest:
    """Write an index from vectors already computed (benchmarks, tests): same files, choices and commit.

    `documents` is the manifest's map (doc id -> {"hash", "chunks"}); `matrix` holds one unit row per chunk;
    with `library`, its snapshot is saved too, and with `embed` as well its claims' and questions' vectors.
    """
    index_dir = Path(index_dir)
    if len(matrix) != len(chunks):
        raise ValueError(f"{len(matrix)} vectors for {len(chunks)} chunks")
    with build_lock(index_dir):
        previous = None
        try:
            manifest = read_manifest(index_dir)
            if manifest is not None and manifest.index_type == IVF:
                previous = faiss.read_index(str(index_dir / manifest.generation / VECTORS), faiss.IO_FLAG_MMAP)
        except (IndexUnusableError, RuntimeError):
            previous = None
        return _commit(
            index_dir,
            chunks,
            documents,
            matrix,
            model,
            previous=previous,
            exact_max=exact_max,
            library=library,
            embed=embed,
        )


@dataclass(kw_only=True, frozen=True)
class BuildPlan:
    """What a build must do: the library's chunks, and for each the previous index's row holding its vector
    (-1: to embed), with the counts the report gives."""

    chunks: list[Chunk]
    documents: dict[str, dict]  # the manifest's map: doc id -> {"hash", "chunks"}
    previous_row: np.ndarray  # per chunk, the row of its vector in the previous index, or -1 (to embed)
    added: int  # chunks to embed that belong to documents new to the index
    removed: int  # chunks of the previous index no longer in the library
    changed_documents: tuple[str, ...]  # added, edited or removed documents

    @property
    def to_embed(self) -> list[Chunk]:
        return [c for c, row in zip(self.chunks, self.previous_row, strict=True) if row < 0]


def plan_build(library: Library, previous: LoadedIndex | None, model: str) -> BuildPlan:
    """Compare the library with the previous index (if any): a chunk's vector is reused when the same
    content (its id is a hash of it) was embedded by the same model."""
    old_docs = previous.manifest.documents if previous is not None else {}
    old_row: dict[str, int] = {}
    if previous is not None and previous.manifest.model == model:
        old_row = {chunk.id: row for row, chunk in enumerate(previous.chunks)}
    chunks: list[Chunk] = []
    documents: dict[str, dict] = {}
    for doc in library:
        doc_chunks = chunk_document(doc)
        chunks.extend(doc_chunks)
        documents[doc.id] = {"hash": doc.content_hash, "chunks": [c.id for c in doc_chunks]}
    previous_row = np.array([old_row.get(c.id, -1) for c in chunks], dtype=np.int64)
    new_ids = {c.id for c in chunks}
    old_ids = {cid for entry in old_docs.values() for cid in entry["chunks"]}
    return BuildPlan(
        chunks=chunks,
        documents=documents,
        previous_row=previous_row,
        added=sum(1 for c, row in zip(chunks, previous_row, strict=True) if row < 0 and c.doc_id not in old_docs),
        removed=len(old_ids - new_ids),
        changed_documents=tuple(
            sorted(d for d, e in documents.items() if old_docs.get(d, {}).get("hash") != e["hash"])
            + sorted(set(old_docs) - set(documents))
        ),
    )


def build_index(
    library: Library,
    embedder: Embedder,
    index_dir: str | Path,
    *,
    progress: bool = False,
    on_embed: Callable[[int], None] | None = None,
    exact_max: int = EXACT_MAX_CHUNKS,
) -> BuildReport:
    """Bring `index_dir` up to date with `library`, embedding only chunks whose content is new.

    `on_embed(n)` is called with the number of chunks about to be embedded (for messages and tests).
    `exact_max` is the size up to which the index is exact (flat); above it, IVF (see bot.core.index.ann).
    """
    started = time.perf_counter()
    index_dir = Path(index_dir)
    with build_lock(index_dir):
        notes: list[str] = []
        previous: LoadedIndex | None = None
        try:
            previous = load_index(index_dir)
        except IndexUnusableError as exc:
            if (index_dir / MANIFEST).exists():
                notes.append(f"previous index not reused: {exc}")
        if previous is not None and previous.manifest.model != embedder.name:
            notes.append(f"model changed from {previous.manifest.model!r}: every chunk is re-embedded")
        same_model = previous is not None and previous.manifest.model == embedder.name
        plan = plan_build(library, previous, embedder.name)
        chunks, todo = plan.chunks, plan.to_embed
        same_kind = previous is not None and previous.manifest.index_type == planned_kind(len(chunks), exact_max)
        if previous is not None and same_kind and not (todo or plan.removed or plan.changed_documents or notes):
            clean_generations(index_dir, keep=previous.manifest.generation)
            return BuildReport(
                added=0,
                reembedded=0,
                removed=0,
                unchanged=len(chunks),
                documents=len(plan.documents),
                chunks=len(chunks),
                seconds=time.perf_counter() - started,
                wrote=False,
            )

        if on_embed is not None:
            on_embed(len(todo))
        reused = plan.previous_row >= 0
        # With nothing new to embed (an index type change), the model is not even loaded.
        dimension = previous.vectors.d if previous is not None and not todo else embedder.dimension
        matrix = np.zeros((len(chunks), dimension), dtype=np.float32)
        if previous is not None and reused.any():
            matrix[reused] = previous.matrix()[plan.previous_row[reused]]  # bit-for-bit the stored vectors
        if todo:
            matrix[~reused] = embedder.embed([c.embed_text for c in todo], progress=progress)
        _commit(
            index_dir,
            chunks,
            plan.documents,
            matrix,
            embedder.name,
            previous=previous.vectors if previous is not None else None,
            exact_max=exact_max,
            library=library,
            embed=lambda texts: embedder.embed(texts, progress=progress),
            # Claim and question vectors are reused by text, from the same model only.
            previous_texts=previous.doc_vectors if previous is not None and same_model else None,
        )
        return BuildReport(
            added=plan.added,
            reembedded=len(todo) - plan.added,
            removed=plan.removed,
            unchanged=len(chunks) - len(todo),
            documents=len(plan.documents),
            chunks=len(chunks),
            changed_documents=plan.changed_documents,
            seconds=time.perf_counter() - started,
            notes=tuple(notes),
        )
