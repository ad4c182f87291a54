"""The on-disk index: FAISS vectors, chunk metadata and a manifest, built incrementally and swapped atomically.

Layout of `index/`:
    manifest.json         format version, model, dimension, generation, index type and its parameters,
                          per-document hashes and chunk ids
    gen-<id>/vectors.faiss   the FAISS index (inner product over unit vectors = cosine)
    gen-<id>/vectors.npy     IVF only: the same vectors in row order, for the exact re-check of weak matches
    gen-<id>/chunks.jsonl    one chunk per line, in FAISS row order, read on demand (bot.core.chunk_store)
    gen-<id>/rows.npz        per chunk: byte offset in chunks.jsonl, document row, whether it is evidence
    gen-<id>/keywords/       the BM25 index (bm25s), memory-mapped when loaded
    gen-<id>/doc_vectors.*   each document's claims and questions, embedded (bot.core.doc_vectors)
    gen-<id>/library.*       the parsed library (bot.core.library_snapshot): start-up skips unchanged files

The index type follows the size of the library: exact search (`flat-ip`) up to `EXACT_MAX_CHUNKS`
chunks, where one query costs well under the embedding of the question; above that an inverted-file
index (`ivf-flat-ip`: k-means cells, the vectors stored unquantised) whose `nprobe` is chosen at build
time as the smallest that reaches `RECALL_TARGET` recall@10 against exact search on calibration queries.
The chosen parameters and the measured recall are recorded in the manifest. Vectors are memory-mapped
when loaded, so loading needs no second copy of the index in memory and costs only what is read.

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

import bm25s
import faiss
import numpy as np

from bot.core.chunk_store import CHUNKS, ChunkStore, write_chunks
from bot.core.chunking import Chunk, chunk_document
from bot.core.doc_vectors import DocVectors, write_doc_vectors
from bot.core.embedding import Embedder
from bot.core.errors import IndexUnusableError, PacerError
from bot.core.library import Library
from bot.core.library_snapshot import write_snapshot
from bot.core.names import tokens

FORMAT_VERSION = 2  # 2: chunk row table, BM25 index, claim and question vectors and library snapshot added
MANIFEST = "manifest.json"
VECTORS = "vectors.faiss"
EXACT_VECTORS = "vectors.npy"
KEYWORDS = "keywords"
_FIX = "Run `pacer index` to rebuild it."

FLAT = "flat-ip"
IVF = "ivf-flat-ip"
EXACT_MAX_CHUNKS = 20_000  # exact search up to here: one query scans 30 MB, about a millisecond on 2 cores
RECALL_TARGET = 0.98  # nprobe is raised until calibration recall@10 reaches this (the bar is 0.95)
RECALL_K = 10
CALIBRATION_QUERIES = 256
TRAIN_POINTS_PER_CELL = 40  # k-means training sample per cell (FAISS wants at least 39)
# An approximate search whose best match is below this cosine is searched again over every cell (exactly):
# such a question is about nothing in the library, its true neighbours are spread thinly over all cells,
# and the few cells an IVF search visits miss most of them. Questions the library covers score far above.
# The re-check multiplies the question with a row-order copy of the vectors (see exact_search): about
# 10 ms at 100k chunks, where FAISS scanning all its cells for one question takes about 30.
EXACT_BELOW = 0.5


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
    index_params: dict = field(default_factory=dict)  # how the FAISS index was built and its measured recall

    @property
    def hashes(self) -> dict[str, str]:
        return {doc_id: entry["hash"] for doc_id, entry in self.documents.items()}


@dataclass
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
        ivf = _ivf(self.vectors)
        if ivf is None or not len(sims):
            return sims, rows
        weak = sims[:, 0] < float(self.manifest.index_params.get("exact_below", EXACT_BELOW))
        if weak.any():
            again = np.ascontiguousarray(queries[weak])
            if self.exact is not None:
                sims[weak], rows[weak] = exact_search(self.exact, again, k)
            else:  # a generation written before vectors.npy: FAISS over every cell, three times slower
                every = faiss.SearchParametersIVF(nprobe=ivf.nlist)  # per call: other threads keep their nprobe
                sims[weak], rows[weak] = self.vectors.search(again, k, params=every)
        return sims, rows

    def matrix(self) -> np.ndarray:
        """Every stored vector, (chunks, dimension) float32 in chunk order."""
        return np.array(self.exact) if self.exact is not None else stored_vectors(self.vectors)

    def vector_of(self) -> dict[str, np.ndarray]:
        """Chunk id -> stored vector."""
        stored = self.matrix()
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


def _ivf(index: faiss.Index) -> faiss.IndexIVF | None:
    try:
        return faiss.extract_index_ivf(index)
    except RuntimeError:
        return None


def index_kind(index: faiss.Index) -> str:
    """The manifest's name for a FAISS index object."""
    return IVF if _ivf(index) is not None else FLAT


