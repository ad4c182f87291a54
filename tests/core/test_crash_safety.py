"""Crash safety for real: `pacer index` killed with SIGKILL at random points of a build, again and again.

After every kill the previous index still loads and answers; the next complete build leaves nothing behind.
"""

from __future__ import annotations

import random
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

from bot.core.embedding import Embedder
from bot.core.index import staleness
from bot.core.library import load_library
from bot.core.pacer import Pacer
from tests.support.processes import PACER
from tests.support.sites import write_config

ATTEMPTS = 8


def layout(index: Path) -> list[str]:
    """What an index folder holds, with generation names made comparable."""
    return sorted(re.sub(r"gen-[^/]*", "gen-*", p.relative_to(index).as_posix()) for p in index.rglob("*"))


def test_sigkill_at_any_point_of_a_build_keeps_the_previous_index(
    fixture_site_copy: Path, tmp_path: Path, embedder: Embedder
) -> None:
    # The next library: every summary edited, so a build has real work (embedding and writing) to be killed in.
    changed = tmp_path / "changed"
    shutil.copytree(fixture_site_copy / "corpus", changed)
    for path in changed.glob("*.md"):
        path.write_text(path.read_text().replace("## Bottom line\n", "## Bottom line\nEdited since. "))
    index, pristine = fixture_site_copy / "index", tmp_path / "pristine-index"
    shutil.copytree(index, pristine)
    build = [PACER, "index", "--corpus", str(changed), "--index", str(index)]

    # How long a whole build takes here, and how long from its "embedding…" line (start-up done) to the end.
    began = time.monotonic()
    process = subprocess.Popen(build, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert "embedding" in process.stderr.readline()
    working = time.monotonic()
    assert process.wait() == 0
    whole, work = time.monotonic() - began, time.monotonic() - working
    shutil.rmtree(index)
    shutil.copytree(pristine, index)

    rng = random.Random(20261124)
    kills = 0
    for attempt in range(ATTEMPTS):
        process = subprocess.Popen(build, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if attempt % 2:  # half the kills anywhere from start-up on, half while it embeds and writes
            delay = rng.uniform(0.2, whole)
        else:
            process.stderr.readline()
            delay = rng.uniform(0.0, work)
        try:
            process.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait()
            kills += 1
        else:  # finished before the kill: put the previous index back for the next attempt
            shutil.rmtree(index)
            shutil.copytree(pristine, index)
        process.stderr.close()
        # Either the previous index (killed before the commit) or the whole new one (killed just after it).
        if staleness(index, load_library(fixture_site_copy / "corpus"), embedder.name).stale:
            assert not staleness(index, load_library(changed), embedder.name).stale
            shutil.rmtree(index)
            shutil.copytree(pristine, index)
        pacer = Pacer.from_config(fixture_site_copy / "pacer.yaml", embedder=embedder)  # the previous library and index
        answer = pacer.ask("should I do hip exercises?")
        assert not answer.declined and answer.citations
    assert kills >= ATTEMPTS // 2, f"only {kills} of {ATTEMPTS} builds were killed before they finished"

    # A complete build now succeeds and leaves exactly what a build into an empty folder leaves.
    subprocess.run(build, check=True, capture_output=True)
    clean = tmp_path / "clean-index"
    subprocess.run([PACER, "index", "--corpus", str(changed), "--index", str(clean)], check=True, capture_output=True)
    assert layout(index) == layout(clean)
    write_config(fixture_site_copy, changed, index)
    assert not Pacer.from_config(fixture_site_copy / "pacer.yaml", embedder=embedder).ask("hip exercises?").declined
