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

The package, by job:
    store.py   the layout above, the manifest, loading a generation (memory-mapped: loading needs no second
               copy in memory and costs only what is read), staleness, crash-safe file writes
    ann.py     which FAISS index a library's size gets (exact up to 20,000 chunks, IVF above, its nprobe
               calibrated at build time), and the exact search that backs up IVF for weak matches
    build.py   incremental builds: work out what changed, embed only that, commit a new generation

A build writes a new generation folder, then replaces `manifest.json` in one `os.replace`: the manifest
is the only pointer, so a build killed at any moment leaves the previous generation loadable. Leftover
generations and temporary files are removed by the next build.
"""

from bot.core.index.ann import (
    EXACT_BELOW,
    EXACT_MAX_CHUNKS,
    FLAT,
    IVF,
    RECALL_TARGET,
    calibration_queries,
    exact_neighbours,
    exact_search,
    index_kind,
    make_vectors,
    plan_cells,
    planned_kind,
    recall_at_k,
    stored_vectors,
)
from bot.core.index.build import BuildReport, build_index, write_vectors
from bot.core.index.store import (
    EXACT_VECTORS,
    FORMAT_VERSION,
    KEYWORDS,
    MANIFEST,
    VECTORS,
    LoadedIndex,
    Manifest,
    Staleness,
    generation_dir,
    load_index,
    staleness,
    write_keywords,
)

__all__ = [
    "EXACT_BELOW",
    "EXACT_MAX_CHUNKS",
    "EXACT_VECTORS",
    "FLAT",
    "FORMAT_VERSION",
    "IVF",
    "KEYWORDS",
    "MANIFEST",
    "RECALL_TARGET",
    "VECTORS",
    "BuildReport",
    "LoadedIndex",
    "Manifest",
    "Staleness",
    "build_index",
    "calibration_queries",
    "exact_neighbours",
    "exact_search",
    "generation_dir",
    "index_kind",
    "load_index",
    "make_vectors",
    "plan_cells",
    "planned_kind",
    "recall_at_k",
    "staleness",
    "stored_vectors",
    "write_keywords",
    "write_vectors",
]
