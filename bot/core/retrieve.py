"""Hybrid retrieval: dense (FAISS) + keyword (BM25 via bm25s) + title/alias matches, per document, with a
calibrated decision to answer or decline.

Chunks are scored, then aggregated per document (its best chunk), because a citation names a document,
not a paragraph. Declining is part of the contract: a question whose best document is not close enough in
meaning, nor supported by its words, gets "no evidence in the library" rather than the nearest study.
"""

from __future__ import annotations

import re
import time
import unicodedata
from dataclasses import dataclass
from typing import Literal

import bm25s
import numpy as np
import Stemmer

from bot.core.chunking import SEARCH_ONLY, Chunk
from bot.core.config import RetrievalConfig
from bot.core.embedding import Embedder
from bot.core.index import LoadedIndex
from bot.core.library import Library

Mode = Literal["hybrid", "dense", "keyword"]
MODES: tuple[Mode, ...] = ("hybrid", "dense", "keyword")
_STEMMER = Stemmer.Stemmer("english")


@dataclass(frozen=True)
class Passage:
    chunk: Chunk
    score: float  # cosine similarity to the question


@dataclass(frozen=True)
class DocumentHit:
    doc_id: str
    score: float  # the combined score the ranking and the decline decision use
    dense: float  # best chunk's cosine similarity
    keyword: float  # best chunk's BM25 score
    named: bool  # the question names the document's title or one of its aliases
    passages: tuple[Passage, ...]  # the document's best-matching body passages (its evidence), best first
    retrieved: bool  # reached by the search itself (a FAISS hit, a named alias; BM25 alone in keyword mode)


@dataclass(frozen=True)
class Retrieval:
    question: str
    mode: Mode
    hits: tuple[DocumentHit, ...]  # every document, best first
    abstained: bool
    embed_ms: float
    search_ms: float

    @property
    def best(self) -> DocumentHit | None:
        return self.hits[0] if self.hits else None


def normalise(text: str) -> str:
    """Lower-case, unify apostrophes and quotes, drop punctuation, collapse spaces: for phrase matching."""
    text = unicodedata.normalize("NFKC", text).lower().replace("\u2019", "'").replace("`", "'")
    text = re.sub(r"[^\w']+", " ", text)
    return " " + " ".join(text.split()) + " "


def _tokens(texts: list[str], stopwords: str | None = "en") -> list[list[str]]:
    return bm25s.tokenize(texts, stopwords=stopwords, stemmer=_STEMMER, return_ids=False, show_progress=False)


def _stemmed_phrase(phrase: str) -> tuple[str, ...]:
    """A name's stems, for matching inflections ("ice baths", "underfuelling"); () when too short to trust.

    The tokenizer drops one-letter words, so short names ("RED-S", "DOMS") are left to exact matching.
    """
    stems = tuple(_tokens([phrase], stopwords=None)[0])
    return stems if len(stems) >= 2 or (stems and len(stems[0]) >= 4) else ()


def _near(a: str, b: str) -> bool:
    """Equal, or one edit apart (a letter added, dropped, changed or two swapped) when both are long enough
    for a typo to be a typo: "fascitis" is "fasciitis", "aches" is not "acres"."""
    if a == b:
        return True
    if min(len(a), len(b)) < 6 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    n = len(needle)
    return any(
        all(_near(h, w) for h, w in zip(haystack[i : i + n], needle, strict=True)) for i in range(len(haystack) - n + 1)
    )


def _within(phrase: str | tuple[str, ...], other: str | tuple[str, ...]) -> bool:
    """Whether `phrase` is a strictly shorter part of `other` (both normalised text, or both stem tuples)."""
    if isinstance(phrase, str) and isinstance(other, str):
        return len(phrase) < len(other) and phrase in other
    if isinstance(phrase, tuple) and isinstance(other, tuple):
        return len(phrase) < len(other) and _contains(other, phrase)
    return False


