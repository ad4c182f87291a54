"""Index build: a full build of the library (throughput, chunks per second), then incremental rebuilds after
editing one document — one paragraph, and its title (which its profile and every body chunk embed) — which must
embed only that document's chunks and take ≤ 10% of a full build. The model is loaded beforehand (a
build's cost, not the model's load time, is what is measured).
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.common import ROOT, log, measure, pct, table

TARGET = 0.10


def _timed_build(corpus: Path, index: Path, embedder) -> tuple[float, object, list[int]]:
    from bot.core.index import build_index
    from bot.core.library import load_library

    embedded: list[int] = []
    started = time.perf_counter()
    report = build_index(load_library(corpus), embedder, index, on_embed=embedded.append)
    return time.perf_counter() - started, report, embedded


def _biggest_document(corpus: Path) -> tuple[Path, int]:
    """The library file with the most chunks, and how many it has."""
    from bot.core.chunking import chunk_document
    from bot.core.library import load_library

    doc = max(load_library(corpus), key=lambda d: len(chunk_document(d)))
    path = next(p for p in corpus.glob("*.md") if re.search(rf"^id: {re.escape(doc.id)}\s*$", p.read_text(), re.M))
    return path, len(chunk_document(doc))


def run(full_builds: int = 2) -> dict:
    from bot.core.embedding import Embedder

    embedder = Embedder()
    embedder.embed_one("warm-up")
    fulls = []
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(ROOT / "corpus", corpus)
        for i in range(full_builds):
            index = Path(tmp) / f"index-{i}"
            log(f"build: full build {i + 1} of {full_builds}")
            seconds, report, _ = _timed_build(corpus, index, embedder)
            fulls.append(seconds)
        chunks, documents = report.chunks, report.documents

        log("build: unchanged library")
        unchanged_s, unchanged, _ = _timed_build(corpus, index, embedder)
        assert not unchanged.wrote

        path, doc_chunks = _biggest_document(corpus)
        text = path.read_text()
        log(f"build: one paragraph edited in {path.name}")
        path.write_text(text.replace("## Bottom line\n", "## Bottom line\nOne added opening sentence. ", 1))
        paragraph_s, _, paragraph_embedded = _timed_build(corpus, index, embedder)

        log(f"build: the title of {path.name} edited (its profile and every body chunk embed it)")
        edited = re.sub(r'^(title: "?)(.*?)("?)$', r"\1\2, revisited\3", path.read_text(), count=1, flags=re.M)
        path.write_text(edited)
        title_s, title, title_embedded = _timed_build(corpus, index, embedder)
    full = pct(fulls, 50)
    return {
        "documents": documents,
        "chunks": chunks,
        "full_build_s": {"median": full, "all": fulls},
        "chunks_per_s": chunks / full,
        "unchanged_rebuild_s": unchanged_s,
        "edited_document": path.stem,
        "edited_document_chunks": doc_chunks,
        "paragraph_edit": {"embedded": sum(paragraph_embedded), "seconds": paragraph_s, "ratio": paragraph_s / full},
        "title_edit": {
            "embedded": sum(title_embedded),
            "seconds": title_s,
            "ratio": title_s / full,
            "reembedded": title.reembedded,
            "unchanged": title.unchanged,
        },
        "target_ratio": TARGET,
    }


def report(r: dict) -> str:
    p, t = r["paragraph_edit"], r["title_edit"]
    rows = [
        [
            f"full build: {r['documents']} documents, {r['chunks']} chunks",
            f"{r['full_build_s']['median']:.1f} s",
            f"{r['chunks_per_s']:.0f} chunks/s",
            "",
        ],
        ["rebuild, nothing changed", f"{r['unchanged_rebuild_s']:.2f} s", "0 embedded", ""],
        [
            "rebuild after editing one paragraph",
            f"{p['seconds']:.2f} s",
            f"{p['embedded']} embedded",
            f"{p['ratio']:.1%} of full (target ≤ {r['target_ratio']:.0%})",
        ],
        [
            f"rebuild after editing one title ({r['edited_document_chunks']} chunks)",
            f"{t['seconds']:.2f} s",
            f"{t['embedded']} embedded",
            f"{t['ratio']:.1%} of full (target ≤ {r['target_ratio']:.0%})",
        ],
    ]
    return table(["index build", "time", "work", "ratio"], rows)


def main(site: Path | None = None, wait: float = 0) -> dict:
    return measure("build", "Index build", run, report, site=site, wait=wait, needs_site=False)
