"""Hybrid retrieval: dense (FAISS) + keyword (BM25 via bm25s) + title/alias matches, per document, with a
calibrated decision to answer or decline.

Chunks are scored, then aggregated per document (its best chunk), because a citation names a document,
not a paragraph. Declining is part of the contract: a question whose best document is not close enough in
meaning, nor supported by its words, gets "no evidence in the library" rather than the nearest study.

A question's cost follows what the search finds, not the size of the library: only the chunks FAISS returns
and those that hold one of the question's keywords are touched, names are looked up (`bot.core.names`),
document scores are numpy arrays, and a `DocumentHit` (with its passages) is built only when it is read.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from bot.core.chunk_store import ChunkStore
from bot.core.config import RetrievalConfig
from bot.core.embedding import Embedder
from bot.core.hits import DocumentHit, DocumentScores, Hits, ListedHits, RankedHits
from bot.core.index import LoadedIndex
from bot.core.library import Library
from bot.core.names import NameIndex, tokens

Mode = Literal["hybrid", "dense", "keyword"]
MODES: tuple[Mode, ...] = ("hybrid", "dense", "keyword")


@dataclass(kw_only=True, frozen=True)
class Retrieval:
    question: str
    mode: Mode
    hits: Hits  # every document, best first (a tuple is accepted and wrapped)
    declined: bool  # the best document is not close enough to answer from
    embed_ms: float
    search_ms: float
    stages_ms: dict[str, float] = field(default_factory=dict, compare=False)  # the search split by stage

    def __post_init__(self) -> None:
        if not isinstance(self.hits, Hits):
            object.__setattr__(self, "hits", ListedHits(self.hits))

    @property
    def best(self) -> DocumentHit | None:
        return self.hits[0] if len(self.hits) else None


class Retriever:
    """Ranks the library's documents for a question; one per loaded index."""

    def __init__(self, index: LoadedIndex, library: Library, embedder: Embedder, config: RetrievalConfig):
        self.index = index
        self.library = library
        self.embedder = embedder
        self.config = config
        self.doc_ids = list(index.manifest.documents)
        self._doc_row = {doc_id: i for i, doc_id in enumerate(self.doc_ids)}
        self._chunk_doc = index.chunk_docs
        # Per document, the rows of its body chunks (the passages an answer can show as evidence), as one
        # array sorted by document with each document's start: rows of document d are [start[d], start[d+1]).
        evidence = np.flatnonzero(index.evidence)
        self._evidence = evidence[np.argsort(self._chunk_doc[evidence], kind="stable")]
        self._evidence_start = np.searchsorted(self._chunk_doc[self._evidence], np.arange(len(self.doc_ids) + 1))
        # Per document, the rows of all its chunks, grouped the same way.
        self._doc_chunks = np.argsort(self._chunk_doc, kind="stable")
        self._doc_chunk_start = np.searchsorted(self._chunk_doc[self._doc_chunks], np.arange(len(self.doc_ids) + 1))
        self._bm25 = index.keyword_index()
        self._names = NameIndex.of(
            (self._doc_row[doc_id], *library.names(doc_id)) for doc_id in self.doc_ids if doc_id in library.documents
        )
        self._claim_vectors: dict[str, np.ndarray] = {}
        self._question_vectors: dict[str, np.ndarray] = {}

    @property
    def chunks(self) -> ChunkStore:
        return self.index.chunks

    def row_of(self, doc_id: str) -> int | None:
        return self._doc_row.get(doc_id)

    def evidence_rows(self, row: int) -> np.ndarray:
        """The chunk rows of a document's body passages, in chunk order."""
        return self._evidence[self._evidence_start[row] : self._evidence_start[row + 1]]

    def _named(self, question: str) -> np.ndarray:
        named = np.zeros(len(self.doc_ids), dtype=np.float32)
        for row, value in self._names.matches(question).items():
            named[row] = value
        return named

    def _keyword_chunks(self, keywords: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(rows ascending, BM25 scores) of the chunks that hold any keyword: bm25s's own per-token float32
        additions in its order, so the scores are bit for bit its `get_scores`, but over the postings only."""
        ids = self._bm25.get_tokens_ids(keywords)
        scores = self._bm25.scores
        indptr, indices, data = scores["indptr"], scores["indices"], scores["data"]
        spans = [(int(indptr[t]), int(indptr[t + 1])) for t in ids]
        postings = sum(end - start for start, end in spans)
        if not postings:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        if postings * 8 < len(self._chunk_doc):  # few postings: sum them alone
            rows = np.concatenate([indices[a:b] for a, b in spans])
            found, inverse = np.unique(rows, return_inverse=True)
            sums = np.zeros(len(found), dtype=np.float32)
            offset = 0
            for a, b in spans:
                np.add.at(sums, inverse[offset : offset + b - a], data[a:b])
                offset += b - a
            return found.astype(np.int64), sums
        # Many (a word in most chunks): one pass over a zeroed row array is cheaper than sorting them.
        total = np.zeros(len(self._chunk_doc), dtype=np.float32)
        for a, b in spans:
            np.add.at(total, indices[a:b], data[a:b])
        found = np.flatnonzero(total)
        return found, total[found]

    def _keyword_among(self, keywords: list[str], docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(rows ascending, BM25 scores) of the chunks of these documents: each keyword's posting for each
        chunk found by binary search (postings are sorted by chunk), added in bm25s's order, so each score is
        bit for bit its `get_scores` for that chunk."""
        ids = self._bm25.get_tokens_ids(keywords)
        if not ids or not len(docs):
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        rows = np.concatenate([self._doc_chunks[self._doc_chunk_start[d] : self._doc_chunk_start[d + 1]] for d in docs])
        rows = np.sort(rows).astype(np.int64)
        scores = self._bm25.scores
        indptr, indices, data = scores["indptr"], scores["indices"], scores["data"]
        sums = np.zeros(len(rows), dtype=np.float32)
        for t in ids:
            a, b = int(indptr[t]), int(indptr[t + 1])
            if a == b:
                continue
            posting = indices[a:b]
            at = np.minimum(np.searchsorted(posting, rows), b - a - 1)
            found = posting[at] == rows
            sums[found] += data[a:b][at[found]]
        return rows, sums

    def search(self, question: str, mode: Mode = "hybrid", query: np.ndarray | None = None) -> Retrieval:
        """Rank every document; `query` is the question's embedding when the caller already has it."""
        cfg = self.config
        t0 = time.perf_counter()
        embedded = query is None and mode != "keyword"
        if mode == "keyword":
            query = None
        elif query is None:
            query = self.embedder.embed_one(question)
        t1 = time.perf_counter()
        n_docs, n_chunks = len(self.doc_ids), len(self._chunk_doc)
        dense = np.zeros(n_docs, dtype=np.float32)
        dense_rows, dense_sims = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        if query is not None and n_chunks:
            k = min(max(cfg.dense_k, 1), n_chunks)
            sims, rows = self.index.search(query[None, :], k)
            valid = rows[0] >= 0
            dense_rows, dense_sims = rows[0][valid].astype(np.int64), sims[0][valid]
            np.maximum.at(dense, self._chunk_doc[dense_rows], dense_sims)
        t2 = time.perf_counter()
        named = self._named(question) if mode == "hybrid" else np.zeros(n_docs, dtype=np.float32)
        t3 = time.perf_counter()
        # A question of stopwords, digits or symbols alone has no keywords.
        keywords = tokens([question])[0] if mode != "dense" and n_chunks else []
        if mode == "hybrid":
            # Keywords only weigh among the documents the search reached (a FAISS hit or a name): the others
            # score 0 either way in the answer's terms, and a common word's postings run to most of the library.
            reached = np.flatnonzero((dense > 0) | (named > 0))
            kw_rows, kw_scores = self._keyword_among(keywords, reached)
        else:
            kw_rows, kw_scores = self._keyword_chunks(keywords)
        keyword = np.zeros(n_docs, dtype=np.float32)
        np.maximum.at(keyword, self._chunk_doc[kw_rows], kw_scores)
        t4 = time.perf_counter()
        saturated = keyword / (keyword + cfg.keyword_saturation)
        combined: np.ndarray
        if mode == "dense":
            combined = dense.copy()
        elif mode == "keyword":
            combined = saturated
        else:
            combined = dense + cfg.keyword_weight * saturated + cfg.alias_bonus * named
        hits = RankedHits(
            DocumentScores(self, mode, combined, dense, keyword, named, (dense_rows, dense_sims), (kw_rows, kw_scores))
        )
        best = hits[0] if len(hits) else None
        t5 = time.perf_counter()
        ms = {"dense": t2 - t1, "names": t3 - t2, "keyword": t4 - t3, "rank": t5 - t4}
        return Retrieval(
            question=question,
            mode=mode,
            hits=hits,
            declined=self.declines(best, mode),
            embed_ms=(t1 - t0) * 1000 if embedded else 0.0,
            search_ms=(t5 - t1) * 1000,
            stages_ms={k: v * 1000 for k, v in ms.items()},
        )

    def _text_vectors(self, doc_id: str, texts: list[str], kind: str) -> np.ndarray:
        """The vectors of a document's claims or questions: as the build embedded them, or (an index written
        without them) embedded now, once."""
        row = self._doc_row.get(doc_id)
        stored = self.index.doc_vectors
        if row is not None:
            vectors = stored.claims(row) if kind == "claims" else stored.questions(row)
            if len(vectors) == len(texts):
                return vectors
        cache = self._claim_vectors if kind == "claims" else self._question_vectors
        cached = cache.get(doc_id)
        if cached is None:
            cached = cache[doc_id] = self.embedder.embed(texts)
        return cached

    def claim_similarities(self, doc_id: str, query: np.ndarray | None) -> dict[str, float]:
        """Per intent, the question's cosine to the document's claim for it: which claim reads most like what
        was asked, when the question's words do not say."""
        doc = self.library[doc_id]
        if query is None or not doc.claims:
            return {}
        vectors = self._text_vectors(doc_id, [c.text for c in doc.claims], "claims")
        return {c.intent: float(v @ query) for c, v in zip(doc.claims, vectors, strict=True)}

    def question_match(self, doc_id: str, query: np.ndarray | None) -> float:
        """The question's best cosine to the document's own `questions` (how runners ask what it answers): the
        evidence that the document answers *this* question rather than a neighbouring one. 0 without any."""
        doc = self.library[doc_id]
        if query is None or not doc.questions:
            return 0.0
        return float((self._text_vectors(doc_id, list(doc.questions), "questions") @ query).max())

    def declines(self, best: DocumentHit | None, mode: Mode, threshold: float | None = None) -> bool:
        """Whether the best document is too weak to answer from."""
        if best is None:
            return True
        return best.score < (self.config.min_score if threshold is None else threshold)
