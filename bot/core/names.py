"""Names that point to documents: which documents a question names by title or alias, found by lookup.

A name matches exactly (normalised, whole words) or by stems, with one typo allowed in each long word
("plantar fascitis" names "plantar fasciitis"). A name counts for as much as it is specific: one that names
a single document gives the whole bonus, one shared by four documents a quarter of it, and one shared by
more than `MAX_SHARING` documents is a topic word, not a name, and names none.

The cost of a question does not grow with the library: exact names are looked up by the question's word
n-grams, stemmed names by their first stem and its one-letter deletions (the symmetric-delete trick: two
words one edit apart always share a deletion), and only those candidates are checked word by word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

import Stemmer
from bm25s.stopwords import STOPWORDS_EN

MAX_SHARING = 20  # a phrase shared by more documents than this is a topic word: it names none of them
TYPO_MIN = 6  # words at least this long may carry one typo ("fascitis"); shorter ones must be exact
_STEMMER = Stemmer.Stemmer("english")

Phrase = str | tuple[str, ...]  # a normalised exact name (" a b ") or a stemmed one (("a", "b"))


def normalise(text: str) -> str:
    """Lower-case, unify apostrophes and quotes, drop punctuation, collapse spaces: for phrase matching."""
    text = unicodedata.normalize("NFKC", text).lower().replace("\u2019", "'").replace("`", "'")
    text = re.sub(r"[^\w']+", " ", text)
    return " " + " ".join(text.split()) + " "


_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # bm25s's (and scikit-learn's) token pattern
_STOPWORDS: dict[str | None, frozenset[str]] = {"en": frozenset(STOPWORDS_EN), None: frozenset()}


def tokens(texts: list[str], stopwords: str | None = "en") -> list[list[str]]:
    """Stemmed words, as the keyword index sees them: word for word what `bm25s.tokenize` returns (tested),
    without the progress bars it builds on every call even when hidden (half a millisecond a question)."""
    stop = _STOPWORDS[stopwords]
    split = [[t for t in _TOKEN.findall(text.lower()) if t not in stop] for text in texts]
    unique = list(dict.fromkeys(t for words in split for t in words))
    stem = dict(zip(unique, _STEMMER.stemWords(unique), strict=True))
    return [[stem[t] for t in words] for words in split]


def stemmed_phrase(phrase: str) -> tuple[str, ...]:
    """A name's stems, for matching inflections ("ice baths", "underfuelling"); () when too short to trust.

    The tokenizer drops one-letter words, so short names ("RED-S", "DOMS") are left to exact matching.
    """
    stems = tuple(tokens([phrase], stopwords=None)[0])
    return stems if len(stems) >= 2 or (stems and len(stems[0]) >= 4) else ()


def near(a: str, b: str) -> bool:
    """Equal, or one edit apart (a letter added, dropped, changed or two swapped) when both are long enough
    for a typo to be a typo: "fascitis" is "fasciitis", "aches" is not "acres"."""
    if a == b:
        return True
    if min(len(a), len(b)) < TYPO_MIN or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _at(haystack: Sequence[str], i: int, needle: tuple[str, ...]) -> bool:
    return i + len(needle) <= len(haystack) and all(near(h, w) for h, w in zip(haystack[i:], needle, strict=False))


def contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    """Whether `needle`'s words appear in order in `haystack`, each equal or `near`."""
    return any(_at(haystack, i, needle) for i in range(len(haystack) - len(needle) + 1))


def within(phrase: Phrase, other: Phrase) -> bool:
    """Whether `phrase` is a strictly shorter part of `other` (both normalised text, or both stem tuples)."""
    if isinstance(phrase, str) and isinstance(other, str):
        return len(phrase) < len(other) and phrase in other
    if isinstance(phrase, tuple) and isinstance(other, tuple):
        return len(phrase) < len(other) and contains(other, phrase)
    return False


def _keys(word: str) -> set[str]:
    """The word and, when a typo is allowed in it, each form with one letter deleted."""
    if len(word) < TYPO_MIN:
        return {word}
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def document_phrases(title: str, aliases: Iterable[str]) -> tuple[set[str], set[tuple[str, ...]]]:
    """A document's names: its title and aliases, normalised and stemmed."""
    phrases = [title, *aliases]
    exact = {n for n in (normalise(p) for p in phrases) if n.strip()}
    return exact, {s for s in (stemmed_phrase(p) for p in phrases) if s}


