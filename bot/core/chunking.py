"""Documents into chunks: one per paragraph of each body section, one "profile" chunk per document, and
one chunk per question in its `questions` field.

The profile chunk carries the front matter a runner's words are most likely to meet (title, aliases,
tags, population, conclusion), and a question chunk matches the way runners ask, so a question phrased in
slang still lands on the right document. Neither is evidence: they are never shown as passages.
Chunk ids are content hashes: an unchanged paragraph keeps its id, and so its vector, across rebuilds.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from bot.core.document import Document

PROFILE_SECTION = "Profile"
QUESTION_SECTION = "Questions"
SEARCH_ONLY = (PROFILE_SECTION, QUESTION_SECTION)  # sections that help find a document but are not evidence
MAX_WORDS = 160  # all-MiniLM-L6-v2 reads 256 word pieces; longer paragraphs are split at sentences
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"'])")


@dataclass(kw_only=True, frozen=True)
class Chunk:
    id: str
    doc_id: str
    section: str
    text: str  # the passage as a reader sees it
    embed_text: str  # what is embedded and keyword-indexed: the passage with its title and section


def _hash(*parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:20]


def _split_long(paragraph: str) -> list[str]:
    """Split a paragraph over MAX_WORDS at sentence ends into pieces of at most about MAX_WORDS."""
    if len(paragraph.split()) <= MAX_WORDS:
        return [paragraph]
    pieces: list[str] = []
    current: list[str] = []
    for sentence in _SENTENCE_END.split(paragraph):
        if current and len(" ".join([*current, sentence]).split()) > MAX_WORDS:
            pieces.append(" ".join(current))
            current = []
        current.append(sentence)
    if current:
        pieces.append(" ".join(current))
    return pieces


def profile_text(doc: Document) -> str:
    return " ".join(
        [
            f"{doc.title}.",
            f"Also known as: {', '.join(doc.aliases)}." if doc.aliases else "",
            f"Topics: {', '.join(doc.tags)}.",
            f"Who was studied: {doc.population}.",
            doc.conclusion,
        ]
    ).strip()


def chunk_document(doc: Document) -> list[Chunk]:
    """The document's chunks in reading order, profile first."""
    passages = [(PROFILE_SECTION, profile_text(doc))]
    passages += [(QUESTION_SECTION, " ".join(q.split())) for q in doc.questions if q.strip()]
    for section in doc.sections:
        for paragraph in re.split(r"\n\s*\n", section.text):
            paragraph = " ".join(paragraph.split())
            if paragraph:
                passages.extend((section.heading, piece) for piece in _split_long(paragraph))
    chunks = []
    seen: set[str] = set()
    for heading, text in passages:
        embed_text = text if heading in SEARCH_ONLY else f"{doc.title}. {heading}: {text}"
        chunk_id = _hash(doc.id, heading, embed_text)
        if chunk_id in seen:  # a paragraph repeated word for word in one section adds nothing
            continue
        seen.add(chunk_id)
        chunks.append(Chunk(id=chunk_id, doc_id=doc.id, section=heading, text=text, embed_text=embed_text))
    return chunks
