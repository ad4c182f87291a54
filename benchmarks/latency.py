"""Warm answer latency: every evaluation question through `Pacer.ask`, against a bare
`SentenceTransformer.encode(question)` with the same loaded model, alternating question by question.

Pacer's own cache is off for the main comparison (each question is computed); the cached pass asks every
question again, differently cased, through a Pacer with the cache on, and is reported separately.
Target: Pacer p50 ≤ 1.3 × bare p50.
"""

from __future__ import annotations

import time
from pathlib import Path

from benchmarks.common import eval_questions, log, measure, ms, pct, table

TARGET = 1.3


def run(site: Path, rounds: int = 3) -> dict:
    from bot.core.embedding import Embedder
    from bot.core.pacer import Pacer

    embedder = Embedder()
    model = embedder.model  # the bare SentenceTransformer, loaded once for both
    pacer = Pacer.from_config(site / "pacer.yaml", embedder=embedder, cache_size=0)
    questions = eval_questions()
    log(f"latency: {len(questions)} questions x {rounds} rounds")
    for q in questions[:30]:  # warm-up: first calls allocate
        model.encode(q)
        pacer.ask(q)

    bare, full, parts = [], [], {"embed": [], "search": [], "compose": []}
    for r in range(rounds):
        for i, q in enumerate(questions):
            first_bare = (i + r) % 2 == 0  # alternate which goes first
            for which in ("bare", "pacer") if first_bare else ("pacer", "bare"):
                t = time.perf_counter()
                if which == "bare":
                    model.encode(q)
                    bare.append(time.perf_counter() - t)
                else:
                    answer = pacer.ask(q)
                    full.append(time.perf_counter() - t)
                    for k in parts:
                        parts[k].append(answer.timing_ms[k] / 1000)

    cached = Pacer(pacer.config, pacer.library, pacer.retriever, embedder)  # cache on
    for q in questions:
        cached.ask(q)
    hits = []
    for _ in range(rounds):
        for q in questions:
            t = time.perf_counter()
            answer = cached.ask(q.upper())
            hits.append(time.perf_counter() - t)
            assert answer.timing_ms.get("cached") == 1.0
    bare_ms, full_ms, hit_ms = ms(bare), ms(full), ms(hits)
    return {
        "questions": len(questions),
        "rounds": rounds,
        "bare_encode_ms": {"p50": pct(bare_ms, 50), "p95": pct(bare_ms, 95)},
        "pacer_ask_ms": {"p50": pct(full_ms, 50), "p95": pct(full_ms, 95)},
        "pacer_parts_p50_ms": {k: pct(ms(v), 50) for k, v in parts.items()},
        "ratio_p50": pct(full_ms, 50) / pct(bare_ms, 50),
        "ratio_p95": pct(full_ms, 95) / pct(bare_ms, 95),
        "cached_ask_ms": {"p50": pct(hit_ms, 50), "p95": pct(hit_ms, 95)},
        "cache": cached.cache_info(),
        "target_ratio_p50": TARGET,
    }


def report(r: dict) -> str:
    b, p, c = r["bare_encode_ms"], r["pacer_ask_ms"], r["cached_ask_ms"]
    parts = r["pacer_parts_p50_ms"]
    rows = [
        ["bare SentenceTransformer.encode(question)", b["p50"], b["p95"], "1.00"],
        ["Pacer.ask (cache off)", p["p50"], p["p95"], f"{r['ratio_p50']:.2f} (target ≤ {TARGET})"],
        ["Pacer.ask, repeated question (cache hit)", c["p50"], c["p95"], f"{c['p50'] / b['p50']:.4f}"],
    ]
    text = table(["warm latency, ms", "p50", "p95", "p50 / bare"], rows)
    return text + (
        f"\n\n{r['questions']} questions x {r['rounds']} rounds; Pacer's parts at p50: embed {parts['embed']:.2f} ms, "
        f"search {parts['search']:.2f} ms, compose {parts['compose']:.2f} ms."
    )


def main(site: Path | None = None, wait: float = 0) -> dict:
    return measure("latency", "Warm answer latency", run, report, site=site, wait=wait)
