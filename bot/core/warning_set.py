"""The warning-sign set: questions that describe a warning sign, and calm near-misses, in two halves.

Written by authors who did not write the patterns (bot/questions/warning/warning-signs.yaml). The held-out half
is sealed by a checksum like the real set's and never tunes a pattern, a description, an example or a threshold;
the tuning half's questions are also the meaning check's examples (`examples()`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.core.errors import PacerError
from bot.core.real_questions import SPLITS, RealSet, checksum, list_nodes, read_yaml, site_of, sites_in_both_halves
from bot.core.warning_sign_table import SIGNS

SIGN_NAMES = tuple(sign.name for sign in SIGNS)


@dataclass(kw_only=True, frozen=True)
class SignQuestion:
    q: str
    sign: str | None  # the sign it describes; None for a calm near-miss; "labelled" for a real question
    split: str
    source: str  # "written", "collected" (a real post in this file), or the real question's id
    line: int = 0
    author: str = ""  # who wrote it ("1".."8"), or collected it (9: real posts); "real" for the real set's questions
    url: str = ""  # where a collected real post was copied from, word for word

    @property
    def site(self) -> str:
        return site_of(self.url) if self.url else ""

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
        sign, split, author = item.get("sign"), item.get("split"), item.get("author")
        if sign is not None and sign not in SIGN_NAMES:
            problems.append(f"{where}: `sign` must be one of {', '.join(SIGN_NAMES)} or null, got {sign!r}")
            continue
        if split not in SPLITS:
            problems.append(f"{where}: `split` must be one of {', '.join(SPLITS)}, got {split!r}")
            continue
        if not isinstance(author, int) or isinstance(author, bool):
            problems.append(f"{where}: `author` must be the number of who wrote it, got {author!r}")
            continue
        url = item.get("url", "")
        if not isinstance(url, str) or (url and not url.startswith(("http://", "https://"))):
            problems.append(f"{where}: `url` must be the web address the post was copied from, got {url!r}")
            continue
        if item["q"] in seen:
            problems.append(f"{where}: repeats the question at line {seen[item['q']]}")
        seen[item["q"]] = line
        questions.append(
            SignQuestion(
                q=item["q"],
                sign=sign,
                split=split,
                source="collected" if url else "written",
                line=line,
                author=str(author),
                url=url,
            )
        )
    # Collected posts are split by site, as the real set is: two passages of one thread never straddle halves.
    problems += [
        f"{path}: site {site} has posts in both halves; the split is by site"
        for site in sites_in_both_halves((q.site, q.split) for q in questions if q.site)
    ]
    if problems:
        raise PacerError(f"{path}: the warning-sign set has problems:\n  " + "\n  ".join(problems))
    return WarningSet(path, tuple(questions), sha if isinstance(sha, str) else "")


def with_real(warning_set: WarningSet, real: RealSet | None) -> list[SignQuestion]:
    """The written questions, plus the real set's questions in their site's half: those labelled as warning
    signs as signs, the rest as calm questions."""
    questions = list(warning_set.questions)
    if real is not None:
        questions += [
            SignQuestion(
                q=q.q,
                sign="labelled" if q.label.warning else None,
                split=q.split,
                source=q.id,
                line=q.line,
                author="real",
            )
            for q in real.questions
        ]
    return questions


@lru_cache(maxsize=4)
def examples(path: str | Path) -> tuple[SignQuestion, ...]:
    """The tuning half's written questions: what the meaning check compares a new question with."""
    return tuple(q for q in load_warning_set(path, require_seal=False).questions if q.split == "tuning")
