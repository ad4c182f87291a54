"""Answer composition: the cautious, cited reply a careful sports physio would give. Deterministic, no LLM.

Every sentence of evidence is a field of the document it cites (its `finding`, `caveat`, `conclusion`,
`design`, `population`), so no claim appears without the citation it came from.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from bot.core.answer import Answer, Parts
from bot.core.citations import citation, cited_documents, nearest_topics
from bot.core.config import RetrievalConfig
from bot.core.decide import ASKED_FOR, Decision, claimed_lead, decide, pick_claim
from bot.core.document import Document
from bot.core.hits import ListedHits
from bot.core.intent import about_pain, intent_of, parts
from bot.core.library import Library
from bot.core.population import fit as population_fit
from bot.core.retrieve import Retrieval
from bot.core.warning_signs import Triage

DISCLAIMER = (
    "General information from the club library, not medical advice. "
    "If pain persists or gets worse, see a physio or doctor."
)
# For a question about no pain or injury ("what should I eat before a long run?"): "if pain persists" misfits.
GENERAL_DISCLAIMER = "General information from the club library, not medical advice."
DECLINE = "I don't have evidence on that in the club library, so I won't guess."
# After a warning, when no library document is about the sign: nothing else should compete with "get checked".
WARNING_ONLY = "Nothing in the club library should come before getting this checked."

# Why a design earns the trust it does, in plain words.
KIND_NOTES = {
    "article": "a summary that weighs the studies listed with it",
    "systematic-review": "a systematic review, which gathers every study it can find on the question",
    "meta-analysis": "a meta-analysis, which pools the numbers of several studies",
    "rct": "a randomised trial, the strongest design for telling cause from coincidence in one study",
    "cohort": "a cohort study, which follows people over time: it shows links, not proof of cause",
    "cross-sectional": "a snapshot study: it shows an association at one moment, not what came first",
    "case-series": "a case series with no comparison group, the weakest kind of evidence",
    "consensus-statement": "an expert consensus, which weighs the evidence but adds judgement",
    "narrative-review": "an expert's narrative review, not a systematic search of the evidence",
}
CERTAINTY_LABELS = {"very-low": "Very low", "low": "Low", "moderate": "Moderate", "high": "High"}


# What the question asks for. Matching both, or neither, leaves the short answer unframed.
_ASKS_PREVENTION = re.compile(
    r"\b(prevent\w*|avoid\w*|stops? (?:me |myself |you )?(?:getting|from)|(?:reduce|lower|cut)\w* (?:the |my )?"
    r"(?:risk|chance)|so (?:i|you|we) (?:don'?t|do not|never) get|ward off|injury[- ]free)\b",
    re.IGNORECASE,
)
_ASKS_TREATMENT = re.compile(
    r"\b(treat\w*|cure\w*|fix\w*|heal\w*|rehab\w*|get rid of|recover\w* from|already (?:have|got)|"
    r"(?:it|knees?|shins?|heels?|hips?|achilles|legs?|calf|calves|foot|feet) (?:hurts?|aches?|is sore|are sore))\b",
    re.IGNORECASE,
)
PREVENTION_TAGS = frozenset({"prevention", "injury-prevention"})
TREATMENT_TAGS = frozenset({"treatment", "rehabilitation"})
NOT_PREVENTION = (
    "None of the studies I found on this tests a way to prevent it; the closest evidence is about treating it "
    "once it hurts."
)
NOT_TREATMENT = (
    "The closest evidence I found is about what comes before this problem, not about treating it once it hurts."
)


def framing(question: str, docs: list[Document]) -> str:
    """A sentence that keeps "helps treat" and "prevents" apart when the question asks for one and the best
    evidence is about the other; empty otherwise."""
    prevention, treatment = bool(_ASKS_PREVENTION.search(question)), bool(_ASKS_TREATMENT.search(question))
    if prevention == treatment:
        return ""
    tags = [set(d.tags) for d in docs]
    if prevention and tags[0] & TREATMENT_TAGS and not any(t & PREVENTION_TAGS for t in tags):
        return NOT_PREVENTION
    if (
        treatment
        and not any(t & TREATMENT_TAGS for t in tags)
        and (tags[0] & PREVENTION_TAGS or "risk-factor" in tags[0])
    ):
        return NOT_TREATMENT
    return ""


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _evidence(docs: list[Document]) -> str:
    """One finding per cited document. An article's own finding restates its studies, so when any of those
    studies are cited their findings stand in for it: each sentence then cites the study it describes."""
    cited_studies = {d.id for d in docs if d.kind != "article"}
    sentences = [
        f"{_sentence(d.finding)[:-1]} [{n}]."
        for n, d in enumerate(docs, start=1)
        if not (d.kind == "article" and cited_studies & set(d.studies))
    ]
    return " ".join(sentences)


PARTIAL = "Nothing in the club library answers this directly; the closest evidence is on \u201c{topic}\u201d."


@dataclass(kw_only=True, frozen=True)
class Explained:
    """The evidence behind an answer, one tap away: findings, each study's certainty, disagreements, the caveat."""

    evidence: str
    studies: tuple[str, ...]
    disagreement: str
    caveat: str