class Retriever:
    """Ranks the library's documents for a question; one per loaded index."""

    def __init__(self, index: LoadedIndex, library: Library, embedder: Embedder, config: RetrievalConfig):
        self.index = index
        self.library = library
        self.embedder = embedder
        self.config = config
        self.doc_ids = list(index.manifest.documents)
        self._doc_row = {doc_id: i for i, doc_id in enumerate(self.doc_ids)}
        self._chunk_doc = np.array([self._doc_row[c.doc_id] for c in index.chunks], dtype=np.int64)
        # Per document, the rows of its body chunks: the passages an answer can show as evidence.
        evidence = np.array([c.section not in SEARCH_ONLY for c in index.chunks], dtype=bool)
        self._evidence_rows = [np.flatnonzero((self._chunk_doc == d) & evidence) for d in range(len(self.doc_ids))]
        self._bm25 = bm25s.BM25()
        self._bm25.index(_tokens([c.embed_text for c in index.chunks]), show_progress=False)
        # Phrases that name a document: its title and aliases, matched exactly (normalised) or by stems, with
        # a typo allowed in long words. A phrase counts for as much as it is specific: one that names a single
        # document gives the whole bonus, one shared by four documents a quarter of it.
        self._names: dict[str, tuple[list[str], list[tuple[str, ...]]]] = {}
        for doc in library:
            if doc.id in self._doc_row:
                phrases = [doc.title, *doc.aliases]
                exact = [n for n in {normalise(p) for p in phrases} if n.strip()]
                self._names[doc.id] = (exact, [s for s in {_stemmed_phrase(p) for p in phrases} if s])
        self._claim_vectors: dict[str, np.ndarray] = {}
        self._question_vectors: dict[str, np.ndarray] = {}
        self._sharing: dict[object, int] = {}
        for exact, stemmed in self._names.values():
            for phrase in {*exact, *stemmed}:
                self._sharing[phrase] = self._sharing.get(phrase, 0) + 1

    def _named(self, question: str) -> np.ndarray:
        """Per document, how specifically the question names it: 1 / (documents sharing the phrase), 0 if not."""
        q = normalise(question)
        q_stems = tuple(_tokens([question], stopwords=None)[0])
        named = np.zeros(len(self.doc_ids), dtype=np.float32)
        found: dict[str, list[str | tuple[str, ...]]] = {}
        for doc_id, (exact, stemmed) in self._names.items():
            matched = [n for n in exact if n in q] + [s for s in stemmed if _contains(q_stems, s)]
            if matched:
                found[doc_id] = matched
        # A phrase that is only part of a longer phrase the question also contains names nothing by itself:
        # "easy runs" inside "strides after easy runs", "cramps" inside "cramps in your side".
        longer = {m for phrases in found.values() for m in phrases}
        for doc_id, matched in found.items():
            kept = [m for m in matched if not any(_within(m, other) for other in longer)]
            if kept:
                named[self._doc_row[doc_id]] = max(1.0 / self._sharing[m] for m in kept)
        return named

    def score(self, question: str, mode: Mode = "hybrid", query: np.ndarray | None = None) -> Retrieval:
        """Rank every document; `query` is the question's embedding when the caller already has it."""
        cfg = self.config
        t0 = time.perf_counter()
        embedded = query is None and mode != "keyword"
        if mode == "keyword":
            query = None
        elif query is None:
            query = self.embedder.embed_one(question)
        t1 = time.perf_counter()
        n_docs, n_chunks = len(self.doc_ids), len(self.index.chunks)
        chunk_dense = np.zeros(n_chunks, dtype=np.float32)
        if query is not None and n_chunks:
            k = min(max(cfg.dense_k, 1), n_chunks)
            sims, rows = self.index.search(query[None, :], k)
            valid = rows[0] >= 0
            chunk_dense[rows[0][valid]] = sims[0][valid]
        # A question of stopwords, digits or symbols alone has no keywords (and bm25s rejects an empty query).
        keywords = _tokens([question])[0] if mode != "dense" and n_chunks else []
        chunk_kw = (
            self._bm25.get_scores(keywords).astype(np.float32) if keywords else np.zeros(n_chunks, dtype=np.float32)
        )
        dense = np.zeros(n_docs, dtype=np.float32)
        keyword = np.zeros(n_docs, dtype=np.float32)
        np.maximum.at(dense, self._chunk_doc, chunk_dense)
        np.maximum.at(keyword, self._chunk_doc, chunk_kw)
        named = self._named(question) if mode == "hybrid" else np.zeros(n_docs, dtype=np.float32)
        saturated = keyword / (keyword + cfg.keyword_saturation)
        if mode == "dense":
            combined = dense.copy()
        elif mode == "keyword":
            combined = saturated
        else:
            combined = dense + cfg.keyword_weight * saturated + cfg.alias_bonus * named
        order = np.argsort(-combined, kind="stable")
        hits = []
        for row in order:
            doc_id = self.doc_ids[row]
            rows = self._evidence_rows[row]
            best = rows[np.argsort(-chunk_dense[rows] - chunk_kw[rows] * 1e-3, kind="stable")][:3]
            hits.append(
                DocumentHit(
                    doc_id=doc_id,
                    score=float(combined[row]),
                    dense=float(dense[row]),
                    keyword=float(keyword[row]),
                    named=bool(named[row] > 0),
                    passages=tuple(Passage(self.index.chunks[r], float(chunk_dense[r])) for r in best),
                    retrieved=bool(keyword[row] > 0 if mode == "keyword" else dense[row] > 0 or named[row] > 0),
                )
            )
        t2 = time.perf_counter()
        return Retrieval(
            question=question,
            mode=mode,
            hits=tuple(hits),
            abstained=self.declines(hits[0] if hits else None, mode),
            embed_ms=(t1 - t0) * 1000 if embedded else 0.0,
            search_ms=(t2 - t1) * 1000,
        )

    def claim_similarities(self, doc_id: str, query: np.ndarray | None) -> dict[str, float]:
        """Per intent, the question's cosine to the document's claim for it: which claim reads most like what
        was asked, when the question's words do not say. Each document's claims are embedded once, when first
        needed (a handful of short texts)."""
        doc = self.library[doc_id]
        if query is None or not doc.claims:
            return {}
        vectors = self._claim_vectors.get(doc_id)
        if vectors is None:
            vectors = self.embedder.embed([c.text for c in doc.claims])
            self._claim_vectors[doc_id] = vectors
        return {c.intent: float(v @ query) for c, v in zip(doc.claims, vectors, strict=True)}

    def question_match(self, doc_id: str, query: np.ndarray | None) -> float:
        """The question's best cosine to the document's own `questions` (how runners ask what it answers): the
        evidence that the document answers *this* question rather than a neighbouring one. 0 without any."""
        doc = self.library[doc_id]
        if query is None or not doc.questions:
            return 0.0
        vectors = self._question_vectors.get(doc_id)
        if vectors is None:
            vectors = self.embedder.embed(list(doc.questions))
            self._question_vectors[doc_id] = vectors
        return float((vectors @ query).max())

    def declines(self, best: DocumentHit | None, mode: Mode, threshold: float | None = None) -> bool:
        """Whether the best document is too weak to answer from."""
        if best is None:
            return True
        return best.score < (self.config.min_score if threshold is None else threshold)
