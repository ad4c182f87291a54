"""Sites: a library folder, its index and a `pacer.yaml` pointing at both, as `pacer` is run."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.core.embedding import Embedder
from bot.core.index import build_index
from bot.core.library import load_library

ROOT = Path(__file__).parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
FIXTURE_LIBRARY = FIXTURES / "library"  # a few summaries, small enough to index in a second
REAL_LIBRARY = ROOT / "corpus"

# A summary no library holds, for tests that add one and rebuild.
NEW_DOC = """---
id: new-strides-study
title: "Strides after easy runs and 5 km time in club runners"
kind: cohort
source:
  authors: "Test A"
  year: 2020
  journal: "Test J"
  doi: ""
  url: ""
design: "A test document"
population: "Club runners"
certainty: very-low
conclusion: Strides after easy runs were studied in this test document about strides.
finding: Runners who did strides after easy runs were followed for a season.
caveat: This is a fixture, not a real study.
tags: [strides]
aliases: ["strides", "stride outs"]
---
## What was studied
Strides after easy runs in club runners.

## What they found
Runners doing strides were followed.

## Caveats
A fixture.

## Bottom line
Strides, strides.
"""


def write_config(root: Path, corpus: Path, index: Path, extra: str = "") -> Path:
    """`root/pacer.yaml` naming the library and index, with extra YAML appended."""
    path = root / "pacer.yaml"
    path.write_text(f"corpus: {corpus}\nindex: {index}\n{extra}", encoding="utf-8")
    return path


def build_site(root: Path, library: Path, embedder: Embedder) -> Path:
    """A copy of `library` under root/corpus, indexed into root/index, with its config."""
    shutil.copytree(library, root / "corpus")
    build_index(load_library(root / "corpus"), embedder, root / "index")
    write_config(root, root / "corpus", root / "index")
    return root


def site_copy(site: Path, target: Path, extra_config: str = "") -> Path:
    """A private copy of a site (library, index, config) with extra YAML appended to its config."""
    shutil.copytree(site / "corpus", target / "corpus")
    shutil.copytree(site / "index", target / "index")
    write_config(target, target / "corpus", target / "index", extra_config)
    return target
