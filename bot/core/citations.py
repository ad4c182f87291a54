"""Which documents a reply cites, and what it says of each: the lead, others strong enough on their own,
the studies an article draws on; and, for a decline or a partial reply, the nearest topics."""

from __future__ import annotations

from bot.core.answer import Citation
from bot.core.config import RetrievalConfig
from bot.core.document import Document
from bot.core.hits import DocumentHit
from bot.core.library import Library
from bot.core.retrieve import Retrieval


def cited_documents(retrieval: Retrieval, library: Library, cfg: RetrievalConfig, outcome: str) -> list[DocumentHit]:
    """The best document; for an answer, others nearly as good that are strong enough to answer on their own
    (no hitch-hiking on the lead's score); and the studies an article draws on."""
    hits = retrieval.hits
    best = hits[0]
    chosen = [best]
    lead_disagrees = library.references(best.doc_id)["disagrees_with"]
    # Peeks (id, score, reached) decide; only the documents cited are built, with their passages. In a large
    # library many documents sit close to the lead, and most of them are not cited.
    for i in range(1, len(hits)):
        peek = hits.peek(i)
        # Hits come best first: once one is not close, none after it is.
        if len(chosen) >= cfg.max_citations or peek.score < cfg.related_ratio * best.score:
            break
        # A document that points the other way is cited beside the lead, in a partial reply too.
        disagrees = peek.doc_id in lead_disagrees or best.doc_id in library.references(peek.doc_id)["disagrees_with"]
        if peek.retrieved and (disagrees or (outcome == "answer" and peek.score >= cfg.answer_min)):
            chosen.append(hits[i])
    for hit in list(chosen):
        for study in library[hit.doc_id].studies:
            if len(chosen) >= cfg.max_citations + 1:
                break
            # Only studies the question actually reached: a citation must point to a retrieved document.
            found = retrieval.hits.get(study)
            if found is not None and found.retrieved and all(h.doc_id != study for h in chosen):
                chosen.append(found)
    return chosen


def citation(n: int, doc: Document, hit: DocumentHit) -> Citation:
    return Citation(
        n=n,
        doc_id=doc.id,
        title=doc.title,
        authors=doc.source.authors,
        year=doc.source.year,
        journal=doc.source.journal,
        design=doc.design,
        doi=doc.source.doi,
        url=doc.source.url,
        score=hit.score,
        certainty=doc.certainty,
        population=doc.population,
        link=doc.source.link,
        passages=tuple(hit.passages),
        kind=doc.kind,
        reference=doc.citation,
    )


NEAREST_SCAN = 50  # documents read for nearest topics, however many share a topic


def nearest_topics(retrieval: Retrieval, library: Library, count: int) -> tuple[str, ...]:
    topics: list[str] = []
    for i in range(min(len(retrieval.hits), NEAREST_SCAN)):
        topic = library.topic(retrieval.hits.doc_id_at(i))
        if topic not in topics:
            topics.append(topic)
        if len(topics) >= count:
            break
    return tuple(topics)
