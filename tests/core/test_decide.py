"""Answer, partial or decline, and the calibration that sets the line between them."""

from __future__ import annotations

from dataclasses import replace

from bot.core.calibrate import calibrate_answers
from bot.core.config import RetrievalConfig
from bot.core.decide import claimed_lead, decide
from bot.core.document import Claim
from bot.core.evaluate import EvalQuestion
from bot.core.hits import DocumentHit
from bot.core.library import Library
from bot.core.pacer import Pacer
from bot.core.retrieve import Retrieval


def _retrieval(*scores: float) -> Retrieval:
    hits = tuple(
        DocumentHit(doc_id=f"d{i}", score=s, dense=s, keyword=0.0, named=False, passages=(), retrieved=True)
        for i, s in enumerate(scores)
    )
    return Retrieval(question="q", mode="hybrid", hits=hits, declined=False, embed_ms=0.0, search_ms=0.0)


def test_the_three_outcomes(pacer: Pacer) -> None:
    cfg = RetrievalConfig(min_score=0.6, answer_min=1.0, answer_margin=0.2, question_min=0.7)
    doc = pacer.library["lack-2015-hip-rehab-pfp"]
    doc = replace(doc, claims=(Claim("treat", "Hip and thigh exercises ease runner's knee.", "moderate"),))
    asked_like_its_questions = 0.8
    assert decide(_retrieval(1.3, 0.9), doc, "treat", cfg, None, asked_like_its_questions).outcome == "answer"
    assert decide(_retrieval(1.3, 0.9), doc, "treat", cfg, None, 0.5).outcome == "partial"  # a neighbouring question
    assert decide(_retrieval(1.3, 1.2), doc, "treat", cfg, None, 0.8).outcome == "partial"  # not clearly ahead
    assert decide(_retrieval(0.8, 0.1), doc, "treat", cfg, None, 0.8).outcome == "partial"  # close, not strong
    assert decide(_retrieval(0.5, 0.1), doc, "treat", cfg, None, 0.8).outcome == "decline"
    no_claim = decide(_retrieval(1.3, 0.9), doc, "prevent", cfg, None, 0.8)
    assert no_claim.outcome == "partial" and no_claim.missing == "prevent" and no_claim.claim.intent == "treat"


def test_calibration_reads_only_tuning_questions(pacer: Pacer) -> None:
    hip = ("lack-2015-hip-rehab-pfp", "rathleff-2014-hip-strength-pfp", "fixture-hip-article")
    written = [
        EvalQuestion(q="should i do hip exercises for sore knees", expect=hip, split="tuning", line=1),
        EvalQuestion(
            q="do ice baths help sore legs", expect=("bleakley-2012-cold-water-immersion-doms",), split="tuning", line=2
        ),
        EvalQuestion(q="how do i fix my golf slice", expect=(), split="tuning", line=3),
        EvalQuestion(q="what time is parkrun", expect=(), split="held-out", line=4),
    ]
    found = calibrate_answers(pacer, None, written)
    assert found.questions == 3
    assert 0.45 <= found.min_score <= found.answer_min <= 1.6
    assert found.wrong == 0.0 and abs(found.answered + found.partial + found.declined - 1) < 1e-9


def test_a_close_summary_with_the_asked_claim_leads_only_on_the_same_topic(pacer: Pacer) -> None:
    cfg = RetrievalConfig(min_score=0.5, related_ratio=0.8)
    lib = pacer.library
    lead = replace(lib["lack-2015-hip-rehab-pfp"], claims=(Claim("treat", "Hip work eases it.", "moderate"),))
    same = replace(lib["rathleff-2014-hip-strength-pfp"], claims=(Claim("prevent", "Not shown.", "low"),))
    other = replace(lib["bleakley-2012-cold-water-immersion-doms"], tags=("recovery",))
    other = replace(other, claims=(Claim("prevent", "Ice baths stop soreness.", "low"),))
    library = Library(lib.root, {d.id: d for d in (lead, same, other)})

    def hits(*ids: str) -> Retrieval:
        scored = tuple(
            DocumentHit(doc_id=d, score=1.0 - i / 20, dense=0.0, keyword=0.0, named=False, passages=(), retrieved=True)
            for i, d in enumerate(ids)
        )
        return Retrieval(question="q", mode="hybrid", hits=scored, declined=False, embed_ms=0.0, search_ms=0.0)

    swapped = claimed_lead(hits(lead.id, other.id, same.id), library, "prevent", cfg)
    assert swapped.hits[0].doc_id == same.id  # shares the lead's topic: it leads
    kept = claimed_lead(hits(lead.id, other.id), library, "prevent", cfg)
    assert kept.hits[0].doc_id == lead.id  # another topic never takes the lead for its claim alone
