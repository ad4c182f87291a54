"""End to end at scale: `Pacer.ask`, uncached, on libraries of 1k to 1M chunks of real Markdown summaries.

Each synthetic library is made of copies of the real library (`corpus/`, about 12 chunks a summary), one
block of 101 summaries after another: every copy gets its own id and title, its aliases a word of its own
(one original alias in four is kept, so some names are shared by many summaries, as topic words are),
references pointing inside its block, and about one body word in six swapped for another word of the
library's vocabulary, so the keyword index sees varied text. Its vectors are the real chunk's embedding
(all-MiniLM-L6-v2, computed once for the real library) plus noise (cosine about 0.9 to the original), so
nearest-neighbour structure and scores stay realistic without embedding a million chunks. The files are
written to disk and the index is written by Pacer's own code (`write_vectors`, with the library snapshot),
so the index type, BM25 index and chunk store are what `pacer index` would make.

Then, in a fresh process per size: start-up by stage (model, library, index, retriever) and resident memory
after it; `Pacer.ask` on the evaluation questions with the cache off, beside "embed + FAISS" (the question's
embedding and the FAISS search alone) on the same questions in the same run, with the split by stage; resident
memory after the questions; and on a sample, answers checked identical to the straightforward retriever
(benchmarks/reference.py). The straightforward start-up (parsing every file) is timed too.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.common import ROOT, env, eval_questions, log, pct, record, table, wait_quiet
from tests.support.processes import rss_mb

SIZES = (1_000, 10_000, 100_000, 1_000_000)
QUESTIONS = 300
IDENTITY_SAMPLE = 25
IDENTITY_SAMPLE_1M = 8  # the straightforward retriever takes about 20 s a question at a million chunks
NOISE_COSINE = 0.9  # a copy's chunk vector against the real chunk's
_WORD = re.compile(r"(?<![\w'-])[a-z]{4,}(?![\w'-])")
_ID_LINE = re.compile(r"^id: (\S+)$", re.M)


def _suffix(i: int) -> str:
    """A distinct made-up word per copy ("qab", "qac", ...): a name of its own for each summary."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    out = ""
    i += 26 * 26
    while i:
        i, r = divmod(i, 26)
        out = letters[r] + out
    return "q" + out