def explain(docs: list[Document]) -> Explained:
    """The evidence part of a reply citing `docs` in this order (the lead first): what "Show evidence" shows."""
    ids = [d.id for d in docs]
    # Either side may declare the disagreement; each pair is named once, in citation order.
    pairs = sorted(
        {
            tuple(sorted((ids.index(d.id) + 1, ids.index(other) + 1)))
            for d in docs
            for other in d.disagrees_with
            if other in ids
        }
    )
    disagreement = (
        f"These sources point in different directions ({'; '.join(f'[{a}] and [{b}]' for a, b in pairs)}). Weigh "
        "each by its certainty and by how closely the people studied match you."
        if pairs
        else ""
    )
    return Explained(
        evidence=_evidence(docs),
        studies=tuple(
            f"[{n}] {CERTAINTY_LABELS[d.certainty]} certainty: {KIND_NOTES[d.kind]}. "
            f"{_sentence(d.design)} Who was studied: {_sentence(d.population)}"
            for n, d in enumerate(docs, start=1)
        ),
        disagreement=disagreement,
        caveat=f"{_sentence(docs[0].caveat)[:-1]} [1]." if docs else "",
    )


# The lead source's design in a few words, for the first screen's "How sure" line.
KIND_SHORT = {
    "article": "a club summary of several studies",
    "systematic-review": "a systematic review",
    "meta-analysis": "a meta-analysis",
    "rct": "one randomised trial",
    "cohort": "a cohort study: links, not proof",
    "cross-sectional": "a snapshot study: links, not proof",
    "case-series": "a case series with no comparison group",
    "consensus-statement": "an expert consensus",
    "narrative-review": "an expert's narrative review",
}
_LEVEL = {"very-low": 0, "low": 1, "moderate": 2, "high": 3}


def _sure(certainty: str, lead: Document) -> str:
    """How sure, in words and why, in one line: "Low — one randomised trial." When the claim's certainty is
    below the source's own, that is said: the evidence for this particular point is weaker."""
    lowered = " (lower than the source's own: the evidence for this point is indirect)"
    note = lowered if _LEVEL[certainty] < _LEVEL[lead.certainty] else ""
    return f"{CERTAINTY_LABELS[certainty]} — {KIND_SHORT[lead.kind]}{note}."


_WORD = re.compile(r"[a-z]{4,}")


def _next_step(lead: Document, decision: Decision, short: str) -> str:
    """The lead's practical step, under an answer only (a neighbouring summary's step is not a step for this
    question), and only when it adds to the short answer rather than repeating it."""
    if not lead.next_step or decision.outcome != "answer":
        return ""
    words = set(_WORD.findall(lead.next_step.lower()))
    if words and len(words & set(_WORD.findall(short.lower()))) / len(words) >= 0.6:
        return ""
    return f"{_sentence(lead.next_step)[:-1]} [1]."


def _short(question: str, decision: Decision, docs: list[Document]) -> str:
    """The short answer: the lead's claim for what was asked, framed by the outcome, and a sentence for each
    further part of a compound question (who was studied is its own part, `Parts.who` and `Parts.fit`)."""
    lead = docs[0]
    said = (
        f"{_sentence(decision.claim.text)[:-1]} [1]." if decision.claim else f"{_sentence(lead.conclusion)[:-1]} [1]."
    )
    if decision.missing:
        opening = (
            f"No study here tests {ASKED_FOR[decision.missing]}; the closest evidence is on \u201c{lead.topic}\u201d."
        )
    elif decision.outcome == "partial":
        opening = PARTIAL.format(topic=lead.topic)
    else:
        opening = "" if decision.claim else framing(question, docs)
    return " ".join(filter(None, [opening, said, *_other_parts(question, decision, lead)]))


def _other_parts(question: str, decision: Decision, lead: Document) -> list[str]:
    """For a compound question ("should I ice my shins, and will it stop them coming back?"), a sentence for
    each further thing asked: the lead's claim for it, or that no study here tests it."""
    if not lead.claims or decision.claim is None:
        return []
    said = {decision.claim.intent} | ({decision.missing} if decision.missing else set())
    sentences = []
    for part in parts(question)[1:]:
        if part.intent in said or part.intent not in ASKED_FOR:
            continue
        said.add(part.intent)
        claim, missing = pick_claim(lead, part.intent)
        if missing or claim is None:
            sentences.append(f"As for {ASKED_FOR[part.intent]}, no study here tests it.")
        else:
            sentences.append(f"{_sentence(claim.text)[:-1]} [1].")
    return sentences


