"""The real-question set: questions runners asked in public, copied word for word with their URL, and labelled.

One YAML file holds the questions and their labels; a second holds the second author's independent labels
for a sample, beside the first author's original ones, from which the recorded agreement is computed.

The set is split by site into a tuning half and a held-out half, so two questions from one thread never
straddle the split. The held-out half is sealed by a checksum in the file's header: `seal()` computes it, and a
test fails if a held-out question or label changes without the checksum being updated on purpose
(`pacer eval --seal FILE`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import cast
from urllib.parse import urlsplit

import yaml

from bot.core.errors import PacerError

SPLITS = ("tuning", "held-out")
INTENTS = ("treat", "prevent", "cause-risk", "keep-running", "dose", "performance", "what-is", "safety")
LABEL_FIELDS = ("expect", "intent", "warning")
_ID = re.compile(r"^r\d{3,}$")
_SHA = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Label:
    expect: tuple[str, ...]  # library ids any of which is an acceptable lead citation; () = nothing answers it
    intent: str
    warning: bool  # the question describes a warning sign

    @property
    def covered(self) -> bool:
        return bool(self.expect)


@dataclass(kw_only=True, frozen=True)
class RealQuestion:
    id: str
    q: str
    url: str
    split: str
    label: Label
    line: int

    @property
    def site(self) -> str:
        return site_of(self.url)

    @property
    def expect(self) -> tuple[str, ...]:
        return self.label.expect


@dataclass(frozen=True)
class RealSet:
    path: Path
    questions: tuple[RealQuestion, ...]
    held_out_sha256: str  # as recorded in the file

    @property
    def sealed(self) -> bool:
        """Whether the recorded checksum still matches the held-out half."""
        return self.held_out_sha256 == seal(self.questions)

    def split(self, name: str) -> list[RealQuestion]:
        return [q for q in self.questions if q.split == name]


_REDDIT_THREAD = re.compile(r"^/r/[^/]+/comments/")


def sites_in_both_halves(site_and_split: Iterable[tuple[str, str]]) -> list[str]:
    """The sites with questions in both halves, sorted: a set split by site must have none."""
    halves: dict[str, set[str]] = {}
    for site, split in site_and_split:
        halves.setdefault(site, set()).add(split)
    return sorted(site for site, splits in halves.items() if len(splits) > 1)


def site_of(url: str) -> str:
    """The site a question comes from: its URL's host without a leading `www.`.

    Reddit threads count as reddit.com whatever mirror served the copy (their paths give them away), so a
    mirror can neither inflate the count of sites nor let one thread straddle the split.
    """
    parts = urlsplit(url)
    if _REDDIT_THREAD.match(parts.path):
        return "reddit.com"
    return (parts.hostname or "").lower().removeprefix("www.")


def seal(questions: tuple[RealQuestion, ...] | list[RealQuestion]) -> str:
    """The checksum of the held-out half: every held-out question's text, URL and labels, in id order."""
    held_out = sorted((q for q in questions if q.split == "held-out"), key=lambda q: q.id)
    canonical = [
        {
            "id": q.id,
            "q": q.q,
            "url": q.url,
            "expect": sorted(q.expect),
            "intent": q.label.intent,
            "warning": q.label.warning,
        }
        for q in held_out
    ]
    return checksum(canonical)


def checksum(rows: list[dict]) -> str:
    """A stable checksum of a list of plain records (the sealed half of a question set)."""
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def read_yaml(path: Path, what: str) -> tuple[dict, yaml.Node]:
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        raw = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise PacerError(f"{path}: cannot read the {what}: {exc}") from None
    if not isinstance(raw, dict) or node is None:
        raise PacerError(f"{path}: expected a YAML mapping")
    return raw, node


def list_nodes(node: yaml.Node, key: str) -> list[yaml.Node]:
    for k, v in node.value:
        if k.value == key and isinstance(v, yaml.SequenceNode):
            return v.value
    return []