def generate(target: Path, chunks: int, seed: int = 0) -> dict:
    """Write a library of about `chunks` chunks under target/corpus and its index under target/index."""
    import yaml

    from bot.core.chunking import chunk_document
    from bot.core.index import load_index, write_vectors
    from bot.core.library import load_library

    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    site = ROOT / "benchmarks" / ".site"  # the real library's index, embedded once and kept between runs
    real = load_library(ROOT / "corpus")
    from bot.core.embedding import Embedder
    from bot.core.index import build_index

    build_index(real, Embedder(), site / "index")  # a no-op when it is up to date
    real_index = load_index(site / "index")
    vector_of = real_index.vector_of()
    # The copies' claims and questions are the originals' words: their vectors are the originals'.
    text_vector = {}
    for row, doc_id in enumerate(real_index.manifest.documents):
        doc = real[doc_id]
        text_vector.update(zip([c.text for c in doc.claims], real_index.doc_vectors.claims(row), strict=True))
        text_vector.update(zip(doc.questions, real_index.doc_vectors.questions(row), strict=True))
    sources = list(real)
    per_doc = {d.id: [vector_of[c.id] for c in chunk_document(d)] for d in sources}
    vocabulary = sorted({w for d in sources for s in d.sections for w in _WORD.findall(s.text)})
    position = {d.id: i for i, d in enumerate(sources)}
    avg = sum(len(v) for v in per_doc.values()) / len(sources)
    n_docs = max(1, round(chunks / avg))
    corpus = target / "corpus"
    if corpus.exists():
        shutil.rmtree(corpus)
    corpus.mkdir(parents=True)
    started = time.perf_counter()
    for i in range(n_docs):
        src = sources[i % len(sources)]
        block = i - i % len(sources)
        text = src.path.read_text(encoding="utf-8")
        end = text.index("\n---", 3)
        meta = yaml.load(text[4:end], Loader=yaml.CSafeLoader)
        body = text[end + 4 :]
        new_id = f"{src.id}-c{i}"
        meta["id"] = new_id
        meta["title"] = f"{meta['title'].rstrip('.')} ({_suffix(i)})"
        meta["aliases"] = [a if rng.random() < 0.25 else f"{a} {_suffix(i)}" for a in meta.get("aliases", [])]
        for field in ("studies", "disagrees_with"):
            if meta.get(field):
                meta[field] = [
                    f"{ref}-c{block + position[ref]}" for ref in meta[field] if block + position[ref] < n_docs
                ]
                if not meta[field]:
                    del meta[field]
        if meta.get("kind") == "article" and not meta.get("studies"):
            meta["kind"] = "review"  # its studies fell outside a last, partial block
        swap = lambda m: rng.choice(vocabulary) if rng.random() < 0.17 else m.group(0)  # noqa: E731
        body = "\n".join(line if line.startswith("#") else _WORD.sub(swap, line) for line in body.split("\n"))
        front = yaml.dump(meta, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, width=1000)
        (corpus / f"{new_id}.md").write_text(f"---\n{front}---{body}", encoding="utf-8")
    written = time.perf_counter() - started
    started = time.perf_counter()
    library = load_library(corpus)
    parse = time.perf_counter() - started
    all_chunks, documents, rows = [], {}, []
    for doc in library:
        src_id = doc.id.rsplit("-c", 1)[0]
        doc_chunks = chunk_document(doc)
        own = per_doc[src_id]
        mean = np.mean(own, axis=0)
        for k, chunk in enumerate(doc_chunks):
            all_chunks.append(chunk)
            rows.append(own[k] if k < len(own) and len(doc_chunks) == len(own) else mean)
        documents[doc.id] = {"hash": doc.content_hash, "chunks": [c.id for c in doc_chunks]}
    matrix = np.asarray(rows, dtype=np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    noise = nrng.standard_normal(matrix.shape, dtype=np.float32)
    noise -= (noise * matrix).sum(axis=1, keepdims=True) * matrix
    noise /= np.linalg.norm(noise, axis=1, keepdims=True)
    matrix = NOISE_COSINE * matrix + np.sqrt(1 - NOISE_COSINE**2) * noise
    started = time.perf_counter()
    write_vectors(
        target / "index",
        all_chunks,
        documents,
        matrix,
        real_index.manifest.model,
        library=library,
        embed=lambda texts: np.stack([text_vector[t] for t in texts]),
    )
    build = time.perf_counter() - started
    (target / "pacer.yaml").write_text(f"corpus: {corpus}\nindex: {target / 'index'}\n", encoding="utf-8")
    return {
        "documents": len(documents),
        "chunks": len(all_chunks),
        "write_s": written,
        "parse_s": parse,
        "build_s": build,
    }


def probe(site: Path, questions_path: Path, out_path: Path, sample: int) -> None:
    """In a fresh process: start Pacer as the bot does, by stage, then ask every question uncached."""
    t0 = time.perf_counter()
    from bot.core.config import load_config
    from bot.core.embedding import Embedder
    from bot.core.index import generation_dir, load_index
    from bot.core.library import load_library
    from bot.core.pacer import Pacer
    from bot.core.retrieve import Retriever

    imported = time.perf_counter()
    config = load_config(site / "pacer.yaml")
    embedder = Embedder(config.model, config.batch_size)
    embedder.embed_one("warm-up")
    model_ready = time.perf_counter()
    rss_model = rss_mb()
    library = load_library(config.corpus_dir, snapshot=generation_dir(config.index_dir))
    library_ready = time.perf_counter()
    index = load_index(config.index_dir, model=embedder.name)
    index_ready = time.perf_counter()
    retriever = Retriever(index, library, embedder, config.retrieval)
    retriever_ready = time.perf_counter()
    pacer = Pacer(config, library, retriever, embedder, cache_size=0)
    pacer.warning_signs.examples()
    gc.collect()
    rss_loaded = rss_mb()
    questions = json.loads(questions_path.read_text(encoding="utf-8"))
    for q in questions[:10]:  # warm: first touches of the mapped files and the tokenizer
        pacer.ask(q)
    ask, base, stages = [], [], {}
    for q in questions:
        t = time.perf_counter()
        vector = embedder.embed_one(q)
        index.search(vector[None, :], config.retrieval.dense_k)
        base.append(time.perf_counter() - t)
        t = time.perf_counter()
        answer = pacer.ask(q)
        ask.append(time.perf_counter() - t)
        for name, value in answer.timing_ms.items():
            stages.setdefault(name, []).append(value)
        retrieval = pacer.retriever.search(q, "hybrid", query=vector)
        for name, value in retrieval.stages_ms.items():
            stages.setdefault(f"search.{name}", []).append(value)
    rss_after = rss_mb()
    identical, checked = 0, 0
    if sample:
        from benchmarks.reference import ReferenceRetriever

        started = time.perf_counter()
        reference = Pacer(
            config, library, ReferenceRetriever(index, library, embedder, config.retrieval), embedder, cache_size=0
        )
        ref_setup = time.perf_counter() - started
        ref_ask = []
        for q in questions[:: max(1, len(questions) // sample)][:sample]:
            got = pacer.ask(q)
            t = time.perf_counter()
            want = reference.ask(q)
            ref_ask.append(time.perf_counter() - t)
            checked += 1
            same = got.answer == want.answer and {**got.to_json(), "timing_ms": 0} == {**want.to_json(), "timing_ms": 0}
            identical += same
            if not same:
                print(f"DIFFERENT: {q!r}", file=sys.stderr)
    out = {
        "startup_s": {
            "import": imported - t0,
            "model": model_ready - imported,
            "library": library_ready - model_ready,
            "index": index_ready - library_ready,
            "retriever": retriever_ready - index_ready,
            "ready": retriever_ready - model_ready,
        },
        "rss_mb": {"model": rss_model, "loaded": rss_loaded, "after_questions": rss_after},
        "ask_ms": {"p50": pct(ask, 50) * 1000, "p95": pct(ask, 95) * 1000},
        "embed_faiss_ms": {"p50": pct(base, 50) * 1000, "p95": pct(base, 95) * 1000},
        "stages_p50_ms": {k: float(np.percentile(v, 50)) for k, v in stages.items()},
        "identical": [identical, checked],
    }
    if sample:
        out["reference"] = {"setup_s": ref_setup, "ask_p50_ms": pct(ref_ask, 50) * 1000}
    out_path.write_text(json.dumps(out), encoding="utf-8")


def main(sizes: tuple[int, ...] = SIZES, *, wait: float = 600, keep: Path | None = None) -> dict:
    questions = eval_questions()
    random.Random(1).shuffle(questions)
    questions = questions[:QUESTIONS]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        qpath = Path(tmp) / "questions.json"
        qpath.write_text(json.dumps(questions), encoding="utf-8")
        for n in sizes:
            site = (keep or Path(tmp)) / f"e2e-{n}"
            log(f"endtoend: generating {n:,} chunks")
            made = generate(site, n)
            load = wait_quiet(wait)
            out = Path(tmp) / f"out-{n}.json"
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "benchmarks.endtoend",
                    "--probe",
                    str(site),
                    str(qpath),
                    str(out),
                    str(IDENTITY_SAMPLE if n < 1_000_000 else IDENTITY_SAMPLE_1M),
                ],
                check=True,
                env=env(),
                cwd=ROOT,
            )
            results[str(n)] = made | json.loads(out.read_text(encoding="utf-8")) | {"load_before": load}
            log(json.dumps(results[str(n)]))
            if keep is None:
                shutil.rmtree(site, ignore_errors=True)
    rows = []
    for n, r in results.items():
        ratio = r["ask_ms"]["p50"] / r["embed_faiss_ms"]["p50"]
        rows.append(
            [
                f"{int(n):,}",
                r["documents"],
                r["ask_ms"]["p50"],
                r["ask_ms"]["p95"],
                r["embed_faiss_ms"]["p50"],
                f"{ratio:.2f}×",
                f"{r['ask_ms']['p95'] / r['embed_faiss_ms']['p50']:.2f}×",
                r["startup_s"]["ready"],
                r["parse_s"],
                r["rss_mb"]["model"]["VmRSS"],
                r["rss_mb"]["loaded"]["VmRSS"],
                r["rss_mb"]["after_questions"]["VmRSS"],
                f"{r['identical'][0]}/{r['identical'][1]}",
            ]
        )
    print(
        table(
            [
                "chunks",
                "docs",
                "ask p50 ms",
                "ask p95 ms",
                "embed+FAISS p50 ms",
                "p50 ratio",
                "p95 ratio",
                "start-up s",
                "parse-all s",
                "RSS model MB",
                "RSS loaded MB",
                "RSS after MB",
                "identical",
            ],
            rows,
        )
    )
    record("endtoend", results, [])
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--probe", nargs=4, metavar=("SITE", "QUESTIONS", "OUT", "SAMPLE"))
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--keep", type=Path, help="keep the generated libraries in this folder")
    parser.add_argument("--wait-quiet", type=float, default=600)
    args = parser.parse_args()
    if args.probe:
        site, qpath, out, sample = args.probe
        probe(Path(site), Path(qpath), Path(out), int(sample))
    else:
        main(tuple(args.sizes), wait=args.wait_quiet, keep=args.keep)
