"""The `Pacer` object: the one API the CLI, the Discord bot, the tests and the benchmarks share."""

from __future__ import annotations

import gc
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from bot.core.answer import Answer
from bot.core.chunking import Chunk
from bot.core.compose import compose
from bot.core.config import Config, load_config
from bot.core.embedding import Embedder
from bot.core.errors import IndexUnusableError
from bot.core.hits import ListedHits
from bot.core.index import BuildReport, build_index, generation_dir, load_index, staleness
from bot.core.library import Library, library_stamp, load_library
from bot.core.retrieve import Mode, Retrieval, Retriever
from bot.core.warning_signs import WarningSigns

CACHE_SIZE = 1024  # answers kept per loaded index (a few KB each)
FOLLOW_UP_WORDS = 8  # a follow-up this short ("what about for ITB?") may be read with the conversation's question


def question_key(question: str) -> str:
    """The cache key of a question: lower-case, single spaces.

    Nothing that could change the answer is folded: the embedding model is uncased, keyword search and
    red-flag triage ignore case, and spacing never reaches either; punctuation and apostrophes do, so they
    are kept as typed.
    """
    return " ".join(str(question).split()).lower()


class AnswerCache:
    """The most recently asked questions' answers (least recently used dropped first), thread-safe."""

    def __init__(self, size: int = CACHE_SIZE):
        self.size = size
        self.hits = 0
        self.misses = 0
        self._answers: OrderedDict[str, Answer] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Answer | None:
        with self._lock:
            answer = self._answers.get(key)
            if answer is None:
                self.misses += 1
            else:
                self.hits += 1
                self._answers.move_to_end(key)
            return answer

    def put(self, key: str, answer: Answer) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._answers[key] = answer
            self._answers.move_to_end(key)
            while len(self._answers) > self.size:
                self._answers.popitem(last=False)

    def info(self) -> dict[str, int]:
        with self._lock:
            return {"hits": self.hits, "misses": self.misses, "size": len(self._answers), "capacity": self.size}


@dataclass(frozen=True)
class Loaded:
    """One consistent state to answer from: a library, the retriever over its index, and their answer cache."""

    library: Library
    retriever: Retriever
    cache: AnswerCache


def update_index(
    config: Config,
    embedder: Embedder,
    *,
    library: Library | None = None,
    progress: bool = False,
    on_embed: Callable[[int], None] | None = None,
) -> BuildReport:
    """Bring the configured index up to date with the library (read now, unless given), embedding only what
    changed, and keep the warning-sign examples' vectors beside it (so the first question does not wait for
    them). A broken library raises `LibraryError` before anything is written."""
    if library is None:
        library = load_library(config.corpus_dir, snapshot=generation_dir(config.index_dir))
    report = build_index(library, embedder, config.index_dir, progress=progress, on_embed=on_embed)
    WarningSigns(embedder, config.warnings, cache_dir=config.index_dir).examples()
    return report


