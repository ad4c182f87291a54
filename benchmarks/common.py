"""What every benchmark shares: the machine, the load average, percentiles, tables, the results file, and a
private copy of the library with its index (so a benchmark never touches `index/` or races an edit)."""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from bot.questions import WRITTEN

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results.jsonl"
QUIET_LOAD = 1.0  # 1-minute load average below which the machine counts as quiet


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def wait_quiet(max_wait: float, threshold: float = QUIET_LOAD) -> list[float]:
    """Wait (up to `max_wait` seconds) for the 1-minute load average to drop below `threshold`."""
    deadline = time.monotonic() + max_wait
    while os.getloadavg()[0] >= threshold and time.monotonic() < deadline:
        log(f"  waiting for a quiet machine: load average {loadavg()} (≥ {threshold})")
        time.sleep(min(30.0, max(deadline - time.monotonic(), 0.1)))
    return loadavg()


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        meminfo = Path("/proc/meminfo").read_text().splitlines()
        mem_kb = next(int(line.split()[1]) for line in meminfo if line.startswith("MemTotal"))
    except (OSError, StopIteration):
        mem_kb = 0
    versions = {}
    for package in ("torch", "sentence_transformers", "faiss", "numpy"):
        try:
            versions[package] = __import__(package).__version__
        except Exception:  # a version is informative only
            versions[package] = "?"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kb / 1024**2, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        **versions,
    }


def git_commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True)
        return head.stdout.strip() + ("+changes" if dirty.stdout.strip() else "")
    except OSError:
        return "?"


def pct(values, p: float) -> float:
    return float(np.percentile(np.asarray(values, dtype=np.float64), p)) if len(values) else float("nan")


def ms(seconds_values) -> list[float]:
    return [v * 1000 for v in seconds_values]


def reset_peak_rss() -> None:
    """Make VmHWM start again from the current RSS (Linux: write 5 to clear_refs)."""
    Path("/proc/self/clear_refs").write_text("5")


def table(headers: list[str], rows: list[list]) -> str:
    def cell(v) -> str:
        if isinstance(v, float):
            return f"{v:.3g}" if abs(v) < 100 else f"{v:,.0f}"
        return str(v)

    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join("---" for _ in headers) + " |"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def record(name: str, results: dict, load_before: list[float]) -> dict:
    """Append one benchmark's results to benchmarks/results.jsonl and return the record."""
    entry = {
        "benchmark": name,
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "commit": git_commit(),
        "machine": machine(),
        "load_before": load_before,
        "load_after": loadavg(),
        "results": results,
    }
    with open(RESULTS, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
    return entry


def make_site(target: Path, embedder=None) -> Path:
    """A private copy of corpus/ with its index built and a pacer.yaml: what `make run` would have."""
    from bot.core.embedding import Embedder
    from bot.core.index import build_index
    from bot.core.library import load_library

    target.mkdir(parents=True, exist_ok=True)
    if (target / "corpus").exists():
        shutil.rmtree(target / "corpus")
    shutil.copytree(ROOT / "corpus", target / "corpus")
    build_index(load_library(target / "corpus"), embedder or Embedder(), target / "index")
    (target / "pacer.yaml").write_text(f"corpus: {target / 'corpus'}\nindex: {target / 'index'}\n", encoding="utf-8")
    return target


def eval_questions() -> list[str]:
    """The evaluation questions (tests/eval), each once by its cache key, in file order."""
    from bot.core.evaluate import load_questions
    from bot.core.pacer import question_key

    seen, out = set(), []
    for item in load_questions(WRITTEN):
        key = question_key(item.q)
        if key not in seen:
            seen.add(key)
            out.append(item.q)
    return out


def env() -> dict[str, str]:
    """The environment for child processes: offline model, no Discord token of the caller's."""
    out = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    return out | {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}


def measure(
    name: str,
    title: str,
    run: Callable[..., dict],
    report: Callable[[dict], str],
    *,
    site: Path | None = None,
    wait: float = 0,
    needs_site: bool = True,
) -> dict:
    """One benchmark: wait for a quiet machine, run it (on a private copy of the library unless `site` is
    given), print its table and append its record to results.jsonl."""
    before = wait_quiet(wait) if wait else loadavg()
    with tempfile.TemporaryDirectory() as tmp:
        results = run(site or make_site(Path(tmp) / "site")) if needs_site else run()
    print(f"\n## {title}\n\n" + report(results), flush=True)
    return record(name, results, before)
