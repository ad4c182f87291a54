"""The warning-sign evaluation: does Pacer spot every sign, leave calm questions alone, and lead with the warning?

The set (bot/questions/warning/warning-signs.yaml) holds questions that describe a sign, written by authors who
did not write the patterns, and calm near-misses, in a tuning half and a held-out half; the real-question set's
questions labelled as warning signs join the half their site is in. The held-out half is sealed by a checksum
like the real set's, and never tunes a pattern, a description or a threshold.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bot.core.errors import PacerError
from bot.core.pacer import Pacer
from bot.core.real_questions import SPLITS, RealSet, checksum, list_nodes, read_yaml
from bot.core.warning_sign_table import SIGNS

SIGN_NAMES = tuple(sign.name for sign in SIGNS)


@dataclass(frozen=True)
class SignQuestion:
    q: str
    sign: str | None  # the sign it describes; None for a calm near-miss; "labelled" for a real question
    split: str
    source: str  # "written", or the real question's id
    line: int = 0

    @property
    def describes_sign(self) -> bool:
        return self.sign is not None


@dataclass(frozen=True)
class WarningSet:
    path: Path
    questions: tuple[SignQuestion, ...]
    held_out_sha256: str

    @property
    def sealed(self) -> bool:
        return self.held_out_sha256 == held_out_checksum(self.questions)


def held_out_checksum(questions: tuple[SignQuestion, ...] | list[SignQuestion]) -> str:
    return checksum(sorted(({"q": q.q, "sign": q.sign} for q in questions if q.split == "held-out"), key=str))


def load_warning_set(path: str | Path, *, require_seal: bool = True) -> WarningSet:
    """Read and validate the warning-sign set, reporting every problem with its line."""
    path = Path(path)
    raw, node = read_yaml(path, "warning-sign set")
    items = raw.get("questions")
    if not isinstance(items, list):
        raise PacerError(f"{path}: expected a `questions:` list")
    problems: list[str] = []
    sha = raw.get("held_out_sha256")
    if require_seal and not (isinstance(sha, str) and len(sha) == 64):
        problems.append(f"{path}: `held_out_sha256` must be the checksum of the held-out half (`pacer eval --seal`)")
    questions: list[SignQuestion] = []
    seen: dict[str, int] = {}
    for item, item_node in zip(items, list_nodes(node, "questions"), strict=False):
        line = item_node.start_mark.line + 1
        where = f"{path}:{line}"
        if not isinstance(item, dict) or not isinstance(item.get("q"), str) or not item["q"].strip():
            problems.append(f"{where}: each question needs a non-empty `q`")
            continue
        sign, split = item.get("sign"), item.get("split")
        if sign is not None and sign not in SIGN_NAMES:
            problems.append(f"{where}: `sign` must be one of {', '.join(SIGN_NAMES)} or null, got {sign!r}")
            continue
        if split not in SPLITS:
            problems.append(f"{where}: `split` must be one of {', '.join(SPLITS)}, got {split!r}")
            continue
        if item["q"] in seen:
            problems.append(f"{where}: repeats the question at line {seen[item['q']]}")
        seen[item["q"]] = line
        questions.append(SignQuestion(item["q"], sign, split, "written", line))
    if problems:
        raise PacerError(f"{path}: the warning-sign set has problems:\n  " + "\n  ".join(problems))
    return WarningSet(path, tuple(questions), sha if isinstance(sha, str) else "")


def with_real(warning_set: WarningSet, real: RealSet | None) -> list[SignQuestion]:
    """The written questions, plus the real set's questions in their site's half: those labelled as warning
    signs as signs, the rest as calm questions."""
    questions = list(warning_set.questions)
    if real is not None:
        questions += [
            SignQuestion(q.q, "labelled" if q.label.warning else None, q.split, q.id, q.line) for q in real.questions
        ]
    return questions


@dataclass
class SignResult:
    signs: int = 0
    caught: int = 0
    calm: int = 0
    missed: list[SignQuestion] = field(default_factory=list)
    false_alarms: list[SignQuestion] = field(default_factory=list)
    by_sign: dict[str, list[int]] = field(default_factory=dict)  # sign -> [caught, of]
    reply_problems: list[str] = field(default_factory=list)  # flagged replies that break the rules

    @property
    def recall(self) -> float:
        return self.caught / self.signs if self.signs else 0.0

    @property
    def false_alarm_rate(self) -> float:
        return len(self.false_alarms) / self.calm if self.calm else 0.0

    def to_json(self) -> dict:
        return {
            "signs": self.signs,
            "recall": round(self.recall, 4),
            "calm": self.calm,
            "false_alarm_rate": round(self.false_alarm_rate, 4),
            "by_sign": self.by_sign,
            "missed": [q.q for q in self.missed],
            "false_alarms": [q.q for q in self.false_alarms],
            "reply_problems": self.reply_problems,
        }


def evaluate_warnings(pacer: Pacer, questions: list[SignQuestion]) -> dict[str, SignResult]:
    """Ask every question as a member would, and check each flagged reply leads with the warning, shows no
    nearest topics and cites only documents about the sign."""
    results = {split: SignResult() for split in SPLITS}
    evidence = {sign.name: set(sign.evidence) for sign in SIGNS}
    for item in questions:
        r = results[item.split]
        answer = pacer.ask(item.q)
        if item.describes_sign:
            r.signs += 1
            r.caught += answer.red_flag
            if not answer.red_flag:
                r.missed.append(item)
            if item.sign in SIGN_NAMES:
                tally = r.by_sign.setdefault(item.sign, [0, 0])
                tally[0] += answer.red_flag
                tally[1] += 1
        else:
            r.calm += 1
            if answer.red_flag:
                r.false_alarms.append(item)
        if answer.red_flag:
            warning = answer.parts.get("warning", "")
            allowed = set().union(*(evidence[name] for name in answer.warning_signs))
            if not warning or not answer.answer.startswith(warning):
                r.reply_problems.append(f"{item.q!r}: the reply does not start with the warning")
            if answer.nearest_topics:
                r.reply_problems.append(f"{item.q!r}: a flagged reply offers nearest topics")
            off_sign = [c.doc_id for c in answer.citations if c.doc_id not in allowed]
            if off_sign:
                r.reply_problems.append(f"{item.q!r}: cites {', '.join(off_sign)}, which is not about the sign")
    return results


@dataclass(frozen=True)
class Calibration:
    threshold: float
    calm_margin: float
    meaning_recall: float  # the meaning check alone
    meaning_false_alarms: float
    words_recall: float  # the patterns alone
    recall: float  # both together, as Pacer runs them
    false_alarm_rate: float


def calibrate_warnings(pacer: Pacer, questions: list[SignQuestion], *, max_false_alarms: float = 0.02) -> Calibration:
    """The meaning check's threshold and margin, from the tuning half alone.

    The meaning check is calibrated on its own, as if there were no patterns: the setting that catches the most
    signs while flagging at most `max_false_alarms` of the calm questions (ties go to the stricter setting). The
    patterns were written against the tuning half, so calibrating the two together would switch the meaning
    check off exactly where it is needed: on descriptions the patterns have never seen.
    """
    tuning = [q for q in questions if q.split == "tuning"]
    is_sign = np.array([q.describes_sign for q in tuning], dtype=bool)
    if not is_sign.any() or is_sign.all():
        raise PacerError("calibrating the warning-sign check needs tuning questions with and without a sign")
    signs = pacer.warning_signs
    by_words = np.array([bool(signs.by_words(q.q)) for q in tuning], dtype=bool)
    sign_sim, calm_sim = [], []
    for vector in pacer.embedder.embed([q.q for q in tuning]):
        per_sign, calm = signs.similarities(vector)
        sign_sim.append(float(per_sign.max()))
        calm_sim.append(calm)
    sim, margin_of = np.array(sign_sim), np.array(sign_sim) - np.array(calm_sim)
    best: tuple[float, float, float, float] | None = None  # (recall, -false alarms, threshold, margin)
    for threshold, margin in itertools.product(np.arange(0.40, 0.86, 0.01), np.arange(-0.10, 0.21, 0.01)):
        flagged = (sim >= threshold) & (margin_of >= margin)
        fa = float(flagged[~is_sign].mean())
        if fa <= max_false_alarms:
            key = (float(flagged[is_sign].mean()), -fa, float(threshold), float(margin))
            best = key if best is None or key > best else best
    assert best is not None  # the strictest setting flags nothing
    threshold, margin = round(best[2], 2), round(best[3], 2) + 0.0  # + 0.0: no -0.0
    both = by_words | ((sim >= threshold) & (margin_of >= margin))  # the meaning check is the net under the words
    return Calibration(
        threshold=threshold,
        calm_margin=margin,
        meaning_recall=best[0],
        meaning_false_alarms=-best[1],
        words_recall=float(by_words[is_sign].mean()),
        recall=float(both[is_sign].mean()),
        false_alarm_rate=float(both[~is_sign].mean()),
    )


def format_warning_report(results: dict[str, SignResult], path: str, *, cases: str = "all") -> str:
    """The human-readable report; `cases` is a split name, "all" or "none" (whose misses to list)."""
    lines = [f"warning signs ({path}, with the real set's labelled warnings):"]
    for split, r in results.items():
        per_sign = ", ".join(f"{name} {c}/{n}" for name, (c, n) in sorted(r.by_sign.items()))
        lines.append(
            f"  {split:<8}  recall {r.recall:.3f} ({r.caught} of {r.signs})   false alarms "
            f"{r.false_alarm_rate:.3f} ({len(r.false_alarms)} of {r.calm} calm)   "
            f"reply problems {len(r.reply_problems)}"
        )
        if per_sign:
            lines.append(f"            by sign: {per_sign}")
    for split, r in results.items():
        if cases not in ("all", split):
            continue
        for title, items in (("missed", r.missed), ("false alarms", r.false_alarms)):
            if items:
                lines.append(f"\n{title}, {split} half: {len(items)}")
                lines += [f"  [{q.sign or 'calm'}] {q.q[:110]!r}" for q in items]
        if r.reply_problems:
            lines.append(f"\nreply problems, {split} half:")
            lines += [f"  {p}" for p in r.reply_problems]
    return "\n".join(lines)