class Pacer:
    """Answers questions from a loaded library and index.

    `rebuild()` builds a new index and swaps it in as one reference assignment, so questions being
    answered meanwhile keep using the old, consistent (library, retriever) pair. Answers are cached by
    `question_key`; each loaded index has its own cache, so a rebuild never serves an answer from the
    old library.
    """

    def __init__(
        self,
        config: Config,
        library: Library,
        retriever: Retriever,
        embedder: Embedder,
        *,
        cache_size: int = CACHE_SIZE,
    ):
        self.config = config
        self.embedder = embedder
        self.warning_signs = WarningSigns(embedder, config.warnings, cache_dir=config.index_dir)
        self.cache_size = cache_size
        self._state = Loaded(library, retriever, AnswerCache(cache_size))
        # The loaded library and index are many long-lived objects (names, catalogue, model); leaving them to
        # the collector made every full collection walk them all, pauses that grow with the library.
        gc.freeze()
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
        cache_size: int = CACHE_SIZE,
    ) -> Pacer:
        """Load config, library and index; refuse a missing, mismatched or stale index with how to fix it."""
        config = config or load_config(path, corpus=corpus, index=index)
        embedder = embedder or Embedder(config.model, config.batch_size)
        library = load_library(config.corpus_dir, snapshot=generation_dir(config.index_dir))
        retriever = cls._load_retriever(config, library, embedder)
        return cls(config, library, retriever, embedder, cache_size=cache_size)

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
        return self._state.library

    @property
    def retriever(self) -> Retriever:
        return self._state.retriever

    def library_stamp(self) -> tuple:
        """What the library folder holds now (files, sizes, times): it changes when a summary is added, edited
        or removed, so a watcher can tell when to `rebuild`."""
        return library_stamp(self.config.corpus_dir)

    def retrieve(self, question: str, mode: Mode = "hybrid") -> Retrieval:
        return self.retriever.search(question, mode)

    def passages(self, chunk_ids: list[str], doc_ids: list[str]) -> dict[str, tuple[str, Chunk]]:
        """Chunk id -> (document title, chunk) for an earlier answer's passages; a chunk or document no longer
        in the library is absent. Only the cited documents' chunks are read."""
        library, retriever = self._state.library, self._state.retriever
        rows = [row for d in doc_ids if d in library.documents and (row := retriever.row_of(d)) is not None]
        found = retriever.index.chunks.find(set(chunk_ids), rows)
        return {cid: (library[c.doc_id].title, c) for cid, c in found.items()}

    def cache_info(self) -> dict[str, int]:
        """Hits, misses, size and capacity of the current index's answer cache."""
        return self._state.cache.info()

    def ask(self, question: str, context: str | None = None) -> Answer:
        """Answer one question: triage, retrieve, compose. Never raises for odd text.

        `context` is the question a conversation started with (a Discord thread's). A short follow-up ("what
        about for ITB?") is answered for its own topic first; only when that finds nothing is it read together
        with the context ("should I do hip exercises? what about for ITB?").

        A question asked before (same `question_key`) is answered from the cache: its `timing_ms` is this
        call's (no embedding, search or composing; `total` is the look-up) with `cached` = 1; `question` is
        always the text as asked this time.
        """
        if context and 0 < len(str(question).split()) <= FOLLOW_UP_WORDS:
            alone = self.ask(question)
            if alone.outcome != "decline" or alone.red_flag:
                return alone
            together = self.ask(f"{context} {question}")
            return replace(together, question=alone.question) if together.outcome != "decline" else alone
        started = time.perf_counter()
        state = self._state  # one read: a rebuild meanwhile swaps in a whole new state
        library, retriever, cache = state.library, state.retriever, state.cache
        text = " ".join(str(question).split())
        key = question_key(text)
        cached = cache.get(key) if text else None
        if cached is not None:
            lookup = (time.perf_counter() - started) * 1000
            timing = {"embed": 0.0, "search": 0.0, "compose": 0.0, "total": lookup, "cached": 1.0}
            return replace(cached, question=text, timing_ms=timing)
        # One embedding serves both the warning-sign check and retrieval. An empty question has nothing to
        # search for: decline without touching the model.
        t_embed = time.perf_counter()
        vector = self.embedder.embed_one(text) if text else None
        embedded = time.perf_counter()
        triaged = self.warning_signs.triage(text, vector)
        retrieval = (
            retriever.search(text, "hybrid", query=vector)
            if text
            else Retrieval(question=text, mode="hybrid", hits=ListedHits(), declined=True, embed_ms=0.0, search_ms=0.0)
        )
        t_compose = time.perf_counter()
        answer = compose(
            text,
            retrieval,
            library,
            triaged,
            self.config.retrieval,
            lambda doc_id: (retriever.claim_similarities(doc_id, vector), retriever.question_match(doc_id, vector)),
        )
        done = time.perf_counter()
        timing = {
            "embed": (embedded - t_embed) * 1000,
            "search": retrieval.search_ms,
            "compose": (done - t_compose) * 1000,
            "total": (done - started) * 1000,
        }
        answer = replace(answer, timing_ms=timing)
        if text:
            cache.put(key, answer)
        return answer

    def rebuild(self, *, progress: bool = False) -> BuildReport:
        """Re-read the library, update the index on disk, and swap the new one in.

        A broken library raises `LibraryError` before anything is written: the old index keeps serving.
        """
        with self._rebuild_lock:
            library = load_library(self.config.corpus_dir, snapshot=generation_dir(self.config.index_dir))
            report = build_index(library, self.embedder, self.config.index_dir, progress=progress)
            retriever = Retriever(
                load_index(self.config.index_dir, model=self.embedder.name),
                library,
                self.embedder,
                self.config.retrieval,
            )
            self._state = Loaded(library, retriever, AnswerCache(self.cache_size))
            gc.unfreeze()  # so the old index's cycles can be collected, once, before freezing the new one
            gc.collect()
            gc.freeze()
            return report
