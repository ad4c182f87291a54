"""The index type follows the library's size, and the manifest tells the truth about it.

Small synthetic libraries with a lowered `exact_max` stand in for large ones, so these stay fast; the
timings at 10k-1M chunks are in benchmarks/ (`make bench`), not here.
"""

import hashlib
import json
import shutil
from pathlib import Path

import faiss
import numpy as np
import pytest

from bot.core.chunking import Chunk
from bot.core.embedding import Embedder
from bot.core.errors import IndexUnusableError
from bot.core.evaluate import load_questions
from bot.core.index import (
    EXACT_VECTORS,
    FLAT,
    IVF,
    MANIFEST,
    RECALL_TARGET,
    build_index,
    calibration_queries,
    exact_neighbours,
    exact_search,
    load_index,
    plan_cells,
    recall_at_k,
    write_vectors,
)
from bot.core.library import load_library
from bot.core.pacer import Pacer
from bot.questions import WRITTEN
from tests.support.sites import site_copy

DIM = 384


def synthetic(n: int, seed: int = 0, docs: int = 200) -> tuple[list[Chunk], dict, np.ndarray]:
    """`n` clustered unit vectors (a shared direction, a topic, a document, noise) with chunk metadata."""
    rng = np.random.default_rng(seed)

    def unit(x: np.ndarray) -> np.ndarray:
        return (x / np.linalg.norm(x, axis=-1, keepdims=True)).astype(np.float32)

    doc_of = np.sort(rng.integers(0, docs, n))
    topic_of = rng.integers(0, max(docs // 10, 1), docs)
    domain = unit(rng.standard_normal(DIM))
    topics = unit(rng.standard_normal((docs // 10 + 1, DIM)))
    documents = unit(rng.standard_normal((docs, DIM)))
    matrix = unit(
        0.55 * domain
        + 0.3 * topics[topic_of[doc_of]]
        + 0.55 * documents[doc_of]
        + 0.55 * unit(rng.standard_normal((n, DIM)))
    )
    chunks, manifest_docs = [], {}
    for row, d in enumerate(doc_of):
        doc_id = f"doc-{d}"
        text = f"Passage {row} of document {d}."
        chunk = Chunk(
            id=hashlib.sha256(f"{doc_id}{row}".encode()).hexdigest()[:20],
            doc_id=doc_id,
            section="What they found",
            text=text,
            embed_text=text,
        )
        chunks.append(chunk)
        manifest_docs.setdefault(doc_id, {"hash": hashlib.sha256(doc_id.encode()).hexdigest(), "chunks": []})
        manifest_docs[doc_id]["chunks"].append(chunk.id)
    return chunks, manifest_docs, matrix


def decision(answer) -> tuple[bool, str | None]:
    """Whether Pacer answered, and from which source first."""
    return answer.declined, answer.citations[0].doc_id if answer.citations else None


def manifest_of(index_dir: Path) -> dict:
    return json.loads((index_dir / MANIFEST).read_text())


def test_small_libraries_get_exact_search(tmp_path: Path) -> None:
    chunks, docs, matrix = synthetic(1500)
    write_vectors(tmp_path, chunks, docs, matrix, "synthetic", exact_max=1500)
    manifest = manifest_of(tmp_path)
    assert manifest["index_type"] == FLAT
    assert manifest["index_params"] == {"metric": "inner_product", "exact_max": 1500, "recall_at_10": 1.0}
    loaded = load_index(tmp_path)
    assert isinstance(loaded.vectors, faiss.IndexFlatIP)
    assert np.array_equal(loaded.matrix(), matrix)


def test_large_libraries_get_ivf_with_the_recall_the_manifest_records(tmp_path: Path) -> None:
    chunks, docs, matrix = synthetic(6000)
    write_vectors(tmp_path, chunks, docs, matrix, "synthetic", exact_max=1000)
    manifest = manifest_of(tmp_path)
    params = manifest["index_params"]
    assert manifest["index_type"] == IVF
    assert params["exact_max"] == 1000 and params["nlist"] == plan_cells(6000) and params["centroids"] == "trained"
    assert params["recall_at_10"] >= params["recall_target"] == RECALL_TARGET
    assert params["recall_queries"] == 256

    loaded = load_index(tmp_path)
    ivf = faiss.extract_index_ivf(loaded.vectors)
    assert (ivf.nlist, ivf.nprobe) == (params["nlist"], params["nprobe"])
    assert ivf.metric_type == faiss.METRIC_INNER_PRODUCT
    # Memory-mapped, not copied into memory.
    assert isinstance(faiss.downcast_InvertedLists(ivf.invlists), faiss.OnDiskInvertedLists)
    # Fresh queries of the same kind, never seen by the build: the recall the manifest claims holds.
    queries = calibration_queries(matrix, count=300, seed=99)
    measured = recall_at_k(loaded.vectors, queries, exact_neighbours(matrix, queries))
    assert measured >= min(params["recall_at_10"], 0.95) - 0.02
    # Row order and vectors are exactly what was written.
    assert np.array_equal(loaded.matrix(), matrix)
    assert [c.id for c in loaded.chunks] == [c.id for c in chunks]


def test_a_rebuild_of_the_same_size_reuses_the_cells(tmp_path: Path) -> None:
    chunks, docs, matrix = synthetic(6000)
    write_vectors(tmp_path, chunks, docs, matrix, "synthetic", exact_max=1000)
    first = manifest_of(tmp_path)
    changed = matrix.copy()
    changed[:50] = synthetic(50, seed=1)[2]
    write_vectors(tmp_path, chunks, docs, changed, "synthetic", exact_max=1000)
    second = manifest_of(tmp_path)
    assert second["generation"] != first["generation"]
    assert second["index_params"]["centroids"] == "reused from the previous generation"
    assert second["index_params"]["recall_at_10"] >= RECALL_TARGET
    assert np.array_equal(load_index(tmp_path).matrix(), changed)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("gen-")) == [second["generation"]]


def test_a_manifest_that_lies_about_the_index_type_is_refused(tmp_path: Path) -> None:
    chunks, docs, matrix = synthetic(3000)
    write_vectors(tmp_path, chunks, docs, matrix, "synthetic", exact_max=1000)
    manifest = manifest_of(tmp_path)
    manifest["index_type"] = FLAT
    (tmp_path / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(IndexUnusableError, match=r"manifest says 'flat-ip' but .* holds 'ivf-flat-ip'"):
        load_index(tmp_path)


def test_pacer_answers_alike_from_an_approximate_index(tmp_path: Path, real_site: Path, embedder: Embedder) -> None:
    site = site_copy(real_site, tmp_path / "site")
    index = site / "index"
    # The same library with a lowered threshold: every vector is reused, the index is rewritten as IVF.
    report = build_index(load_library(site / "corpus"), embedder, index, exact_max=100)
    assert report.wrote and report.unchanged == report.chunks > 100
    assert manifest_of(index)["index_type"] == IVF
    exact = Pacer.from_config(real_site / "pacer.yaml", embedder=embedder, cache_size=0)
    approximate = Pacer.from_config(site / "pacer.yaml", embedder=embedder, cache_size=0)
    questions = [q.q for q in load_questions(WRITTEN)][::4]
    same = 0
    for question in questions:
        a, b = exact.ask(question), approximate.ask(question)
        same += decision(a) == decision(b)
    assert same >= 0.95 * len(questions)  # measured on all 515 questions: 512 alike
    # Back under the threshold, the next build goes back to exact search without embedding anything.
    assert build_index(load_library(site / "corpus"), embedder, index).unchanged == report.chunks
    assert manifest_of(index)["index_type"] == FLAT


def test_old_manifests_without_parameters_still_load(tmp_path: Path, fixture_site: Path) -> None:
    shutil.copytree(fixture_site / "index", tmp_path / "index")
    manifest = manifest_of(tmp_path / "index")
    del manifest["index_params"]
    (tmp_path / "index" / MANIFEST).write_text(json.dumps(manifest))
    assert load_index(tmp_path / "index").manifest.index_params == {}


def test_questions_about_nothing_in_the_library_keep_their_recall(tmp_path: Path) -> None:
    chunks, docs, matrix = synthetic(30_000, seed=3)
    write_vectors(tmp_path, chunks, docs, matrix, "test-model", exact_max=1_000)
    loaded = load_index(tmp_path)
    assert manifest_of(tmp_path)["index_params"]["exact_below"] > 0
    # Off-topic questions: unit vectors pointing nowhere near the library's clusters.
    rng = np.random.default_rng(9)
    off_topic = rng.standard_normal((64, DIM)).astype(np.float32)
    off_topic /= np.linalg.norm(off_topic, axis=1, keepdims=True)
    truth = exact_neighbours(matrix, off_topic)
    _, plain = loaded.vectors.search(off_topic, 10)
    _, checked = loaded.search(off_topic, 10)
    recall = lambda found: np.mean([len(set(f) & set(t)) / 10 for f, t in zip(found, truth, strict=True)])  # noqa: E731
    assert recall(checked) >= 0.95 > recall(plain)  # the approximate search alone would miss them


def test_the_exact_re_check_finds_what_exact_search_finds(tmp_path: Path) -> None:
    chunks, docs, matrix = synthetic(6_000, seed=4)
    write_vectors(tmp_path, chunks, docs, matrix, "test-model", exact_max=1_000)
    gen = tmp_path / manifest_of(tmp_path)["generation"]
    assert np.array_equal(np.load(gen / EXACT_VECTORS), matrix)  # the row-order copy beside the IVF index
    rng = np.random.default_rng(5)
    off_topic = rng.standard_normal((16, DIM)).astype(np.float32)
    off_topic /= np.linalg.norm(off_topic, axis=1, keepdims=True)
    flat = faiss.IndexFlatIP(DIM)
    flat.add(matrix)
    want_sims, want_rows = flat.search(off_topic, 10)
    got_sims, got_rows = load_index(tmp_path).search(off_topic, 10)
    assert np.array_equal(got_rows, want_rows)
    assert np.allclose(got_sims, want_sims, atol=1e-5)
    # An older generation without the copy still searches exactly, by FAISS over every cell.
    (gen / EXACT_VECTORS).unlink()
    old = load_index(tmp_path)
    assert old.exact is None
    assert np.array_equal(old.search(off_topic, 10)[1], want_rows)
    assert np.array_equal(old.matrix(), matrix)


def test_exact_search_pads_like_faiss_when_asked_for_more_rows_than_there_are() -> None:
    matrix = np.eye(3, DIM, dtype=np.float32)
    sims, rows = exact_search(matrix, matrix[[2]], 5)
    assert rows.tolist() == [[2, 0, 1, -1, -1]]  # best first, equal scores by row, then nothing
    assert sims[0, 0] == 1.0 and sims[0, 1] == sims[0, 2] == 0.0 and sims[0, 3] < -1e30


def test_a_row_order_copy_that_does_not_match_the_index_is_refused(tmp_path: Path) -> None:
    chunks, docs, matrix = synthetic(3_000, seed=6)
    write_vectors(tmp_path, chunks, docs, matrix, "test-model", exact_max=1_000)
    path = tmp_path / manifest_of(tmp_path)["generation"] / EXACT_VECTORS
    np.save(path, matrix[:-1])
    with pytest.raises(IndexUnusableError, match=r"vectors\.npy holds \(2999, 384\) float32.*pacer index"):
        load_index(tmp_path)
    path.write_bytes(b"not numpy")
    with pytest.raises(IndexUnusableError, match=r"vectors\.npy is corrupt.*pacer index"):
        load_index(tmp_path)