def _label(item: dict, where: str, library_ids: set[str] | None, problems: list[str]) -> Label | None:
    expect = item.get("expect")
    intent = item.get("intent")
    warning = item.get("warning")
    ok = True
    if not isinstance(expect, list) or not all(isinstance(e, str) for e in expect):
        problems.append(f"{where}: `expect` must be a list of library ids ([] when nothing in the library answers)")
        ok = False
    elif library_ids is not None:
        for e in expect:
            if e not in library_ids:
                problems.append(f"{where}: {e!r} in `expect` is not a document in the library")
                ok = False
    if intent not in INTENTS:
        problems.append(f"{where}: `intent` must be one of {', '.join(INTENTS)}, got {intent!r}")
        ok = False
    if not isinstance(warning, bool):
        problems.append(f"{where}: `warning` must be true or false, got {warning!r}")
        ok = False
    return Label(tuple(cast(list[str], expect)), cast(str, intent), cast(bool, warning)) if ok else None


def load_real_set(path: str | Path, library_ids: set[str] | None = None, *, require_seal: bool = True) -> RealSet:
    """Read and validate the real-question set, reporting every problem with its line."""
    path = Path(path)
    raw, node = read_yaml(path, "real-question set")
    items = raw.get("questions")
    if not isinstance(items, list):
        raise PacerError(f"{path}: expected a `questions:` list")
    sha = raw.get("held_out_sha256")
    problems: list[str] = []
    if require_seal and (not isinstance(sha, str) or not _SHA.match(sha)):
        problems.append(
            f"{path}: `held_out_sha256` must be the 64-hex checksum of the held-out half (`pacer eval --seal FILE`)"
        )
    sha = sha if isinstance(sha, str) else ""
    questions: list[RealQuestion] = []
    seen_ids: set[str] = set()
    seen_q: dict[str, int] = {}
    for item, item_node in zip(items, list_nodes(node, "questions"), strict=False):
        line = item_node.start_mark.line + 1
        where = f"{path}:{line}"
        if not isinstance(item, dict):
            problems.append(f"{where}: each question must be a mapping")
            continue
        qid, text, url, split = item.get("id"), item.get("q"), item.get("url"), item.get("split")
        if not isinstance(qid, str) or not _ID.match(qid):
            problems.append(f"{where}: `id` must look like r001, got {qid!r}")
            continue
        if qid in seen_ids:
            problems.append(f"{where}: id {qid} is used twice")
        seen_ids.add(qid)
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where}: {qid} needs a non-empty `q`, copied word for word from its page")
            continue
        if text in seen_q:
            problems.append(f"{where}: {qid} repeats the question at line {seen_q[text]}")
        seen_q[text] = line
        if not isinstance(url, str) or not re.match(r"^https?://", url) or not site_of(url):
            problems.append(f"{where}: {qid} needs the `url` of the page it was copied from")
            continue
        if split not in SPLITS:
            problems.append(f"{where}: {qid}: `split` must be one of {', '.join(SPLITS)}, got {split!r}")
            continue
        label = _label(item, f"{where}: {qid}", library_ids, problems)
        if label is not None:
            questions.append(RealQuestion(id=qid, q=text, url=url, split=split, label=label, line=line))
    problems += [
        f"{path}: site {site} has questions in both halves; the split is by site"
        for site in sites_in_both_halves((q.site, q.split) for q in questions)
    ]
    if problems:
        raise PacerError(f"{path}: the real-question set has problems:\n  " + "\n  ".join(problems))
    return RealSet(path, tuple(questions), sha)


def site_counts(questions: list[RealQuestion] | tuple[RealQuestion, ...]) -> Counter[str]:
    return Counter(q.site for q in questions)


# ---- the second author's labels and the agreement ------------------------------------------------------------------


@dataclass(frozen=True)
class DoubleLabel:
    id: str
    first: Label  # the first author's label, as it stood before the two compared
    second: Label  # the second author's, made without seeing the first's


