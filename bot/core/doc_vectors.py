"""Per document, the vectors of its claims and of its `questions`, embedded when the index is built.

Composing an answer compares the question with the lead document's claims (which one reads most like what was
asked) and with the ways runners ask what it answers. Embedding those texts when a document first leads cost
a batch of embeddings per new lead (tens of milliseconds), which in a large library is most questions; so
the build embeds them once, beside the chunks, reusing the previous generation's vectors for unchanged texts.

Files in a generation folder: `doc_vectors.npy` (one unit row per text, memory-mapped) and
`doc_vectors.npz` (per document the start of its claims and of its questions; per text a hash of it).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

VECTORS = "doc_vectors.npy"
TABLE = "doc_vectors.npz"


def texts(claims: Iterable[str], questions: Iterable[str]) -> list[str]:
    return [*claims, *questions]


def _key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()[:16]


class DocVectors:
    """The claim and question vectors of one generation's documents, by document row."""

    def __init__(self, folder: Path):
        with np.load(folder / TABLE) as table:
            self.claims_start: np.ndarray = table["claims_start"]
            self.questions_start: np.ndarray = table["questions_start"]
            self.keys: np.ndarray = table["keys"]
        self.vectors: np.ndarray = np.load(folder / VECTORS, mmap_mode="r")
        if len(self.vectors) != len(self.keys) or int(self.questions_start[-1]) != len(self.keys):
            raise ValueError(f"{folder / TABLE} does not match {folder / VECTORS}")

    def claims(self, row: int) -> np.ndarray:
        return np.asarray(self.vectors[self.claims_start[row] : self.questions_start[row]])

    def questions(self, row: int) -> np.ndarray:
        return np.asarray(self.vectors[self.questions_start[row] : self.claims_start[row + 1]])

    def by_key(self) -> dict[bytes, int]:
        return {bytes(k): i for i, k in enumerate(self.keys)}


def write_doc_vectors(
    folder: Path,
    documents: list[tuple[list[str], list[str]]],
    embed: Callable[[list[str]], np.ndarray],
    dimension: int,
    previous: DocVectors | None = None,
) -> int:
    """Embed (or reuse) every document's claims and questions, in document row order; returns how many texts
    were embedded."""
    claims_start: list[int] = []
    questions_start: list[int] = []
    all_texts: list[str] = []
    for claims, questions in documents:
        claims_start.append(len(all_texts))
        all_texts.extend(claims)
        questions_start.append(len(all_texts))
        all_texts.extend(questions)
    claims_start.append(len(all_texts))
    questions_start.append(len(all_texts))
    keys = np.array([_key(t) for t in all_texts], dtype="S16").reshape(-1)
    matrix = np.zeros((len(all_texts), dimension), dtype=np.float32)
    known = previous.by_key() if previous is not None else {}
    todo = []
    for i, key in enumerate(keys):
        row = known.get(bytes(key))
        if row is None:
            todo.append(i)
        else:
            matrix[i] = previous.vectors[row]  # type: ignore[union-attr]
    if todo:
        matrix[todo] = embed([all_texts[i] for i in todo])
    with open(folder / VECTORS, "wb") as fh:
        np.save(fh, matrix)
        fh.flush()
        os.fsync(fh.fileno())
    with open(folder / TABLE, "wb") as fh:
        np.savez(
            fh,
            claims_start=np.asarray(claims_start, dtype=np.int64),
            questions_start=np.asarray(questions_start, dtype=np.int64),
            keys=keys if len(keys) else np.zeros(0, dtype="S16"),
        )
        fh.flush()
        os.fsync(fh.fileno())
    return len(todo)
