"""The warning-sign evaluation: does Pacer spot every sign, leave calm questions alone, and lead with the warning?

The set (bot/questions/warning/warning-signs.yaml) holds questions that describe a sign, written by authors who
did not write the patterns, and calm near-misses, in a tuning half and a held-out half; the real-question set's
questions labelled as warning signs join the half their site is in. The held-out half is sealed by a checksum
like the real set's, and never tunes a pattern, a description or a threshold.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np

from bot.core.errors import PacerError
from bot.core.pacer import Pacer
from bot.core.real_questions import SPLITS
from bot.core.warning_set import SIGN_NAMES, SignQuestion
from bot.core.warning_sign_table import SIGNS
from bot.core.warning_signs import neighbours


@dataclass(kw_only=True)
class SignResult:
    signs: int = 0
    caught: int = 0
    calm: int = 0
    missed: list[SignQuestion] = field(default_factory=list)
    false_alarms: list[SignQuestion] = field(default_factory=list)
    by_sign: dict[str, list[int]] = field(default_factory=dict)  # sign -> [caught, of]
    # "written", "collected" (real posts in the set's file) or "real" (the real set's) -> [caught, signs,
    # false alarms, calm]: the real posts are where the checks fall short, so they are reported apart.
    by_source: dict[str, list[int]] = field(default_factory=dict)
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
            "by_source": self.by_source,
            "missed": [q.q for q in self.missed],
            "false_alarms": [q.q for q in self.false_alarms],
            "reply_problems": self.reply_problems,
        }


def evaluate_warnings(pacer: Pacer, questions: list[SignQuestion]) -> dict[str, SignResult]:
    """Ask every question as a member would, and check each flagged reply leads with the warning, shows no
    nearest topics and cites only documents about the sign."""
    results = {split: SignResult() for split in SPLITS}
    evidence = {sign.name: {*sign.evidence, *sign.related} for sign in SIGNS}
    for item in questions:
        r = results[item.split]
        answer = pacer.ask(item.q)
        source = r.by_source.setdefault(item.source if item.source in ("written", "collected") else "real", [0] * 4)
        if item.describes_sign:
            source[0] += answer.red_flag
            source[1] += 1
            r.signs += 1
            r.caught += answer.red_flag
            if not answer.red_flag:
                r.missed.append(item)
            if item.sign in SIGN_NAMES:
                tally = r.by_sign.setdefault(item.sign, [0, 0])
                tally[0] += answer.red_flag
                tally[1] += 1
        else:
            source[2] += answer.red_flag
            source[3] += 1
            r.calm += 1
            if answer.red_flag:
                r.false_alarms.append(item)
        if answer.red_flag:
            warning = answer.parts.warning
            allowed = set().union(*(evidence[name] for name in answer.warning_signs))
            if not warning or not answer.answer.startswith(warning):
                r.reply_problems.append(f"{item.q!r}: the reply does not start with the warning")
            if answer.nearest_topics:
                r.reply_problems.append(f"{item.q!r}: a flagged reply offers nearest topics")
            off_sign = [c.doc_id for c in answer.citations if c.doc_id not in allowed]
            if off_sign:
                r.reply_problems.append(f"{item.q!r}: cites {', '.join(off_sign)}, which is not about the sign")
    return results


@dataclass(kw_only=True, frozen=True)
class Calibration:
    threshold: float
    calm_margin: float
    example_threshold: float
    example_margin: float
    meaning_recall: float  # the meaning checks alone (descriptions, then examples from other authors)
    meaning_false_alarms: float
    descriptions_recall: float  # the descriptions alone
    words_recall: float  # the patterns alone
    recall: float  # all together, as Pacer runs them
    false_alarm_rate: float


def _best_setting(
    score: np.ndarray, gap: np.ndarray, base: np.ndarray, is_sign: np.ndarray, budget: float, thresholds: np.ndarray
) -> tuple[float, float, float, float]:
    """The (threshold, margin) that, added to what `base` already flags, catches the most signs while flagging
    at most `budget` of the calm questions; ties go to fewer false alarms, then to the stricter setting.
    Returns (recall, false alarms, threshold, margin)."""
    best: tuple[float, float, float, float] | None = None
    for threshold, margin in itertools.product(thresholds, np.arange(-0.10, 0.21, 0.01)):
        flagged = base | ((score >= threshold) & (gap >= margin))
        fa = float(flagged[~is_sign].mean())
        if fa <= budget:
            key = (float(flagged[is_sign].mean()), -fa, float(threshold), float(margin))
            best = key if best is None or key > best else best
    if best is None:
        raise PacerError(f"no setting keeps the meaning check's false alarms within {budget:.2f} on the tuning half")
    return best[0], -best[1], round(best[2], 2), round(best[3], 2) + 0.0  # + 0.0: no -0.0


def calibrate_warnings(
    pacer: Pacer,
    questions: list[SignQuestion],
    *,
    max_false_alarms: float = 0.02,
    max_false_alarms_examples: float = 0.03,
) -> Calibration:
    """The meaning checks' thresholds and margins, from the tuning half alone.

    The meaning checks are calibrated on their own, as if there were no patterns: the patterns were written
    against the tuning half, so calibrating them together would switch the meaning checks off exactly where
    they are needed, on descriptions the patterns have never seen. First the descriptions: the setting that
    catches the most signs while flagging at most `max_false_alarms` of the calm questions. Then the examples,
    which are the tuning questions themselves: each written question is compared only with the other authors'
    examples (a real question with all of them), as a new member's question would be; their setting catches the
    most signs the descriptions missed while the two together flag at most `max_false_alarms_examples`.
    """
    tuning = [q for q in questions if q.split == "tuning"]
    is_sign = np.array([q.describes_sign for q in tuning], dtype=bool)
    if not is_sign.any() or is_sign.all():
        raise PacerError("calibrating the warning-sign check needs tuning questions with and without a sign")
    signs = pacer.warning_signs
    by_words = np.array([bool(signs.by_words(q.q)) for q in tuning], dtype=bool)
    vectors = pacer.embedder.embed([q.q for q in tuning])
    sign_sim, calm_sim = [], []
    for vector in vectors:
        per_sign, calm = signs.similarities(vector)
        sign_sim.append(float(per_sign.max()))
        calm_sim.append(calm)
    sim, gap = np.array(sign_sim), np.array(sign_sim) - np.array(calm_sim)
    none = np.zeros(len(tuning), dtype=bool)
    desc_recall, _, threshold, margin = _best_setting(
        sim, gap, none, is_sign, max_false_alarms, np.arange(0.40, 0.86, 0.01)
    )
    by_descriptions = (sim >= threshold) & (gap >= margin)

    found = signs.examples()
    if found is None:
        raise PacerError("calibrating the warning-sign check needs the model and `warnings.examples: true`")
    items, example_vectors, sign_of = found
    authors = np.array([q.author for q in items])
    ex_sim, ex_gap = np.full(len(tuning), -1.0), np.zeros(len(tuning))
    for i, (q, vector) in enumerate(zip(tuning, vectors, strict=True)):
        others = authors != q.author  # leave the question's own author out: never its own neighbour
        near = neighbours(example_vectors[others] @ vector, sign_of[others], signs.config.neighbours)
        if near.sign >= 0 and near.share > 0.5:
            ex_sim[i], ex_gap[i] = near.sign_sim, near.sign_sim - near.calm_sim
    meaning_recall, meaning_fa, example_threshold, example_margin = _best_setting(
        ex_sim, ex_gap, by_descriptions, is_sign, max_false_alarms_examples, np.arange(0.40, 0.91, 0.01)
    )
    meaning = by_descriptions | ((ex_sim >= example_threshold) & (ex_gap >= example_margin))
    both = by_words | meaning  # the meaning checks are the net under the words
    return Calibration(
        threshold=threshold,
        calm_margin=margin,
        example_threshold=example_threshold,
        example_margin=example_margin,
        meaning_recall=meaning_recall,
        meaning_false_alarms=meaning_fa,
        descriptions_recall=desc_recall,
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
        if len(r.by_source) > 1:
            lines.append(
                "            by source: "
                + ", ".join(
                    f"{name} recall {c}/{n}, false alarms {f}/{m}" for name, (c, n, f, m) in sorted(r.by_source.items())
                )
            )
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
