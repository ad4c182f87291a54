"""The retrieval evaluation behind `pacer eval`: does Pacer find the right study, and decline the rest?

The question set is one YAML file, or a folder of them: each item has `q`, `expect` (acceptable document
ids; empty means the question must be declined) and `split` (`tuning` or `held-out`). Thresholds are only
ever calibrated on the tuning split; the held-out split is reported, never tuned on.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.core.errors import PacerError
from bot.core.pacer import Pacer
from bot.core.retrieve import MODES, Mode, Retrieval

SPLITS = ("tuning", "held-out")
_COLUMNS = ("top-1", "recall@3", "MRR", "OOS declined", "wrongly declined", "threshold")
_WIDTHS = (6, 9, 6, 13, 17, 10)


@dataclass(kw_only=True, frozen=True)
class EvalQuestion:
    q: str
    expect: tuple[str, ...]
    split: str
    line: int

    @property
    def in_scope(self) -> bool:
        return bool(self.expect)


@dataclass(kw_only=True)
class ModeResult:
    mode: Mode
    threshold: float
    top1: float = 0.0
    recall3: float = 0.0
    mrr: float = 0.0
    declined_out: float = 0.0  # share of out-of-scope questions declined
    wrongly_declined: float = 0.0  # share of in-scope questions declined
    n_in: int = 0
    n_out: int = 0
    misses: list[dict] = field(default_factory=list)


def load_questions(path: str | Path, library_ids: set[str] | None = None) -> list[EvalQuestion]:
    """Read and validate the question set (a file, or every *.yaml in a folder), reporting every problem."""
    path = Path(path)
    if path.is_dir():
        files = sorted(path.glob("*.yaml"))
        if not files:
            raise PacerError(f"{path}: no question files (*.yaml) in this folder")
        questions, problems = [], []
        for file in files:
            try:
                questions += load_questions(file, library_ids)
            except PacerError as exc:
                problems.append(str(exc))
        if problems:
            raise PacerError("\n".join(problems))
        return questions
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        raw = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise PacerError(f"{path}: cannot read the question set: {exc}") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("questions"), list):
        raise PacerError(f"{path}: expected a mapping with a `questions:` list")
    items_node = next(v for k, v in node.value if k.value == "questions")  # type: ignore[union-attr]  # a mapping, checked above
    problems, questions = [], []
    for item, item_node in zip(raw["questions"], items_node.value, strict=True):
        line = item_node.start_mark.line + 1
        if not isinstance(item, dict) or not isinstance(item.get("q"), str) or not item["q"].strip():
            problems.append(f"{path}:{line}: each question needs a non-empty `q`")
            continue
        expect = item.get("expect") or []
        if not isinstance(expect, list) or not all(isinstance(e, str) for e in expect):
            problems.append(f"{path}:{line}: `expect` must be a list of document ids")
            continue
        if library_ids is not None:
            problems += [
                f"{path}:{line}: {e!r} is not a document in the library" for e in expect if e not in library_ids
            ]
        split = item.get("split")
        if split not in SPLITS:
            problems.append(f"{path}:{line}: `split` must be one of {', '.join(SPLITS)}, got {split!r}")
            continue
        questions.append(EvalQuestion(q=item["q"].strip(), expect=tuple(expect), split=split, line=line))
    if problems:
        raise PacerError(f"{path}: the question set has problems:\n  " + "\n  ".join(problems))
    return questions


def calibrate(in_scores: list[float], out_scores: list[float]) -> float:
    """The decline threshold that best separates in-scope from out-of-scope best scores (balanced accuracy).

    Ties go to the midpoint of the widest gap, so the threshold sits away from both groups.
    """
    candidates = sorted(set(in_scores) | set(out_scores))
    if not candidates:
        return 0.0
    cuts = [candidates[0] - 1e-6] + [(a + b) / 2 for a, b in itertools.pairwise(candidates)] + [candidates[-1] + 1e-6]

    def balanced(t: float) -> float:
        answered = sum(s >= t for s in in_scores) / len(in_scores) if in_scores else 1.0
        declined = sum(s < t for s in out_scores) / len(out_scores) if out_scores else 1.0
        return answered + declined

    best = max(balanced(t) for t in cuts)
    tied = [t for t in cuts if balanced(t) == best]
    return tied[len(tied) // 2]


def _rank(retrieval: Retrieval, expect: tuple[str, ...]) -> int | None:
    for rank, hit in enumerate(retrieval.hits, start=1):
        if hit.doc_id in expect:
            return rank
    return None


def score_mode(
    pacer: Pacer, mode: Mode, questions: list[EvalQuestion], retrievals: dict[str, Retrieval], threshold: float
) -> ModeResult:
    result = ModeResult(mode=mode, threshold=threshold)
    retriever = pacer.retriever
    for item in questions:
        r = retrievals[item.q]
        declined = retriever.declines(r.best, mode, threshold)
        top = [h.doc_id for h in r.hits[:3]]
        if item.in_scope:
            result.n_in += 1
            rank = _rank(r, item.expect)
            result.top1 += rank == 1
            result.recall3 += rank is not None and rank <= 3
            result.mrr += 1 / rank if rank else 0.0
            result.wrongly_declined += declined
            if rank != 1 or declined:
                why = "declined" if declined else f"right document at rank {rank}"
                result.misses.append(
                    {"q": item.q, "line": item.line, "expected": list(item.expect), "got": top, "why": why}
                )
        else:
            result.n_out += 1
            result.declined_out += declined
            if not declined:
                result.misses.append(
                    {"q": item.q, "line": item.line, "expected": [], "got": top, "why": "answered, should decline"}
                )
    if result.n_in:
        result.top1 /= result.n_in
        result.recall3 /= result.n_in
        result.mrr /= result.n_in
        result.wrongly_declined /= result.n_in
    if result.n_out:
        result.declined_out /= result.n_out
    return result


@dataclass(kw_only=True)
class EvalReport:
    results: dict[str, dict[Mode, ModeResult]]  # split -> mode -> result
    thresholds: dict[str, float]  # mode -> threshold used
    calibrated_hybrid: float  # what the tuning split suggests for retrieval.min_score
    answer_problems: list[str]  # citations pointing outside the retrieval, answers without certainty
    answers_checked: int
    # Per split, the share of out-of-scope questions `Pacer.ask` declines or answers as a partial (saying first
    # that nothing in the library answers it): what a member sees, beside the retrieval-level `declined_out`.
    honest_out: dict[str, float] = field(default_factory=dict)


def evaluate(pacer: Pacer, questions: list[EvalQuestion]) -> EvalReport:
    """Score hybrid, dense-only and BM25-only on both splits, and check every composed answer."""
    retrievals: dict[Mode, dict[str, Retrieval]] = {m: {} for m in MODES}
    for item in questions:
        for mode in MODES:
            retrievals[mode][item.q] = pacer.retrieve(item.q, mode)

    tuning = [q for q in questions if q.split == "tuning"]
    thresholds: dict[str, float] = {}
    calibrated: dict[str, float] = {}
    for mode in MODES:
        best = {q.q: retrievals[mode][q.q].best for q in tuning}
        in_s = [b.score for q in tuning if q.in_scope and (b := best[q.q])]
        out_s = [b.score for q in tuning if not q.in_scope and (b := best[q.q])]
        calibrated[mode] = calibrate(in_s, out_s)
        # Hybrid uses the configured threshold (what users get); the single retrievers get their own
        # calibrated one, so the comparison is fair to them.
        thresholds[mode] = pacer.config.retrieval.min_score if mode == "hybrid" else calibrated[mode]

    results = {
        split: {
            m: score_mode(pacer, m, [q for q in questions if q.split == split], retrievals[m], thresholds[m])
            for m in MODES
        }
        for split in SPLITS
    }
    problems: list[str] = []
    honest = {split: [0, 0] for split in SPLITS}
    for item in questions:
        answer = pacer.ask(item.q)
        if not item.in_scope:
            honest[item.split][0] += answer.outcome in ("decline", "partial")
            honest[item.split][1] += 1
        retrieved = {h.doc_id for h in retrievals["hybrid"][item.q].hits if h.retrieved}
        for c in answer.citations:
            if c.doc_id not in retrieved:
                problems.append(f"{item.q!r}: citation [{c.n}] {c.doc_id} was not retrieved")
        markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)}
        if markers != {c.n for c in answer.citations}:
            problems.append(f"{item.q!r}: the answer's [n] markers {sorted(markers)} do not match its citations")
        if not answer.declined and answer.certainty is None:
            problems.append(f"{item.q!r}: answered without a certainty")
    honest_out = {split: n / of for split, (n, of) in honest.items() if of}
    return EvalReport(
        results=results,
        thresholds=thresholds,
        calibrated_hybrid=calibrated["hybrid"],
        answer_problems=problems,
        answers_checked=len(questions),
        honest_out=honest_out,
    )


def format_report(report: EvalReport, *, misses: str = "all") -> str:
    """The human-readable report; `misses` is a split name, "all" or "none"."""
    lines = []
    for split, by_mode in report.results.items():
        any_result = next(iter(by_mode.values()))
        lines.append(f"\n{split} split: {any_result.n_in} in-scope, {any_result.n_out} out-of-scope questions")
        lines.append(f"  {'retriever':<9} " + " ".join(f"{c:>{w}}" for c, w in zip(_COLUMNS, _WIDTHS, strict=True)))
        for mode, r in by_mode.items():
            values = (r.top1, r.recall3, r.mrr, r.declined_out, r.wrongly_declined, r.threshold)
            lines.append(f"  {mode:<9} " + " ".join(f"{v:>{w}.3f}" for v, w in zip(values, _WIDTHS, strict=True)))
    lines.append(
        f"\nhybrid threshold in use: {report.thresholds['hybrid']:.3f} "
        f"(the tuning split alone would suggest {report.calibrated_hybrid:.3f})"
    )
    lines.append(
        "out of scope, declined or answered as a partial by Pacer: "
        + ", ".join(f"{split} {share:.3f}" for split, share in report.honest_out.items())
    )
    lines.append(
        f"answers checked: {report.answers_checked}; citation or certainty problems: {len(report.answer_problems)}"
    )
    lines += [f"  {p}" for p in report.answer_problems]
    for split, by_mode in report.results.items():
        if misses in ("all", split):
            for mode, r in by_mode.items():
                if r.misses:
                    lines.append(f"\nmisses, {split} split, {mode}:")
                    for m in r.misses:
                        expected = ", ".join(m["expected"]) or "(decline)"
                        got = ", ".join(m["got"])
                        lines.append(f"  line {m['line']}: {m['q']!r}: {m['why']}; expected {expected}; got {got}")
    return "\n".join(lines).lstrip("\n")


def report_json(report: EvalReport) -> dict:
    return {
        "splits": {
            split: {mode: {k: v for k, v in r.__dict__.items() if k != "mode"} for mode, r in by_mode.items()}
            for split, by_mode in report.results.items()
        },
        "thresholds": report.thresholds,
        "calibrated_hybrid": report.calibrated_hybrid,
        "answer_problems": report.answer_problems,
        "answers_checked": report.answers_checked,
        "honest_out": report.honest_out,
    }
