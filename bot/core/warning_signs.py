"""Warning signs: symptoms that need a clinician come before anything the library says.

Checks, in turn:
- patterns over the question as members type it: lower case, apostrophes dropped ("ive", "cant" and "I've",
  "can't" read alike), common misspellings allowed; every sign whose patterns match is flagged;
- meaning, the net under the patterns when they find nothing: the question's embedding (the one retrieval uses)
  against curated descriptions of each sign; the closest sign is flagged when the question is close enough to
  one of its descriptions and not closer to a description of ordinary soreness. Then against examples: the
  warning-sign set's tuning questions, as members typed them; the nearest sign example's sign is flagged when
  most of the nearest examples describe a sign and it is close enough, and closer than the nearest calm one.
  Thresholds and margins are calibrated on the tuning half (`pacer eval --calibrate-warnings`), the examples'
  leaving each author's own questions out.

Deliberately broad: a false alarm costs a line of text, a missed sign could cost far more. The reply for each
sign leads with what to do, worded after the public clinical sources listed in docs/warning-signs.md.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.core.config import WarningConfig
from bot.core.embedding import Embedder
from bot.core.warning_set import SignQuestion, examples
from bot.core.warning_sign_table import CALM, SIGNS, YOUNG, Sign
from bot.questions import WARNING_SIGNS

EXAMPLE_CACHE = "warning-examples.npz"  # in the index folder: the examples' vectors, keyed by model and text

EMERGENCY = (
    "If it is severe or happening right now, call your local emergency number (999 in the UK, 112 in Europe, "
    "911 in the US)."
)


def normalise(question: str) -> str:
    """Lower case, apostrophes dropped, punctuation to spaces: "I've" and "ive" read alike."""
    text = unicodedata.normalize("NFKC", question).lower()
    text = re.sub(r"['\u2019\u2018`´]", "", text)
    text = re.sub(r"[^\w%]+", " ", text)
    return " " + " ".join(text.split()) + " "


# What a member says they do NOT have ("no swelling or redness", "no tender spot on the bone", "no tingling or
# numbness") is dropped before the patterns run: careful posts list the signs they have ruled out. Only findings
# whose absence is ordinary: "no feeling" and "no period" are signs themselves, so they are not listed.
_FINDING = (
    r"(tender |sore |painful )?(spot|spots|point)( on the bone| when i press\w*)?|numbness|numb|tingl\w*|"
    r"pins and needles|swelling|swollen|redness|bruis\w*|chest pain|pain|dizziness|dizzy|faint\w*|blood|"
    r"bleeding|spotting|symptoms|issues|problems|wheez\w*|heat|warmth|collaps\w*"
)
_NEGATED = re.compile(
    rf" (no|not any|without( any)?|never any|zero) ({_FINDING})(( or| and| nor)? (no )?({_FINDING}))*(?= )"
)


def for_patterns(question: str) -> str:
    """The question as the patterns read it: normalised, "&" and "n" read as "and" ("dry n hot"), and the
    findings the member says they do not have taken out."""
    text = normalise(question.replace("&", " and ")).replace(" n ", " and ")
    return " " + " ".join(_NEGATED.sub(" ", text).split()) + " "


def _compile(patterns: tuple[str, ...]) -> re.Pattern[str]:
    # Each alternative ends on a word boundary ("a pop" must not match "a popular"), unless it ends on a space.
    return re.compile("|".join(p if p.endswith(" ") else f"(?:{p})\\b" for p in patterns))


_PATTERNS = tuple((sign, _compile(sign.patterns)) for sign in SIGNS)
_CALM = {sign.name: _compile(sign.calm) for sign in SIGNS if sign.calm}
_YOUNG = _compile(YOUNG)
_SIGN_INDEX = {sign.name: i for i, sign in enumerate(SIGNS)}


@dataclass(frozen=True)
class Triage:
    """The warning signs a question describes, and how each was spotted."""

    signs: tuple[Sign, ...] = ()
    how: tuple[str, ...] = ()  # per sign: "words", "meaning" (descriptions) or "examples"
    young: bool = False  # the question is about a child or a teenager

    @property
    def red_flag(self) -> bool:
        return bool(self.signs)

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(sign.label for sign in self.signs)

    @property
    def evidence(self) -> frozenset[str]:
        """Library documents really about the signs: with `related`, the only ones a flagged reply may cite."""
        return frozenset(doc for sign in self.signs for doc in sign.evidence)

    @property
    def related(self) -> frozenset[str]:
        """Library documents about some cases of the signs: citable only when the question is close to them."""
        return frozenset(doc for sign in self.signs for doc in sign.related)

    @property
    def disclaimer(self) -> str:
        return self.signs[0].disclaimer if self.signs else ""

    def message(self) -> str:
        """The warning that leads the reply, named for each sign: what to do first, then why; '' when none."""
        if not self.signs:
            return ""
        lines = [f"**⚠️ {sign.action}** {sign.why}" for sign in self.signs]
        if self.young:
            lines.append("For a child or teenager, a parent or carer should arrange this with them.")
        if any(sign.urgent for sign in self.signs):
            lines.append(EMERGENCY)
        return "\n".join(lines)


@dataclass(kw_only=True, frozen=True)
class Neighbours:
    """How a question stands against the examples."""

    sign: int  # index in SIGNS of the nearest example that describes a sign; -1 when there is none
    sign_sim: float  # its cosine
    calm_sim: float  # the nearest calm example's cosine
    share: float  # the share of the k nearest examples that describe a sign


def neighbours(sims: np.ndarray, sign_of: np.ndarray, k: int) -> Neighbours:
    """`sims`: a question's cosines to the examples; `sign_of`: each example's sign index, -1 for calm."""
    is_sign = sign_of >= 0
    if not is_sign.any() or is_sign.all():
        return Neighbours(sign=-1, sign_sim=0.0, calm_sim=0.0, share=0.0)
    nearest_sign = int(np.where(is_sign, sims, -np.inf).argmax())
    k = min(k, len(sims))
    top = np.argpartition(-sims, k - 1)[:k]
    return Neighbours(
        sign=int(sign_of[nearest_sign]),
        sign_sim=float(sims[nearest_sign]),
        calm_sim=float(np.where(is_sign, -np.inf, sims).max()),
        share=float(is_sign[top].mean()),
    )


class WarningSigns:
    """Spots warning signs in a question, by its words and by its meaning."""

    def __init__(
        self,
        embedder: Embedder | None,
        config: WarningConfig,
        *,
        cache_dir: Path | None = None,
        examples_path: Path = WARNING_SIGNS,
    ):
        self.config = config
        self._embedder = embedder if config.semantic else None
        self._cache_dir = cache_dir
        self._examples_path = examples_path
        self._lock = threading.Lock()
        self._embedded: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._examples: tuple[tuple[SignQuestion, ...], np.ndarray, np.ndarray] | None = None

    def _descriptions(self) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """The descriptions' vectors, the sign of each row, and the calm descriptions' vectors; embedded once,
        on first use, so building a `Pacer` does not load the model."""
        if self._embedder is None:
            return None
        with self._lock:
            if self._embedded is None:
                rows = [(i, d) for i, sign in enumerate(SIGNS) for d in sign.descriptions]
                self._embedded = (
                    self._embedder.embed([d for _, d in rows]),
                    np.array([i for i, _ in rows], dtype=np.int64),
                    self._embedder.embed(list(CALM)),
                )
            return self._embedded

    def examples(self) -> tuple[tuple[SignQuestion, ...], np.ndarray, np.ndarray] | None:
        """The examples, their vectors and each one's sign index (-1 calm); None without the model or examples.

        Embedding them takes seconds, so the vectors are kept in the index folder, keyed by the model and the
        examples' text: they are embedded again only when either changes.
        """
        if self._embedder is None or not self.config.examples:
            return None
        with self._lock:
            if self._examples is None:
                items = examples(self._examples_path)
                sign_of = np.array([_SIGN_INDEX[q.sign] if q.sign else -1 for q in items], dtype=np.int64)
                self._examples = (items, self._example_vectors([q.q for q in items]), sign_of)
            return self._examples

    def _example_vectors(self, texts: list[str]) -> np.ndarray:
        assert self._embedder is not None
        key = hashlib.sha256("\n".join([self._embedder.name, *texts]).encode()).hexdigest()
        path = self._cache_dir / EXAMPLE_CACHE if self._cache_dir else None
        if path is None:
            return self._embedder.embed_fixed(key, texts)
        if path.is_file():
            try:
                with np.load(path) as cached:
                    if str(cached["key"]) == key:
                        return cached["vectors"]
            except (OSError, ValueError, KeyError):
                pass  # unreadable: embed again and overwrite it
        vectors = self._embedder.embed_fixed(key, texts)
        tmp = path.with_suffix(f".{os.getpid()}.tmp.npz")
        try:  # a read-only index folder only costs the embedding again next start
            np.savez(tmp, key=np.array(key), vectors=vectors)
            os.replace(tmp, path)
        except OSError:
            tmp.unlink(missing_ok=True)
        return vectors

    def neighbours(self, vector: np.ndarray) -> Neighbours | None:
        """Where the question stands against the examples; None without them."""
        found = self.examples()
        if found is None:
            return None
        _, vectors, sign_of = found
        return neighbours(vectors @ vector, sign_of, self.config.neighbours)

    def by_examples(self, found: Neighbours | None) -> str | None:
        """The sign the examples point to, if they are close and clear enough."""
        cfg = self.config
        if found is None or found.sign < 0 or found.share <= 0.5:
            return None
        if found.sign_sim >= cfg.example_threshold and found.sign_sim - found.calm_sim >= cfg.example_margin:
            return SIGNS[found.sign].name
        return None

    def similarities(self, vector: np.ndarray | None) -> tuple[np.ndarray, float]:
        """Per sign, the question's best cosine to its descriptions; and its best cosine to a calm description."""
        embedded = self._descriptions() if vector is not None else None
        if vector is None or embedded is None:
            return np.zeros(len(SIGNS), dtype=np.float32), 0.0
        vectors, sign_of_row, calm = embedded
        per_sign = np.full(len(SIGNS), -1.0, dtype=np.float32)
        np.maximum.at(per_sign, sign_of_row, vectors @ vector)
        return per_sign, float((calm @ vector).max())

    @staticmethod
    def by_words(question: str) -> set[str]:
        """The names of the signs whose patterns the question matches."""
        text = for_patterns(question)
        return {
            sign.name
            for sign, pattern in _PATTERNS
            if pattern.search(text) and not (sign.name in _CALM and _CALM[sign.name].search(text))
        }

    def triage(self, question: str, vector: np.ndarray | None = None) -> Triage:
        """The signs the question describes; `vector` is its embedding (None: words only)."""
        how = dict.fromkeys(self.by_words(question), "words")
        if not how:
            # The meaning check is the net under the patterns: it names at most the one sign the question is
            # closest to, when the patterns found none.
            per_sign, calm = self.similarities(vector)
            best = int(per_sign.argmax())
            sim = float(per_sign[best])
            if sim >= self.config.threshold and sim - calm >= self.config.calm_margin:
                how[SIGNS[best].name] = "meaning"
            elif vector is not None and (name := self.by_examples(self.neighbours(vector))):
                how[name] = "examples"
        signs = tuple(sign for sign in SIGNS if sign.name in how)
        young = bool(signs) and bool(_YOUNG.search(normalise(question)))
        return Triage(signs, tuple(how[s.name] for s in signs), young)