class NameIndex:
    """Per document row, how specifically a question names it: 1 / (documents sharing the phrase), or 0."""

    def __init__(self, names: Iterable[tuple[int, set[str], set[tuple[str, ...]]]], max_sharing: int = MAX_SHARING):
        self._exact: dict[str, list[int]] = {}  # " a b " -> document rows
        self._stemmed: dict[tuple[str, ...], list[int]] = {}
        for row, exact, stemmed in names:
            for phrase in exact:
                self._exact.setdefault(phrase, []).append(row)
            for stems in stemmed:
                self._stemmed.setdefault(stems, []).append(row)
        for shared in [p for p, rows in self._exact.items() if len(rows) > max_sharing]:
            del self._exact[shared]
        for shared_stems in [p for p, rows in self._stemmed.items() if len(rows) > max_sharing]:
            del self._stemmed[shared_stems]
        self._longest = max((p.count(" ") - 1 for p in self._exact), default=0)
        # Each stemmed name is filed under its rarest stem (its anchor) and that stem's deletion keys, so a
        # common first word ("hip ...") does not make every question check every name that starts with it.
        frequency: dict[str, int] = {}
        for stems in self._stemmed:
            for stem in set(stems):
                frequency[stem] = frequency.get(stem, 0) + 1
        self._by_anchor: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        for stems in self._stemmed:
            at = min(range(len(stems)), key=lambda j: frequency[stems[j]])
            for key in _keys(stems[at]):
                self._by_anchor.setdefault(key, []).append((stems, at))

    @classmethod
    def of(cls, names: Iterable[tuple[int, str, Sequence[str]]], max_sharing: int = MAX_SHARING) -> NameIndex:
        """From (document row, title, aliases): the same phrases as `document_phrases`, stemmed in one batch
        (one tokenizer call per phrase costs seconds at start-up in a large library)."""
        rows: list[int] = []
        phrases: list[str] = []
        for row, title, aliases in names:
            for phrase in (title, *aliases):
                rows.append(row)
                phrases.append(phrase)
        per_row: dict[int, tuple[set[str], set[tuple[str, ...]]]] = {}
        for row, phrase, stems in zip(rows, phrases, tokens(phrases, stopwords=None) if phrases else [], strict=True):
            exact, stemmed = per_row.setdefault(row, (set(), set()))
            if (n := normalise(phrase)).strip():
                exact.add(n)
            key = tuple(stems)
            if len(key) >= 2 or (key and len(key[0]) >= 4):
                stemmed.add(key)
        return cls(((row, exact, stemmed) for row, (exact, stemmed) in per_row.items()), max_sharing)

    def rows(self, phrase: Phrase) -> list[int]:
        """The documents a phrase names."""
        return (self._exact if isinstance(phrase, str) else self._stemmed).get(phrase, [])  # type: ignore[arg-type]

    def matches(self, question: str) -> dict[int, float]:
        """Document row -> 1 / sharing of its most specific name in the question (rows not named are absent)."""
        words = normalise(question).split()
        found: set[Phrase] = set()
        for i in range(len(words)):
            for n in range(1, min(self._longest, len(words) - i) + 1):
                gram = " " + " ".join(words[i : i + n]) + " "
                if gram in self._exact:
                    found.add(gram)
        stems = tuple(tokens([question], stopwords=None)[0])
        for i, stem in enumerate(stems):
            for key in _keys(stem):
                for name, at in self._by_anchor.get(key, ()):
                    if i >= at and name not in found and _at(stems, i - at, name):
                        found.add(name)
        # A phrase that is only part of a longer phrase the question also contains names nothing by itself:
        # "easy runs" inside "strides after easy runs", "cramps" inside "cramps in your side".
        named: dict[int, float] = {}
        for phrase in found:
            if any(within(phrase, other) for other in found):
                continue
            rows = self.rows(phrase)
            for row in rows:
                named[row] = max(named.get(row, 0.0), 1.0 / len(rows))
        return named
