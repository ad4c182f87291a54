"""Vector search: which FAISS index a library of a given size gets, its calibration, and exact search.

Exact search (`flat-ip`) up to `EXACT_MAX_CHUNKS` chunks, where one query costs well under the embedding of
the question; above that an inverted-file index (`ivf-flat-ip`: k-means cells, the vectors stored
unquantised) whose `nprobe` is chosen at build time as the smallest that reaches `RECALL_TARGET` recall@10
against exact search on calibration queries. The chosen parameters and the measured recall go into the
manifest (bot.core.index.store).
"""

from __future__ import annotations

import time

import faiss
import numpy as np

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


def ivf_of(index: faiss.Index) -> faiss.IndexIVF | None:
    try:
        return faiss.extract_index_ivf(index)
    except RuntimeError:
        return None


def index_kind(index: faiss.Index) -> str:
    """The manifest's name for a FAISS index object."""
    return IVF if ivf_of(index) is not None else FLAT


def stored_vectors(index: faiss.Index) -> np.ndarray:
    """Every vector of a flat or IVF-flat index, (ntotal, d) float32 in row (id) order."""
    ivf = ivf_of(index)
    if ivf is not None and ivf.direct_map.type == faiss.DirectMap.NoMap:  # type: ignore[attr-defined]
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
        flat = faiss.IndexFlatIP(dimension)
        flat.add(matrix)
        return flat, FLAT, params | {"recall_at_10": 1.0}

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


def reusable_centroids(previous: faiss.Index | None, rows: int) -> np.ndarray | None:
    """The previous generation's IVF cell centroids, when the new build would use as many cells."""
    ivf = ivf_of(previous) if previous is not None else None
    if ivf is None or ivf.nlist != plan_cells(rows):
        return None
    return ivf.quantizer.reconstruct_n(0, ivf.nlist)
