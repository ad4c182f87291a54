"""Scale: synthetic libraries of 10k, 100k and 1M chunks (benchmarks/synthetic.py: clustered 384-d unit
vectors calibrated on the real library, realistic chunk metadata), each written by the same code path as
`pacer index` (`bot.core.index.write_vectors`), so the index type is Pacer's own choice by size.

Per size: build time (index + files, not generating the data), size on disk, then in a fresh process:
load time, resident memory after loading and its peak during the load, single-question search latency
p50/p95 (k = 40, what retrieval asks for), and recall@10 against exact search for question-like queries
(in scope) and questions about nothing in the library (out of scope), reported apart. Exact search's own
latency at each size shows where the switch to IVF pays.
Targets at 1M: recall@10 ≥ 0.95, p50 ≤ 10 ms; loading must not need twice the index in memory.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.common import (
    ROOT,
    env,
    loadavg,
    log,
    make_site,
    ms,
    pct,
    record,
    reset_peak_rss,
    rss_mb,
    table,
    wait_quiet,
)
from bot.questions import WRITTEN

SIZES = (10_000, 100_000, 1_000_000)
QUERIES = 1000
SEARCH_K = 40
SWEEP_QUERIES = 60  # out-of-scope queries searched again with more probes


def _disk_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1024**2


def _recall(found: np.ndarray, truth: np.ndarray) -> float:
    k = truth.shape[1]
    return float(np.mean([len(set(f[:k]) & set(t)) / k for f, t in zip(found, truth, strict=True)]))


def probe(index_dir: Path, queries_path: Path, out_path: Path, sweep_path: Path | None = None) -> None:
    """In a fresh process: load the index as Pacer does, then search; memory from /proc."""
    import faiss

    from bot.core.index import load_index

    queries = np.load(queries_path)
    faiss.omp_set_num_threads(faiss.omp_get_max_threads())
    before = rss_mb()
    reset_peak_rss()
    started = time.perf_counter()
    loaded = load_index(index_dir)
    load_s = time.perf_counter() - started
    after_load = rss_mb()
    vectors = loaded.vectors
    loaded.search(queries[:20], SEARCH_K)  # first touches
    latencies, found = [], []
    for q in queries:
        t = time.perf_counter()
        _, rows = loaded.search(q[None, :], SEARCH_K)  # as retrieval searches: weak matches re-checked exactly
        latencies.append(time.perf_counter() - t)
        found.append(rows[0])
    np.save(out_path.with_suffix(".found.npy"), np.array(found))
    measured = {
        "load_s": load_s,
        "rss_before_mb": before["VmRSS"],
        "rss_after_load_mb": after_load,
        "peak_during_load_mb": after_load["VmHWM"] - before["VmRSS"],
        "rss_after_queries_mb": rss_mb(),
        "query_ms": {"p50": pct(ms(latencies), 50), "p95": pct(ms(latencies), 95)},
        "sweep": [],
    }
    ivf = faiss.extract_index_ivf(vectors) if loaded.manifest.index_type == "ivf-flat-ip" else None
    if ivf is not None and sweep_path is not None:
        # What more probes would buy for questions about nothing in the library.
        hard = np.load(sweep_path)
        chosen = ivf.nprobe
        for nprobe in sorted({min(chosen * 4, ivf.nlist), min(chosen * 16, ivf.nlist), ivf.nlist // 2, ivf.nlist}):
            ivf.nprobe = nprobe
            times, rows = [], []
            for q in hard:
                t = time.perf_counter()
                rows.append(vectors.search(q[None, :], SEARCH_K)[1][0])
                times.append(time.perf_counter() - t)
            np.save(out_path.with_suffix(f".sweep{nprobe}.npy"), np.array(rows))
            measured["sweep"].append({"nprobe": nprobe, "p50_ms": pct(ms(times), 50)})
        ivf.nprobe = chosen
    out_path.write_text(json.dumps(measured))


def _best(queries: np.ndarray, matrix: np.ndarray) -> dict:
    top = np.sort(queries @ matrix.T, axis=1)
    return {"best": float(top[:, -1].mean()), "tenth": float(top[:, -10].mean())}


def calibration(site: Path) -> dict:
    """The real index and evaluation questions beside a synthetic library of the same size."""
    from benchmarks.synthetic import make_library, make_queries, stats
    from bot.core.embedding import Embedder
    from bot.core.evaluate import load_questions
    from bot.core.index import load_index

    real = load_index(site / "index")
    doc_row = {d: i for i, d in enumerate(real.manifest.documents)}
    matrix = real.matrix()
    questions = load_questions(WRITTEN)
    asked = Embedder().embed([q.q for q in questions])
    in_scope = np.array([q.in_scope for q in questions])
    small = make_library(len(real.chunks), docs_per_topic=3)  # the real 40 summaries span about a dozen topics
    synthetic_in, _ = make_queries(small, 500, out_of_scope=0.0)
    synthetic_out, _ = make_queries(small, 500, out_of_scope=1.0)
    return {
        "real": {
            "index": stats(matrix, np.array([doc_row[c.doc_id] for c in real.chunks]), sample=len(matrix)),
            "questions_in_scope": _best(asked[in_scope], matrix),
            "questions_out_of_scope": _best(asked[~in_scope], matrix),
        },
        "synthetic": {
            "index": stats(small.vectors, small.doc_of, sample=len(small.vectors)),
            "questions_in_scope": _best(synthetic_in, small.vectors),
            "questions_out_of_scope": _best(synthetic_out, small.vectors),
        },
    }


def one_size(n: int, workdir: Path) -> dict:
    import faiss

    from benchmarks.synthetic import make_library, make_queries, stats
    from bot.core.index import exact_neighbours, write_vectors

    log(f"scale {n:,}: generating")
    lib = make_library(n)
    queries, oos = make_queries(lib, QUERIES)
    geometry = stats(lib.vectors, lib.doc_of, sample=200)
    index_dir = workdir / f"index-{n}"
    log(f"scale {n:,}: building")
    rss_before_build = rss_mb()["VmRSS"]
    reset_peak_rss()
    started = time.perf_counter()
    manifest = write_vectors(index_dir, lib.chunks, lib.documents, lib.vectors, "synthetic-minilm-like")
    build_s = time.perf_counter() - started
    build_peak_mb = rss_mb()["VmHWM"] - rss_before_build
    log(f"scale {n:,}: built {manifest.index_type} in {build_s:.1f} s; exact neighbours of {QUERIES} queries")
    truth = exact_neighbours(lib.vectors, queries)

    flat = faiss.IndexFlatIP(lib.vectors.shape[1])
    flat.add(lib.vectors)
    exact_lat = []
    for q in queries[: 200 if n <= 100_000 else 50]:
        t = time.perf_counter()
        flat.search(q[None, :], SEARCH_K)
        exact_lat.append(time.perf_counter() - t)
    del flat

    np.save(workdir / "queries.npy", queries)
    hard_rows = np.flatnonzero(oos)[:SWEEP_QUERIES]
    np.save(workdir / "sweep.npy", queries[hard_rows])
    out = workdir / f"probe-{n}.json"
    log(f"scale {n:,}: loading and searching in a fresh process")
    command = ["probe", str(index_dir), str(workdir / "queries.npy"), str(out), str(workdir / "sweep.npy")]
    subprocess.run(
        [sys.executable, "-m", "benchmarks.scale", *command],
        env=env(),
        cwd=ROOT,
        check=True,
    )
    measured = json.loads(out.read_text())
    found = np.load(out.with_suffix(".found.npy"))
    for step in measured["sweep"]:
        rows = np.load(out.with_suffix(f".sweep{step['nprobe']}.npy"))
        step["out_of_scope_recall_at_10"] = _recall(rows, truth[hard_rows])
    # How much lower the best match found is than the true best (what a decline decision looks at).
    best_true = np.einsum("ij,ij->i", queries, lib.vectors[truth[:, 0]])
    best_found = np.einsum("ij,ij->i", queries, lib.vectors[found[:, 0]])
    shortfall = best_true - best_found
    faiss_mb = (index_dir / manifest.generation / "vectors.faiss").stat().st_size / 1024**2
    chunks_mb = (index_dir / manifest.generation / "chunks.jsonl").stat().st_size / 1024**2
    result = {
        "chunks": n,
        "synthetic_geometry": geometry,
        "index_type": manifest.index_type,
        "index_params": manifest.index_params,
        "build_s": build_s,
        "build_peak_extra_mb": build_peak_mb,
        "disk_mb": _disk_mb(index_dir),
        "vectors_file_mb": faiss_mb,
        "chunks_file_mb": chunks_mb,
        "raw_vectors_mb": lib.vectors.nbytes / 1024**2,
        **measured,
        "exact_query_ms": {"p50": pct(ms(exact_lat), 50), "p95": pct(ms(exact_lat), 95)},
        "recall_at_10": {
            "in_scope": _recall(found[~oos], truth[~oos]),
            "out_of_scope": _recall(found[oos], truth[oos]),
            "all": _recall(found, truth),
            "queries": {"in_scope": int((~oos).sum()), "out_of_scope": int(oos.sum())},
        },
        "best_cosine_shortfall": {
            "in_scope_best_found": float(np.mean(shortfall[~oos] <= 1e-6)),
            "in_scope_over_0.02": float(np.mean(shortfall[~oos] > 0.02)),
            "in_scope_max": float(shortfall[~oos].max()),
            "out_of_scope_mean": float(shortfall[oos].mean()),
            "out_of_scope_max": float(shortfall[oos].max()),
            "out_of_scope_best_cosine_mean": float(best_true[oos].mean()),
        },
    }
    return result


def run(sizes=SIZES, site: Path | None = None) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        log("scale: real library and questions beside a synthetic library of the same size")
        calibrated = calibration(site or make_site(Path(tmp) / "site"))
        results = [one_size(n, Path(tmp)) for n in sizes]
    return {"calibration": calibrated, "sizes": results}


def _params(r: dict) -> str:
    p = r["index_params"]
    if r["index_type"] == "flat-ip":
        return f"exact (flat), ≤ {p['exact_max']:,}"
    return f"IVF nlist {p['nlist']}, nprobe {p['nprobe']}"


def _calibration_table(c: dict) -> str:
    def row(label: str, side: dict) -> list:
        g, i, o = side["index"], side["questions_in_scope"], side["questions_out_of_scope"]
        return [
            label,
            f"{g['mean_pair_cosine']:.3f}",
            f"{g['same_document_cosine']:.3f}",
            f"{g['nn_cosine']:.3f} / {g['nn10_cosine']:.3f}",
            f"{g['mean_direction_norm']:.3f}",
            f"{i['best']:.3f} / {i['tenth']:.3f}",
            f"{o['best']:.3f} / {o['tenth']:.3f}",
        ]

    headers = [
        "same size as the real index",
        "mean pair cosine",
        "same document",
        "nearest / 10th nearest",
        "mean direction",
        "in-scope question: best / 10th",
        "out-of-scope question: best / 10th",
    ]
    return table(headers, [row("real library, real questions", c["real"]), row("synthetic", c["synthetic"])])


def report(results: dict) -> str:
    rows = []
    for r in results["sizes"]:
        rec = r["recall_at_10"]
        after = r["rss_after_load_mb"]
        rows.append(
            [
                f"{r['chunks']:,}",
                _params(r),
                f"{r['build_s']:.1f}",
                f"{r['disk_mb']:.0f} ({r['vectors_file_mb']:.0f} vectors)",
                f"{r['load_s']:.2f}",
                f"{after['VmRSS'] - r['rss_before_mb']:.0f} / {r['peak_during_load_mb']:.0f}",
                f"{r['query_ms']['p50']:.2f} / {r['query_ms']['p95']:.2f}",
                f"{r['exact_query_ms']['p50']:.2f}",
                f"{rec['in_scope']:.3f} / {rec['out_of_scope']:.3f} / {rec['all']:.3f}",
                f"{r['index_params']['recall_at_10']:.3f}",
            ]
        )
    headers = [
        "chunks",
        "index (Pacer's choice)",
        "build s",
        "disk MB",
        "load s",
        "RSS after load / peak during load, MB",
        "query p50 / p95 ms",
        "exact p50 ms",
        "recall@10 in scope / out of scope / all",
        "manifest recall@10",
    ]
    text = _calibration_table(results["calibration"]) + "\n\n" + table(headers, rows)
    for r in results["sizes"]:
        if r.get("sweep"):
            steps = ", ".join(
                f"nprobe {s['nprobe']}: {s['out_of_scope_recall_at_10']:.3f} (p50 {s['p50_ms']:.1f} ms)"
                for s in r["sweep"]
            )
            text += f"\n\nOut of scope, {r['chunks']:,} chunks ({SWEEP_QUERIES} queries), recall@10 by nprobe: {steps}."
    return text


def main(sizes=SIZES, wait: float = 0, site: Path | None = None) -> dict:
    before = wait_quiet(wait) if wait else loadavg()
    results = run(sizes, site)
    print("\n## Scale (synthetic libraries)\n\n" + report(results), flush=True)
    return record("scale", results, before)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "probe":
        probe(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]), Path(sys.argv[5]) if len(sys.argv) > 5 else None)
    else:
        parser = argparse.ArgumentParser(description=__doc__)
        parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), help="numbers of chunks")
        parser.add_argument("--wait-quiet", type=float, default=0, help="wait up to this many seconds for load < 1")
        args = parser.parse_args()
        main(tuple(args.sizes), wait=args.wait_quiet)