# Measures of how well a document fits the question, asked for the lead the reply ends up with:
# (intent -> cosine of the question to the document's claim for it, closeness to its own `questions`).
LeadFit = Callable[[str], tuple[dict[str, float], float]]


def _no_fit(_doc_id: str) -> tuple[dict[str, float], float]:
    return {}, 0.0


def compose(
    question: str,
    retrieval: Retrieval,
    library: Library,
    triaged: Triage,
    cfg: RetrievalConfig,
    lead_fit: LeadFit = _no_fit,
) -> Answer:
    """The reply. `lead_fit` measures the lead document against the question (see `decide`): the claim that
    reads most like the question when its words do not say what it asks for, and how close it is to the ways
    runners ask what the document answers."""
    warning = triaged.message()
    disclaimer = triaged.disclaimer or (DISCLAIMER if about_pain(question) else GENERAL_DISCLAIMER)
    signs = tuple(sign.name for sign in triaged.signs)
    if triaged.red_flag:
        # After a warning, only documents really about the sign may speak, and no "nearest topics".
        hits = tuple(
            h
            for h in retrieval.hits.among({*triaged.evidence, *triaged.related})
            if h.retrieved and (h.doc_id in triaged.evidence or h.score >= cfg.min_score)
        )
        retrieval = replace(retrieval, hits=ListedHits(hits), declined=not hits)
        topics: tuple[str, ...] = ()
    else:
        topics = nearest_topics(retrieval, library, cfg.nearest_topics)
    asked = intent_of(question)
    retrieval = claimed_lead(retrieval, library, asked, cfg)
    lead_doc = library[retrieval.hits[0].doc_id] if retrieval.hits else None
    similarity, matched = lead_fit(lead_doc.id) if lead_doc else ({}, 0.0)
    decision = decide(retrieval, lead_doc, asked, cfg, similarity, matched)
    if triaged.red_flag and retrieval.hits:
        # Only documents about the sign are left, and they are always worth showing after the warning. One about
        # the sign itself (the RED-S consensus) answers; one about some cases of it answers only with a claim for
        # what was asked, else it is the closest evidence, said first ("can this be a stress fracture?" and
        # return-to-sport times after one).
        lead_id = retrieval.hits[0].doc_id
        fits = lead_id in triaged.evidence or (decision.claim is not None and decision.claim.intent == asked)
        decision = replace(decision, outcome="answer" if fits else "partial")
    if decision.outcome == "decline":
        return Answer(
            question=question,
            outcome="decline",
            red_flag=triaged.red_flag,
            warning_signs=signs,
            conclusion=None,
            certainty=None,
            citations=(),
            nearest_topics=topics,
            parts=Parts(warning=warning, decline=WARNING_ONLY if warning else DECLINE, disclaimer=disclaimer),
            intent=asked,
        )

    cited = cited_documents(retrieval, library, cfg, decision.outcome)
    docs = [library[h.doc_id] for h in cited]
    citations = tuple(citation(n, doc, hit) for n, (doc, hit) in enumerate(zip(docs, cited, strict=True), start=1))
    lead = docs[0]
    claim = decision.claim
    explained = explain(docs)
    short = _short(question, decision, docs)
    parts = Parts(
        warning=warning,
        short=short,
        sure=_sure(claim.certainty if claim else lead.certainty, lead),
        who=f"{_sentence(lead.population)[:-1]} [1].",
        fit=population_fit(question, lead.population),
        next_step=_next_step(lead, decision, short),
        evidence=explained.evidence,
        studies=explained.studies,
        disagreement=explained.disagreement,
        caveat=explained.caveat,
        sources=tuple(
            f"[{c.n}] {c.reference} {_sentence(c.design)}" + (f" {c.link}" if c.link else "") for c in citations
        ),
        disclaimer=disclaimer,
    )
    return Answer(
        question=question,
        outcome=decision.outcome,
        red_flag=triaged.red_flag,
        warning_signs=signs,
        conclusion=claim.text if claim else lead.conclusion,
        certainty=claim.certainty if claim else lead.certainty,
        citations=citations,
        nearest_topics=topics if decision.outcome == "partial" else (),
        parts=parts,
        intent=asked,
        claim_intent=claim.intent if claim else None,
        missing_intent=decision.missing,
    )