def load_second_labels(path: str | Path, library_ids: set[str] | None = None) -> tuple[list[DoubleLabel], dict]:
    """The sample both authors labelled, and the agreement recorded in the file's header."""
    path = Path(path)
    raw, node = read_yaml(path, "second author's labels")
    items = raw.get("labels")
    if not isinstance(items, list):
        raise PacerError(f"{path}: expected a `labels:` list")
    problems: list[str] = []
    pairs: list[DoubleLabel] = []
    for item, item_node in zip(items, list_nodes(node, "labels"), strict=False):
        where = f"{path}:{item_node.start_mark.line + 1}"
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            problems.append(f"{where}: each entry needs the question's `id`, `first` and `second`")
            continue
        first, second = item.get("first"), item.get("second")
        if not isinstance(first, dict) or not isinstance(second, dict):
            problems.append(f"{where}: {item['id']} needs `first` and `second` label mappings")
            continue
        a = _label(first, f"{where}: {item['id']} first", library_ids, problems)
        b = _label(second, f"{where}: {item['id']} second", library_ids, problems)
        if a and b:
            pairs.append(DoubleLabel(item["id"], a, b))
    if problems:
        raise PacerError(f"{path}: the second author's labels have problems:\n  " + "\n  ".join(problems))
    recorded = raw.get("agreement")
    return pairs, recorded if isinstance(recorded, dict) else {}


def _kappa(pairs: list[tuple[object, object]]) -> float:
    """Cohen's kappa for two raters' categorical labels."""
    n = len(pairs)
    if not n:
        return 0.0
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[k] * second[k] for k in first) / (n * n)
    return 1.0 if expected == 1 else round((observed - expected) / (1 - expected), 3)


def agreement(pairs: list[DoubleLabel]) -> dict[str, float | int]:
    """How far two authors' independent labels agree, on the things the evaluation scores."""
    both_covered = [p for p in pairs if p.first.covered and p.second.covered]
    return {
        "sample": len(pairs),
        "covered_agree": round(sum(p.first.covered == p.second.covered for p in pairs) / len(pairs), 3),
        "covered_kappa": _kappa([(p.first.covered, p.second.covered) for p in pairs]),
        # Among questions both call covered: do they accept at least one lead in common?
        "lead_overlap": round(
            sum(bool(set(p.first.expect) & set(p.second.expect)) for p in both_covered) / len(both_covered), 3
        )
        if both_covered
        else 0.0,
        "expect_identical": round(sum(set(p.first.expect) == set(p.second.expect) for p in pairs) / len(pairs), 3),
        "intent_agree": round(sum(p.first.intent == p.second.intent for p in pairs) / len(pairs), 3),
        "intent_kappa": _kappa([(p.first.intent, p.second.intent) for p in pairs]),
        "warning_agree": round(sum(p.first.warning == p.second.warning for p in pairs) / len(pairs), 3),
        "warning_kappa": _kappa([(p.first.warning, p.second.warning) for p in pairs]),
    }


def reseal(path: str | Path, held_out_checksum: Callable[[Path], str] | None = None) -> tuple[str, str]:
    """Record the held-out half's checksum in the file, after a deliberate change; returns (old, new).

    `held_out_checksum` computes it for another kind of sealed set (default: a real-question set)."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(r'^held_out_sha256:[ \t]*"?([0-9a-f]*)"?[ \t]*$', re.MULTILINE)
    found = pattern.search(text)
    if not found:
        raise PacerError(f'{path}: no `held_out_sha256:` line to update; add `held_out_sha256: ""` at the top')
    if held_out_checksum is None:
        new = seal(load_real_set(path, require_seal=False).questions)
    else:
        new = held_out_checksum(path)
    path.write_text(text[: found.start()] + f'held_out_sha256: "{new}"' + text[found.end() :], encoding="utf-8")
    return found.group(1), new
