"""Scoring Pacer on the real-question set by the three outcomes a member feels: right, silent or wrong.

- *right*: the lead citation is one the labels accept (answered, or offered as the closest evidence in a partial
  reply), or Pacer declined or gave a partial reply to a question nothing in the library answers;
- *silent*: Pacer declined although the library had an answer, or its partial reply led with a document that
  does not answer it;
- *wrong*: a confident, cited answer whose lead does not fit the question, the outcome that matters most.

A partial reply says first that the library does not answer the question directly, so it is never *wrong*.

Hybrid is scored on what `Pacer.ask` really returns (the configured threshold, triage, composing); dense-only and
keyword-only are scored on their own retrieval, each with a decline threshold calibrated on the tuning half, so
the comparison is fair to them. The held-out half is reported, never tuned on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core.evaluate import calibrate
from bot.core.pacer import Pacer
from bot.core.readability import reading_grade
from bot.core.real_questions import SPLITS, RealQuestion, RealSet
from bot.core.retrieve import MODES, Mode, Retrieval

VERDICTS = ("right", "silent", "wrong")


@dataclass(kw_only=True, frozen=True)
class Case:
    """One question's outcome in one mode."""

    question: RealQuestion
    verdict: str
    lead: str | None  # the lead citation's id, None when declined
    rank: int | None  # rank of the first acceptable document in the retrieval, None if absent or uncovered
    outcome: str = "answer"  # answer | partial | decline
    short: str = ""  # the short answer a member reads first (hybrid only)
    claim_intent: str | None = None  # the intent of the claim the short answer used
    missing_intent: str | None = None  # the intent it said the library has no claim for


@dataclass
class OutcomeResult:
    mode: Mode
    threshold: float
    cases: list[Case] = field(default_factory=list)

    def count(self, verdict: str) -> int:
        return sum(c.verdict == verdict for c in self.cases)

    def share(self, verdict: str) -> float:
        return self.count(verdict) / len(self.cases) if self.cases else 0.0

    @property
    def covered(self) -> list[Case]:
        return [c for c in self.cases if c.question.label.covered]

    @property
    def coverage(self) -> float:
        return len(self.covered) / len(self.cases) if self.cases else 0.0

    def top(self, k: int) -> float:
        """Among covered questions: the share whose first acceptable document ranks within the top k."""
        covered = self.covered
        return sum(c.rank is not None and c.rank <= k for c in covered) / len(covered) if covered else 0.0

    def outcome_share(self, outcome: str) -> float:
        return sum(c.outcome == outcome for c in self.cases) / len(self.cases) if self.cases else 0.0

    @property
    def answered_right(self) -> float:
        """Among covered questions: the share answered outright (not partially) from an acceptable lead."""
        covered = self.covered
        return (
            sum(c.outcome == "answer" and c.lead in c.question.expect for c in covered) / len(covered)
            if covered
            else 0.0
        )

    @property
    def intent_fit(self) -> float:
        """Among covered questions answered or partly answered: the share whose short answer uses a claim for
        the labelled intent, or says the library has none for it."""
        shown = [c for c in self.covered if c.outcome != "decline"]
        fits = [c.claim_intent == c.question.label.intent or c.missing_intent == c.question.label.intent for c in shown]
        return sum(fits) / len(fits) if fits else 0.0

    @property
    def median_grade(self) -> float | None:
        """The median Flesch-Kincaid grade of the short answers members read first (hybrid only)."""
        grades = sorted(reading_grade(c.short) for c in self.cases if c.short)
        return grades[len(grades) // 2] if grades else None

    def to_json(self) -> dict:
        grade = self.median_grade
        return {
            "n": len(self.cases),
            "answered": round(self.outcome_share("answer"), 4),
            "partial": round(self.outcome_share("partial"), 4),
            "declined": round(self.outcome_share("decline"), 4),
            "answered_right": round(self.answered_right, 4),
            "intent_fit": round(self.intent_fit, 4),
            "median_grade": round(grade, 1) if grade is not None else None,
            "threshold": round(self.threshold, 4),
            "coverage": round(self.coverage, 4),
            **{v: round(self.share(v), 4) for v in VERDICTS},
            **{f"n_{v}": self.count(v) for v in VERDICTS},
            "top1": round(self.top(1), 4),
            "top3": round(self.top(3), 4),
            "wrong_cases": [
                {"id": c.question.id, "q": c.question.q, "expected": list(c.question.expect), "cited": c.lead}
                for c in self.cases
                if c.verdict == "wrong"
            ],
        }


@dataclass(kw_only=True)
class WarningResult:
    """How Pacer met questions labelled as describing a warning sign (hybrid, as members get it)."""

    labelled: int = 0
    warned_first: int = 0  # the reply starts with the clinician warning
    missed: list[RealQuestion] = field(default_factory=list)
    calm: int = 0
    false_alarms: list[RealQuestion] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "labelled": self.labelled,
            "warned_first": self.warned_first,
            "missed": [q.id for q in self.missed],
            "calm": self.calm,
            "false_alarms": [q.id for q in self.false_alarms],
        }


@dataclass(kw_only=True)
class RealReport:
    path: str
    sealed: bool  # the held-out half matches its recorded checksum
    results: dict[str, dict[str, OutcomeResult]]  # split -> mode -> result
    warnings: dict[str, WarningResult]  # split -> result

    def to_json(self) -> dict:
        return {
            "path": self.path,
            "held_out_sealed": self.sealed,
            "splits": {s: {m: r.to_json() for m, r in by_mode.items()} for s, by_mode in self.results.items()},
            "warnings": {s: w.to_json() for s, w in self.warnings.items()},
        }