def stored_vectors(index: faiss.Index) -> np.ndarray:
    """Every vector of a flat or IVF-flat index, (ntotal, d) float32 in row (id) order."""
    ivf = _ivf(index)
    if ivf is not None and ivf.direct_map.type == faiss.DirectMap.NoMap:
        ivf.make_direct_map()  # in memory only; the file is untouched
    if index.ntotal == 0:
        return np.zeros((0, index.d), dtype=np.float32)
    return index.reconstruct_n(0, index.ntotal)


def plan_cells(n: int) -> int:
    """IVF cells for `n` vectors: the power of two nearest 4·√n (4096 at a million), at least 39 vectors per cell."""
    cells = 2 ** round(np.log2(max(4 * np.sqrt(n), 1)))
    return int(max(1, min(cells, n // 39)))


def planned_kind(n: int, exact_max: int = EXACT_MAX_CHUNKS) -> str:
    """The index type a build of `n` chunks gets."""
    return FLAT if n <= exact_max or plan_cells(n) < 2 else IVF


def calibration_queries(matrix: np.ndarray, count: int = CALIBRATION_QUERIES, seed: int = 0) -> np.ndarray:
    """Question-like queries drawn from the data itself.

    A question is close to one passage, closer still to what its document says overall, and partly about
    nothing in the library. So each query mixes a stored vector, the centroid of its 10 nearest stored
    vectors, and noise (0.43, 0.33, 0.63): on the real library's statistics that puts the best match at
    cosine ≈ 0.73 and the 10th at ≈ 0.52, as the evaluation questions are (see benchmarks/synthetic.py).
    """
    rng = np.random.default_rng(seed)
    rows = np.sort(rng.choice(len(matrix), min(count, len(matrix)), replace=False))
    own = matrix[rows]
    near = matrix[exact_neighbours(matrix, own)].mean(axis=1)
    near /= np.linalg.norm(near, axis=1, keepdims=True)
    noise = rng.standard_normal(own.shape, dtype=np.float32)
    noise /= np.linalg.norm(noise, axis=1, keepdims=True)
    queries = 0.43 * own + 0.33 * near + 0.63 * noise
    return np.ascontiguousarray(queries / np.linalg.norm(queries, axis=1, keepdims=True), dtype=np.float32)


def exact_search(matrix: np.ndarray, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(similarities, rows) of the exact `k` best rows per query, best first, as FAISS returns them (rows
    past the matrix's end are -1): for a few queries against a large matrix.

    FAISS's exhaustive search gives one query one thread. numpy's BLAS would use both cores but leaves its
    threads spinning after the call, slowing the next question's embedding several-fold; torch runs on the
    model's own thread pool (about 10 ms at 100k chunks, on 2 cores).
    """
    import torch  # already loaded by the embedding model

    n = len(matrix)
    sims = np.full((len(queries), k), -np.finfo(np.float32).max, dtype=np.float32)
    rows = np.full((len(queries), k), -1, dtype=np.int64)
    take = min(k, n)
    if take == 0:
        return sims, rows
    with torch.inference_mode():
        scores = torch.from_numpy(np.ascontiguousarray(queries, dtype=np.float32)) @ torch.from_numpy(matrix).T
        best, found = torch.topk(scores, take, dim=1)
    for q, (got, at) in enumerate(zip(best.numpy(), found.numpy(), strict=True)):
        order = np.lexsort((at, -got))  # equal scores by row, as FAISS breaks ties
        sims[q, :take], rows[q, :take] = got[order], at[order]
    return sims, rows


def exact_neighbours(matrix: np.ndarray, queries: np.ndarray, k: int = RECALL_K) -> np.ndarray:
    """Row ids of the exact `k` nearest rows by inner product, without building an index."""
    return faiss.knn(queries, matrix, min(k, len(matrix)), metric=faiss.METRIC_INNER_PRODUCT)[1]


def recall_at_k(index: faiss.Index, queries: np.ndarray, truth: np.ndarray) -> float:
    """Share of the exact top-k that `index` also returns in its top-k, averaged over queries."""
    k = truth.shape[1]
    found = index.search(queries, k)[1]
    return float(np.mean([len(set(f) & set(t)) / k for f, t in zip(found, truth, strict=True)]))


def make_vectors(
    matrix: np.ndarray,
    *,
    exact_max: int = EXACT_MAX_CHUNKS,
    recall_target: float = RECALL_TARGET,
    centroids: np.ndarray | None = None,
    seed: int = 0,
) -> tuple[faiss.Index, str, dict]:
    """The FAISS index for these unit vectors, its manifest type, and its parameters (with measured recall).

    `centroids` (from the previous generation, same cell count) skips k-means training; nprobe is chosen
    again either way, so stale cells cost probes, never recall.
    """
    n, dimension = matrix.shape
    cells = plan_cells(n)
    params: dict = {"metric": "inner_product", "exact_max": exact_max}
    if planned_kind(n, exact_max) == FLAT:
        vectors = faiss.IndexFlatIP(dimension)
        vectors.add(matrix)
        return vectors, FLAT, params | {"recall_at_10": 1.0}

    vectors = faiss.index_factory(dimension, f"IVF{cells},Flat", faiss.METRIC_INNER_PRODUCT)
    ivf = faiss.extract_index_ivf(vectors)
    started = time.perf_counter()
    if centroids is not None and centroids.shape == (cells, dimension):
        ivf.quantizer.add(np.ascontiguousarray(centroids, dtype=np.float32))
        ivf.is_trained = True
        params["centroids"] = "reused from the previous generation"
        params["train_points"] = 0
    else:
        rng = np.random.default_rng(seed)
        sample = min(n, cells * TRAIN_POINTS_PER_CELL)
        rows = np.sort(rng.choice(n, sample, replace=False)) if sample < n else slice(None)
        ivf.cp.seed = seed
        vectors.train(np.ascontiguousarray(matrix[rows]))
        params["centroids"] = "trained"
        params["train_points"] = sample
    params["train_seconds"] = round(time.perf_counter() - started, 2)
    vectors.add(matrix)

    queries = calibration_queries(matrix, seed=seed + 1)
    truth = exact_neighbours(matrix, queries)
    nprobe, recall = 1, 0.0
    while True:
        ivf.nprobe = nprobe
        recall = recall_at_k(vectors, queries, truth)
        if recall >= recall_target or nprobe >= cells:
            break
        nprobe = min(nprobe * 2, cells)
    return (
        vectors,
        IVF,
        params
        | {
            "nlist": cells,
            "nprobe": nprobe,
            "exact_below": EXACT_BELOW,
            "recall_at_10": round(recall, 4),
            "recall_target": recall_target,
            "recall_queries": len(queries),
            "seed": seed,
        },
    )


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
    # Memory-mapped: loading is instant and needs no second copy; pages are read as searches touch them.
    flags = faiss.IO_FLAG_MMAP if manifest.index_type == IVF else faiss.IO_FLAG_MMAP_IFC
    try:
        vectors = faiss.read_index(str(gen / VECTORS), flags)
    except (RuntimeError, OSError) as exc:
        reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        raise IndexUnusableError(f"{gen / VECTORS} is missing or corrupt ({reason}). {_FIX}") from None
    try:
        chunks = ChunkStore(gen)
    except (OSError, ValueError, KeyError) as exc:
        raise IndexUnusableError(f"{gen / CHUNKS} or its row table is missing or corrupt ({exc}). {_FIX}") from None
    try:
        keywords = bm25s.BM25.load(str(gen / KEYWORDS), mmap=True)
    except (OSError, ValueError, KeyError) as exc:
        raise IndexUnusableError(f"{gen / KEYWORDS} is missing or corrupt ({exc}). {_FIX}") from None
    expected = sum(len(entry["chunks"]) for entry in manifest.documents.values())
    if not (vectors.ntotal == len(chunks) == manifest.chunk_count == expected) or vectors.d != manifest.dimension:
        raise IndexUnusableError(
            f"the index in {index_dir} is inconsistent: {vectors.ntotal} vectors of dimension {vectors.d}, "
            f"{len(chunks)} chunk records, manifest says {manifest.chunk_count} of dimension {manifest.dimension}. "
            + _FIX
        )
    if index_kind(vectors) != manifest.index_type:
        raise IndexUnusableError(
            f"the index in {index_dir} is inconsistent: the manifest says {manifest.index_type!r} but "
            f"{gen / VECTORS} holds {index_kind(vectors)!r}. {_FIX}"
        )
    ivf = _ivf(vectors)
    if ivf is not None and "nprobe" in manifest.index_params:
        ivf.nprobe = int(manifest.index_params["nprobe"])
    exact = _exact_vectors(gen, vectors) if ivf is not None else None
    try:
        doc_vectors = DocVectors(gen)
    except (OSError, ValueError, KeyError) as exc:
        raise IndexUnusableError(
            f"the claim and question vectors in {gen} are missing or corrupt ({exc}). {_FIX}"
        ) from None
    if len(doc_vectors.claims_start) != len(manifest.documents) + 1:
        raise IndexUnusableError(f"the claim and question vectors in {gen} do not match its manifest. {_FIX}")
    if len(chunks) and int(keywords.scores["num_docs"]) != len(chunks):
        raise IndexUnusableError(
            f"the index in {index_dir} is inconsistent: its keyword index has {keywords.scores['num_docs']} "
            f"chunks, its vectors {len(chunks)}. {_FIX}"
        )
    return LoadedIndex(manifest, chunks, vectors, keywords, doc_vectors, exact)


def _exact_vectors(gen: Path, vectors: faiss.Index) -> np.ndarray | None:
    """The generation's row-order copy of its IVF vectors, memory-mapped; None if it predates the file."""
    path = gen / EXACT_VECTORS
    if not path.exists():
        return None
    try:
        exact = np.load(path, mmap_mode="c")  # copy-on-write: writable for torch, never written
    except (OSError, ValueError) as exc:
        raise IndexUnusableError(f"{path} is corrupt ({exc}). {_FIX}") from None
    if exact.dtype != np.float32 or exact.shape != (vectors.ntotal, vectors.d):
        raise IndexUnusableError(
            f"{path} holds {exact.shape} {exact.dtype} vectors; the FAISS index holds "
            f"({vectors.ntotal}, {vectors.d}) float32. {_FIX}"
        )
    return exact


def generation_dir(index_dir: str | Path) -> Path | None:
    """The folder of the index's current generation (where its library snapshot is), if it has one."""
    try:
        manifest = _read_manifest(Path(index_dir))
    except IndexUnusableError:
        return None
    return Path(index_dir) / manifest.generation if manifest is not None else None


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
        _fsync_file(path)
    _fsync_dir(folder)


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


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    _fsync_file(path)


def _clean(index_dir: Path, keep: str | None) -> None:
    """Remove generations other than `keep` and temporary files left by killed builds."""
    for entry in index_dir.iterdir():
        if entry.name.startswith("gen-") and entry.name != keep:
            shutil.rmtree(entry, ignore_errors=True)
        elif entry.name.startswith(MANIFEST + ".tmp"):
            entry.unlink(missing_ok=True)


def _reusable_centroids(previous: faiss.Index | None, rows: int) -> np.ndarray | None:
    """The previous generation's IVF cell centroids, when the new build would use as many cells."""
    ivf = _ivf(previous) if previous is not None else None
    if ivf is None or ivf.nlist != plan_cells(rows):
        return None
    return ivf.quantizer.reconstruct_n(0, ivf.nlist)


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
        matrix, exact_max=exact_max, centroids=_reusable_centroids(previous, len(matrix))
    )
    generation = f"gen-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
    gen_dir = index_dir / generation
    gen_dir.mkdir()
    faiss.write_index(vectors, str(gen_dir / VECTORS))  # straight to the file: no serialised copy in memory
    _fsync_file(gen_dir / VECTORS)
    del vectors
    if index_type == IVF:
        np.save(gen_dir / EXACT_VECTORS, np.ascontiguousarray(matrix, dtype=np.float32))
        _fsync_file(gen_dir / EXACT_VECTORS)
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
    _fsync_dir(gen_dir)
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
    _fsync_write(tmp, (json.dumps(manifest.__dict__, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))
    os.replace(tmp, index_dir / MANIFEST)  # the commit point
    _fsync_dir(index_dir)
    _clean(index_dir, keep=generation)
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
    with _build_lock(index_dir):
        previous = None
        try:
            manifest = _read_manifest(index_dir)
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
    `exact_max` is the size up to which the index is exact (flat); above it, IVF (see the module docstring).
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
        old_row: dict[str, int] = {}
        old_docs: dict[str, dict] = {}
        if previous is not None:
            old_docs = previous.manifest.documents
            if previous.manifest.model == embedder.name:
                old_row = {chunk.id: row for row, chunk in enumerate(previous.chunks)}
            else:
                notes.append(f"model changed from {previous.manifest.model!r}: every chunk is re-embedded")

        chunks: list[Chunk] = []
        documents: dict[str, dict] = {}
        for doc in library:
            doc_chunks = chunk_document(doc)
            chunks.extend(doc_chunks)
            documents[doc.id] = {"hash": doc.content_hash, "chunks": [c.id for c in doc_chunks]}

        source = np.array([old_row.get(c.id, -1) for c in chunks], dtype=np.int64)
        todo = [c for c, row in zip(chunks, source, strict=True) if row < 0]
        added = sum(1 for c in todo if c.doc_id not in old_docs)
        new_ids = {c.id for c in chunks}
        old_ids = {cid for entry in old_docs.values() for cid in entry["chunks"]}
        removed = len(old_ids - new_ids)
        changed_docs = tuple(
            sorted(d for d, e in documents.items() if old_docs.get(d, {}).get("hash") != e["hash"])
            + sorted(set(old_docs) - set(documents))
        )
        same_kind = previous is not None and previous.manifest.index_type == planned_kind(len(chunks), exact_max)
        if same_kind and not todo and not removed and not changed_docs and not notes:
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
        reused = source >= 0
        # With nothing new to embed (an index type change), the model is not even loaded.
        dimension = previous.vectors.d if previous is not None and not todo else embedder.dimension
        matrix = np.zeros((len(chunks), dimension), dtype=np.float32)
        if reused.any():
            matrix[reused] = previous.matrix()[source[reused]]  # bit-for-bit the stored vectors
        if todo:
            matrix[~reused] = embedder.embed([c.embed_text for c in todo], progress=progress)
        _commit(
            index_dir,
            chunks,
            documents,
            matrix,
            embedder.name,
            previous=previous.vectors if previous is not None else None,
            exact_max=exact_max,
            library=library,
            embed=lambda texts: embedder.embed(texts, progress=progress),
            previous_texts=previous.doc_vectors if previous is not None and old_row else None,
        )
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
