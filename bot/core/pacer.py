"""The `Pacer` object: the one API the CLI, the Discord bot, the tests and the benchmarks share."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from pathlib import Path

from bot.core.answer import Answer
from bot.core.compose import compose
from bot.core.config import Config, load_config
from bot.core.embedding import Embedder
from bot.core.errors import IndexUnusableError
from bot.core.index import BuildReport, build_index, load_index, staleness
from bot.core.library import Library, load_library
from bot.core.retrieve import Mode, Retrieval, Retriever
from bot.core.triage import triage


class Pacer:
    """Answers questions from a loaded library and index.

    `rebuild()` builds a new index and swaps it in as one reference assignment, so questions being
    answered meanwhile keep using the old, consistent (library, retriever) pair.
    """

    def __init__(self, config: Config, library: Library, retriever: Retriever, embedder: Embedder):
        self.config = config
        self.embedder = embedder
        self._state = (library, retriever)
        self._rebuild_lock = threading.Lock()

    @classmethod
    def from_config(
        cls,
        path: str | Path | None = None,
        *,
        corpus: str | Path | None = None,
        index: str | Path | None = None,
        embedder: Embedder | None = None,
        config: Config | None = None,
    ) -> Pacer:
        """Load config, library and index; refuse a missing, mismatched or stale index with how to fix it."""
        config = config or load_config(path, corpus=corpus, index=index)
        embedder = embedder or Embedder(config.model, config.batch_size)
        library = load_library(config.corpus_dir)
        return cls(config, library, cls._load_retriever(config, library, embedder), embedder)

    @staticmethod
    def _load_retriever(config: Config, library: Library, embedder: Embedder) -> Retriever:
        stale = staleness(config.index_dir, library, embedder.name)
        if stale.stale and not stale.missing:
            raise IndexUnusableError(
                f"the index in {config.index_dir} is stale: {stale.describe()} "
                "Run `pacer index` to update it (only the changed documents are re-embedded)."
            )
        loaded = load_index(config.index_dir, model=embedder.name)
        return Retriever(loaded, library, embedder, config.retrieval)

    @property
    def library(self) -> Library:
        return self._state[0]

    @property
    def retriever(self) -> Retriever:
        return self._state[1]

    def retrieve(self, question: str, mode: Mode = "hybrid") -> Retrieval:
        return self.retriever.score(question, mode)

    def ask(self, question: str) -> Answer:
        """Answer one question: triage, retrieve, compose. Never raises for odd text."""
        started = time.perf_counter()
        library, retriever = self._state
        text = " ".join(str(question).split())
        triaged = triage(text)
        # An empty question has nothing to search for: decline without touching the model.
        retrieval = retriever.score(text, "hybrid") if text else Retrieval(text, "hybrid", (), True, 0.0, 0.0)
        t_compose = time.perf_counter()
        answer = compose(text, retrieval, library, triaged, self.config.retrieval)
        done = time.perf_counter()
        timing = {
            "embed": retrieval.embed_ms,
            "search": retrieval.search_ms,
            "compose": (done - t_compose) * 1000,
            "total": (done - started) * 1000,
        }
        return replace(answer, timing_ms=timing)

    def rebuild(self, *, progress: bool = False) -> BuildReport:
        """Re-read the library, update the index on disk, and swap the new one in.

        A broken library raises `LibraryError` before anything is written: the old index keeps serving.
        """
        with self._rebuild_lock:
            library = load_library(self.config.corpus_dir)
            report = build_index(library, self.embedder, self.config.index_dir, progress=progress)
            retriever = Retriever(
                load_index(self.config.index_dir, model=self.embedder.name),
                library,
                self.embedder,
                self.config.retrieval,
            )
            self._state = (library, retriever)
            return report
