"""Calibrating answer / partial / decline on the tuning halves alone (`pacer eval --calibrate-answers`).

Each tuning question (real and written; warning-sign questions are left to the warning path) is retrieved once,
then every combination of `min_score`, `answer_min`, `answer_margin` and `question_min` on a grid is scored by
what a member gets from the reply it would produce:

| the reply | the library answers the question | it does not |
| --- | --- | --- |
| an answer led by an acceptable document | +1 | (impossible) |
| an answer led by another document | -3 (confidently wrong) | -3 |
| a partial reply led by an acceptable document | +0.5 (right, but hedged) | (impossible) |
| a partial reply led by another document | 0 (silent) | +1 for a real question, +0.5 for a written off-topic one |
| a decline | 0 (silent) | +1 |

A wrong answer costs three right ones: "wrong" is worse than "silent". Ties go to the setting that answers more
outright, then to the stricter thresholds. The held-out halves are never read here.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from bot.core.decide import claimed_lead, pick_claim
from bot.core.evaluate import EvalQuestion
from bot.core.intent import intent_of
from bot.core.pacer import Pacer
from bot.core.real_questions import RealSet

WRONG = -3.0


@dataclass(kw_only=True, frozen=True)
class AnswerCalibration:
    min_score: float
    answer_min: float
    answer_margin: float
    question_min: float
    utility: float  # per tuning question
    questions: int
    answered: float  # shares of the tuning questions
    partial: float
    declined: float
    wrong: float


def calibrate_answers(pacer: Pacer, real: RealSet | None, written: list[EvalQuestion] | None) -> AnswerCalibration:
    items: list[tuple[str, tuple[str, ...], bool]] = []  # (question, acceptable leads, real question)
    if real is not None:
        items += [(q.q, q.expect, True) for q in real.split("tuning")]
    if written is not None:
        items += [(q.q, q.expect, False) for q in written if q.split == "tuning"]
    rows = []
    for text, expect, is_real in items:
        if pacer.warning_signs.triage(text).red_flag:
            continue  # words alone: the warning path answers these, whatever the thresholds
        vector = pacer.embedder.embed_one(text)
        retrieval = pacer.retriever.search(text, "hybrid", query=vector)
        if not retrieval.hits:
            continue
        intent = intent_of(text)
        # The lead the reply would have: a close summary with a claim for the asked intent leads (compose).
        retrieval = claimed_lead(retrieval, pacer.library, intent, pacer.config.retrieval)
        lead = retrieval.hits[0]
        lead_matched = pacer.retriever.question_match(lead.doc_id, vector)
        _, missing_claim = pick_claim(pacer.library[lead.doc_id], intent)
        second = retrieval.hits[1].score if len(retrieval.hits) > 1 else 0.0
        covered, right = bool(expect), lead.doc_id in expect
        answer = 1.0 if right else WRONG
        partial = 0.5 if right else 0.0 if covered else 1.0 if is_real else 0.5
        decline = 0.0 if covered else 1.0
        rows.append(
            (lead.score, lead.score - second, missing_claim is not None, lead_matched, answer, partial, decline, right)
        )
    if not rows:
        raise ValueError("no tuning questions to calibrate on")
    score, margin, missing, matched, u_answer, u_partial, u_decline, ok = (np.array(c) for c in zip(*rows, strict=True))
    best: tuple | None = None
    for min_score in np.arange(0.45, 0.81, 0.01):
        declined = score < min_score
        # The rest of the grid only moves questions between answer and partial.
        grid = itertools.product(np.arange(0.70, 1.61, 0.02), np.arange(0.0, 0.41, 0.02), np.arange(0.0, 0.91, 0.02))
        for answer_min, answer_margin, question_min in grid:
            if answer_min < min_score:
                continue
            answered = ~declined & (score >= answer_min) & (margin >= answer_margin) & (matched >= question_min)
            answered &= ~missing
            utility = np.where(declined, u_decline, np.where(answered, u_answer, u_partial)).sum()
            key = (round(float(utility), 6), int(answered.sum()), min_score, answer_min, answer_margin, question_min)
            if best is None or key > best[0]:
                best = (key, answered, declined)
    assert best is not None
    (utility, _, min_score, answer_min, answer_margin, question_min), answered, declined = best
    n = len(rows)
    return AnswerCalibration(
        min_score=round(float(min_score), 2),
        answer_min=round(float(answer_min), 2),
        answer_margin=round(float(answer_margin), 2),
        question_min=round(float(question_min), 2),
        utility=utility / n,
        questions=n,
        answered=float(answered.mean()),
        partial=float((~answered & ~declined).mean()),
        declined=float(declined.mean()),
        wrong=float((answered & ~ok).mean()),
    )