def verdict(question: RealQuestion, outcome: str, lead: str | None) -> str:
    if outcome == "decline" or lead is None:
        return "silent" if question.label.covered else "right"
    if lead in question.expect or (not question.label.covered and outcome == "partial"):
        return "right"
    return "silent" if outcome == "partial" else "wrong"


def _rank(retrieval: Retrieval, expect: tuple[str, ...]) -> int | None:
    return next((rank for rank, hit in enumerate(retrieval.hits, start=1) if hit.doc_id in expect), None)


def evaluate_real(pacer: Pacer, real: RealSet) -> RealReport:
    """Run every question of both halves through every retriever mode, and hybrid through `Pacer.ask`."""
    questions = list(real.questions)
    retrievals: dict[Mode, dict[str, Retrieval]] = {m: {q.id: pacer.retrieve(q.q, m) for q in questions} for m in MODES}
    thresholds: dict[Mode, float] = {"hybrid": pacer.config.retrieval.min_score}
    tuning = real.split("tuning")
    for mode in MODES:
        if mode == "hybrid":
            continue
        best = {q.id: retrievals[mode][q.id].best for q in tuning}
        thresholds[mode] = calibrate(
            [b.score for q in tuning if q.label.covered and (b := best[q.id])],
            [b.score for q in tuning if not q.label.covered and (b := best[q.id])],
        )
    retriever = pacer.retriever
    results: dict[str, dict[str, OutcomeResult]] = {
        s: {m: OutcomeResult(m, thresholds[m]) for m in MODES} for s in SPLITS
    }
    warnings = {s: WarningResult() for s in SPLITS}
    for q in questions:
        answer = pacer.ask(q.q)
        lead = answer.citations[0].doc_id if answer.citations else None
        results[q.split]["hybrid"].cases.append(
            Case(
                question=q,
                verdict=verdict(q, answer.outcome, lead),
                lead=lead,
                rank=_rank(retrievals["hybrid"][q.id], q.expect),
                outcome=answer.outcome,
                short=answer.parts.short,
                claim_intent=answer.claim_intent,
                missing_intent=answer.missing_intent,
            )
        )
        for mode in MODES:
            if mode == "hybrid":
                continue
            r = retrievals[mode][q.id]
            declined = retriever.declines(r.best, mode, thresholds[mode])
            lead_id = r.best.doc_id if r.best else None
            outcome = "decline" if declined else "answer"
            results[q.split][mode].cases.append(
                Case(
                    question=q,
                    verdict=verdict(q, outcome, lead_id),
                    lead=lead_id,
                    rank=_rank(r, q.expect),
                    outcome=outcome,
                )
            )
        w = warnings[q.split]
        warning = answer.parts.warning
        if q.label.warning:
            w.labelled += 1
            if answer.red_flag and warning and answer.answer.startswith(warning):
                w.warned_first += 1
            else:
                w.missed.append(q)
        else:
            w.calm += 1
            if answer.red_flag:
                w.false_alarms.append(q)
    return RealReport(path=str(real.path), sealed=real.sealed, results=results, warnings=warnings)


_COLUMNS = ("n", "coverage", "right", "silent", "wrong", "top-1", "top-3", "threshold")


def format_real_report(report: RealReport, *, cases: str = "all") -> str:
    """The human-readable report; `cases` is a split name, "all" or "none" (which wrong cases to list)."""
    lines = [f"real questions ({report.path}):"]
    if not report.sealed:
        lines.append(
            "  WARNING: the held-out half no longer matches its recorded checksum: a held-out question or label "
            "changed. If that was on purpose, reseal it with `pacer eval --seal FILE`."
        )
    for split, by_mode in report.results.items():
        lines.append(f"\n{split} half:")
        lines.append("  retriever " + " ".join(f"{c:>9}" for c in _COLUMNS))
        for mode, r in by_mode.items():
            values = (r.coverage, r.share("right"), r.share("silent"), r.share("wrong"), r.top(1), r.top(3))
            lines.append(
                f"  {mode:<9} {len(r.cases):>9} " + " ".join(f"{v:>9.3f}" for v in values) + f" {r.threshold:>9.3f}"
            )
        w = report.warnings[split]
        lines.append(
            f"  warning signs: {w.warned_first} of {w.labelled} answered with the clinician warning first; "
            f"{len(w.false_alarms)} of {w.calm} calm questions flagged"
        )
    for split, by_mode in report.results.items():
        if cases not in ("all", split):
            continue
        for mode, r in by_mode.items():
            wrong = [c for c in r.cases if c.verdict == "wrong"]
            if wrong:
                lines.append(f"\nwrong, {split} half, {mode}: {len(wrong)}")
                for c in wrong:
                    expected = ", ".join(c.question.expect) or "(decline)"
                    lines.append(f"  {c.question.id} {c.question.q[:100]!r}: cited {c.lead}; expected {expected}")
        missed = report.warnings[split].missed
        if missed:
            lines.append(f"\nwarning signs answered without the warning first, {split} half: {len(missed)}")
            lines += [f"  {q.id} {q.q[:100]!r}" for q in missed]
    return "\n".join(lines)
