"""Pacer as a separate process: the installed command, waiting on it, and its memory."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

PACER = str(Path(sys.executable).parent / "pacer")  # the installed command, beside this Python

T = TypeVar("T")


def pacer_run(config: Path, *args: str, env: dict[str, str], **popen) -> subprocess.Popen:
    """`pacer run --config CONFIG ARGS` as a process (Popen options as given)."""
    return subprocess.Popen([PACER, "run", *args, "--config", str(config)], env=env, **popen)


def wait_until(
    predicate: Callable[[], T],
    what: str,
    *,
    timeout: float = 120,
    alive: Callable[[], bool] = lambda: True,
    output: Callable[[], str] = lambda: "",
    every: float = 0.005,
) -> T:
    """Poll every `every` seconds until `predicate()` is true and return it; fail, with the bot's last
    output, if `alive()` turns false or `timeout` seconds pass first."""
    deadline = time.monotonic() + timeout
    while not (result := predicate()):
        if not alive():
            raise AssertionError(f"the bot exited while waiting for {what}:\n{output()[-3000:]}")
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}:\n{output()[-3000:]}")
        time.sleep(every)
    return result


def rss_mb(pid: int | str = "self") -> dict[str, float]:
    """Current and peak resident memory (MB) of a process, from /proc."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
            out[key] = int(value.split()[0]) / 1024
    return out
