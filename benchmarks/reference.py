"""The straightforward retriever the fast one must agree with: every document scored and built, every name
tried against the question in a loop, BM25 scored over every chunk (then, in hybrid mode, kept only for the
documents the search reached, the rule the fast retriever implements by scoring only those).

This is the retrieval Pacer had before the end-to-end scale work (issue #16), kept as the oracle for the
benchmark's identity check and for tests: `ReferenceRetriever(...).search(q)` must give the same hits, in the
same order, with the same scores and passages, as `Retriever.search(q)`. It is slow on purpose; never serve
from it.
"""

from __future__ import annotations

import time

import numpy as np

from bot.core.hits import DocumentHit, ListedHits, Passage
from bot.core.names import MAX_SHARING, contains, document_phrases, normalise, tokens, within
from bot.core.retrieve import Mode, Retrieval, Retriever


class ReferenceRetriever(Retriever):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chunk_doc = self.index.chunk_docs
        evidence = self.index.evidence
        # Per document, its evidence rows in chunk order (grouped in one sort: a loop over documents would be
        # documents x chunks, hours at a million chunks).
        rows = np.flatnonzero(evidence)
        rows = rows[np.argsort(chunk_doc[rows], kind="stable")]
        self._rows_of = np.split(rows, np.searchsorted(chunk_doc[rows], np.arange(1, len(self.doc_ids))))
        self._ref_names: dict[str, tuple[set[str], set[tuple[str, ...]]]] = {}
        sharing: dict[object, int] = {}
        for doc_id in self.doc_ids:
            if doc_id in self.library.documents:
                exact, stemmed = document_phrases(*self.library.names(doc_id))
                self._ref_names[doc_id] = (exact, stemmed)
                for phrase in {*exact, *stemmed}:
                    sharing[phrase] = sharing.get(phrase, 0) + 1
        self._ref_sharing = {p: n for p, n in sharing.items() if n <= MAX_SHARING}

    def _ref_named(self, question: str) -> np.ndarray:
        q = normalise(question)
        q_stems = tuple(tokens([question], stopwords=None)[0])
        named = np.zeros(len(self.doc_ids), dtype=np.float32)
        found: dict[str, list] = {}
        for doc_id, (exact, stemmed) in self._ref_names.items():
            matched = [n for n in exact if n in self._ref_sharing and n in q]
            matched += [s for s in stemmed if s in self._ref_sharing and contains(q_stems, s)]
            if matched:
                found[doc_id] = matched
        longer = {m for phrases in found.values() for m in phrases}
        for doc_id, matched in found.items():
            kept = [m for m in matched if not any(within(m, other) for other in longer)]
            if kept:
                named[self.doc_ids.index(doc_id)] = max(1.0 / self._ref_sharing[m] for m in kept)
        return named

    def search(self, question: str, mode: Mode = "hybrid", query: np.ndarray | None = None) -> Retrieval:
        cfg = self.config
        t0 = time.perf_counter()
        embedded = query is None and mode != "keyword"
        if mode == "keyword":
            query = None
        elif query is None:
            query = self.embedder.embed_one(question)
        t1 = time.perf_counter()
        chunk_doc = self.index.chunk_docs
        n_docs, n_chunks = len(self.doc_ids), len(chunk_doc)
        chunk_dense = np.zeros(n_chunks, dtype=np.float32)
        if query is not None and n_chunks:
            k = min(max(cfg.dense_k, 1), n_chunks)
            sims, rows = self.index.search(query[None, :], k)
            valid = rows[0] >= 0
            chunk_dense[rows[0][valid]] = sims[0][valid]
        keywords = tokens([question])[0] if mode != "dense" and n_chunks else []
        bm25 = self.index.keyword_index()
        chunk_kw = bm25.get_scores(keywords).astype(np.float32) if keywords else np.zeros(n_chunks, dtype=np.float32)
        dense = np.zeros(n_docs, dtype=np.float32)
        keyword = np.zeros(n_docs, dtype=np.float32)
        np.maximum.at(dense, chunk_doc, chunk_dense)
        named = self._ref_named(question) if mode == "hybrid" else np.zeros(n_docs, dtype=np.float32)
        if mode == "hybrid":  # keywords weigh only among the documents the search reached (a FAISS hit, a name)
            chunk_kw[~((dense > 0) | (named > 0))[chunk_doc]] = 0.0
        np.maximum.at(keyword, chunk_doc, chunk_kw)
        saturated = keyword / (keyword + cfg.keyword_saturation)
        if mode == "dense":
            combined = dense.copy()
        elif mode == "keyword":
            combined = saturated
        else:
            combined = dense + cfg.keyword_weight * saturated + cfg.alias_bonus * named
        hits = []
        for row in np.argsort(-combined, kind="stable"):
            rows = self._rows_of[row]
            best = rows[np.argsort(-chunk_dense[rows] - chunk_kw[rows] * 1e-3, kind="stable")][:3]
            hits.append(
                DocumentHit(
                    doc_id=self.doc_ids[row],
                    score=float(combined[row]),
                    dense=float(dense[row]),
                    keyword=float(keyword[row]),
                    named=bool(named[row] > 0),
                    passages=tuple(Passage(self.index.chunks[int(r)], float(chunk_dense[r])) for r in best),
                    retrieved=bool(keyword[row] > 0 if mode == "keyword" else dense[row] > 0 or named[row] > 0),
                )
            )
        t2 = time.perf_counter()
        return Retrieval(
            question=question,
            mode=mode,
            hits=ListedHits(hits),
            declined=self.declines(hits[0] if hits else None, mode),
            embed_ms=(t1 - t0) * 1000 if embedded else 0.0,
            search_ms=(t2 - t1) * 1000,
        )
