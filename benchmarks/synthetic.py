"""Synthetic libraries for the scale benchmark: clustered unit vectors and realistic chunk metadata.

The vectors imitate the structure of real all-MiniLM-L6-v2 embeddings of a running library: every chunk
shares a domain direction (the library is all about running), belongs to a topic, a document and a facet
of that document (its questions, its findings, its methods), and has its own noise. The weights are set
so that a synthetic library the size of the real one has the real index's statistics (mean pairwise
cosine 0.31, same-document 0.61-0.64, nearest neighbour 0.77-0.80, mean direction 0.56); the scale
benchmark records both side by side. Large libraries have 40 documents to a topic.

Queries imitate the evaluation questions: most ask about one document (best cosine 0.73, 10th 0.51),
one in five about nothing in the library (best cosine about 0.4).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

from bot.core.chunking import Chunk

DIM = 384
# Squared weights of the components of a chunk vector (they sum to 1): domain, topic, document, facet, own noise.
WEIGHTS = {"domain": 0.30, "topic": 0.10, "document": 0.18, "facet": 0.18, "noise": 0.24}
FACETS = 3
DOCS_PER_TOPIC = 40
SECTIONS = ("Profile", "Questions", "What was studied", "What they found", "Caveats", "Bottom line")
_WORD_TEXT = (
    "runners training load injury knee hip tendon achilles calf plantar fascia shin stress fracture bone "
    "marathon half 5k 10k pace tempo interval threshold easy long run recovery sleep caffeine carbohydrate "
    "protein iron ferritin hydration sodium heat altitude strength plyometric stretching warm-up cadence "
    "footwear minimalist cushioning orthotics surface trail track downhill uphill volume mileage taper "
    "women men masters adolescent novice elite club recreational cohort trial review meta-analysis weeks "
    "months risk ratio pain function return performance economy oxygen lactate heart rate variability"
)
_WORDS = _WORD_TEXT.split()
_SURNAME_TEXT = "smith nielsen van-mechelen hreljac buist malisoux taunton lopes videbaek rasmussen"
_SURNAMES = _SURNAME_TEXT.split()


@dataclass
class Library:
    chunks: list[Chunk]
    documents: dict[str, dict]  # as in the manifest: doc id -> {"hash", "chunks"}
    vectors: np.ndarray  # (n, DIM) float32 unit rows, in chunk order
    doc_of: np.ndarray  # chunk row -> document number
    facet_of: np.ndarray  # chunk row -> facet number (document * FACETS + facet)
    seed: int


def _unit(x: np.ndarray) -> np.ndarray:
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x


def _gaussian(rng: np.random.Generator, n: int) -> np.ndarray:
    return _unit(rng.standard_normal((n, DIM), dtype=np.float32))


def _texts(rng: np.random.Generator, count: int, words: int) -> list[str]:
    """`count` distinct-looking passages of about `words` words (sampled from a bank, so generation is cheap)."""
    bank_size = min(count, 4000)
    vocab = np.array(_WORDS)
    bank = []
    for _ in range(bank_size):
        n = int(rng.integers(words // 2, words * 3 // 2))
        sentence = " ".join(vocab[rng.integers(0, len(vocab), n)])
        bank.append(sentence[0].upper() + sentence[1:] + ".")
    return [bank[i] for i in rng.integers(0, bank_size, count)]


def make_library(
    n_chunks: int, seed: int = 0, *, docs_per_topic: int = DOCS_PER_TOPIC, block: int = 100_000
) -> Library:
    """`n_chunks` chunks in documents of 6-18 chunks, `docs_per_topic` documents to a topic."""
    rng = np.random.default_rng(seed)
    sizes: list[int] = []
    while sum(sizes) < n_chunks:
        sizes.append(int(rng.integers(6, 19)))
    sizes[-1] -= sum(sizes) - n_chunks
    if sizes[-1] <= 0:
        sizes.pop()
        sizes[-1] += n_chunks - sum(sizes)
    n_docs = len(sizes)
    n_topics = max(1, n_docs // docs_per_topic)
    doc_of = np.repeat(np.arange(n_docs), sizes)
    topic_of_doc = rng.integers(0, n_topics, n_docs)
    facet_of = doc_of * FACETS + rng.integers(0, FACETS, n_chunks)

    domain = _gaussian(rng, 1)[0]
    topics = _gaussian(rng, n_topics)
    w = {k: np.float32(np.sqrt(v)) for k, v in WEIGHTS.items()}
    vectors = np.empty((n_chunks, DIM), dtype=np.float32)
    starts = np.concatenate([[0], np.cumsum(sizes)])
    docs_per_block = max(1, block // 12)
    for first in range(0, n_docs, docs_per_block):  # whole documents per block, so facets never straddle two
        last = min(first + docs_per_block, n_docs)
        rows = slice(int(starts[first]), int(starts[last]))
        docs = doc_of[rows]
        documents = _gaussian(rng, last - first)
        facets = _gaussian(rng, (last - first) * FACETS)
        part = w["domain"] * domain + w["topic"] * topics[topic_of_doc[docs]] + w["document"] * documents[docs - first]
        part += w["facet"] * facets[facet_of[rows] - first * FACETS] + w["noise"] * _gaussian(rng, len(docs))
        vectors[rows] = _unit(part)

    chunks, manifest_docs = _metadata(rng, sizes, topic_of_doc)
    return Library(chunks, manifest_docs, vectors, doc_of, facet_of, seed)


def _metadata(rng: np.random.Generator, sizes: list[int], topic_of_doc: np.ndarray) -> tuple[list[Chunk], dict]:
    texts = iter(_texts(rng, sum(sizes), 45))
    vocab = _WORDS
    chunks: list[Chunk] = []
    documents: dict[str, dict] = {}
    for d, size in enumerate(sizes):
        topic = int(topic_of_doc[d])
        doc_id = f"{_SURNAMES[d % len(_SURNAMES)]}-{1990 + d % 35}-{vocab[topic % len(vocab)]}-{d}"
        title = f"{vocab[topic % len(vocab)].capitalize()} and {vocab[(d * 7) % len(vocab)]} in {vocab[d % 11]} runners"
        ids = []
        for j in range(size):
            section = SECTIONS[0] if j == 0 else SECTIONS[1] if j < size // 3 else SECTIONS[2 + j % 4]
            text = next(texts)
            embed_text = text if section in SECTIONS[:2] else f"{title}. {section}: {text}"
            chunk_id = hashlib.sha256(f"{doc_id}\x1f{section}\x1f{j}\x1f{embed_text}".encode()).hexdigest()[:20]
            chunks.append(Chunk(id=chunk_id, doc_id=doc_id, section=section, text=text, embed_text=embed_text))
            ids.append(chunk_id)
        documents[doc_id] = {"hash": hashlib.sha256(doc_id.encode()).hexdigest(), "chunks": ids}
    return chunks, documents


def make_queries(library: Library, n: int, seed: int = 1, out_of_scope: float = 0.2) -> tuple[np.ndarray, np.ndarray]:
    """Question-like query vectors: about one document (most), or about a topic the library lacks.

    An in-scope question mixes one chunk, its document's centroid and noise (0.43, 0.33, 0.63): on a
    494-chunk synthetic library that gives best cosine 0.73 and 10th-best 0.53-0.54, as the real
    evaluation questions do on the real index (0.733, 0.512). An out-of-scope one shares only the
    library's domain direction (best cosine 0.39; the real ones: 0.40). Returns (queries, out-of-scope mask).
    """
    rng = np.random.default_rng((library.seed, seed, 7))
    rows = rng.integers(0, len(library.vectors), n)
    starts = np.flatnonzero(np.r_[True, library.doc_of[1:] != library.doc_of[:-1]])
    ends = np.r_[starts[1:], len(library.doc_of)]
    docs = library.doc_of[rows]
    centroids = np.stack([library.vectors[starts[d] : ends[d]].mean(axis=0) for d in docs])
    queries = 0.43 * library.vectors[rows] + 0.33 * _unit(centroids) + 0.63 * _gaussian(rng, n)
    oos = rng.random(n) < out_of_scope
    if oos.any():
        domain = library.vectors[:: max(1, len(library.vectors) // 100_000)].mean(axis=0)
        domain /= np.linalg.norm(domain)
        queries[oos] = np.sqrt(0.2) * domain + np.sqrt(0.8) * _gaussian(rng, int(oos.sum()))
    return _unit(queries.astype(np.float32)), oos


def stats(vectors: np.ndarray, doc_of: np.ndarray | None = None, sample: int = 2000, seed: int = 0) -> dict:
    """Cosine statistics of a set of unit vectors (on a sample), to compare synthetic with real."""
    rng = np.random.default_rng(seed)
    rows = np.sort(rng.choice(len(vectors), min(sample, len(vectors)), replace=False))
    x = vectors[rows]
    sims = x @ vectors.T
    sims[np.arange(len(rows)), rows] = -1
    top = np.sort(sims, axis=1)
    out = {
        "mean_pair_cosine": float(sims[sims > -1].mean()),
        "nn_cosine": float(top[:, -1].mean()),
        "nn10_cosine": float(top[:, -10].mean()),
        "mean_direction_norm": float(np.linalg.norm(vectors.mean(axis=0))),
    }
    if doc_of is not None:
        same = doc_of[rows][:, None] == doc_of[None, :]
        same[np.arange(len(rows)), rows] = False
        out["same_document_cosine"] = float(sims[same].mean())
    return out
