"""The packaged question sets themselves: real questions with their URLs, labels that exist, halves split by
site, and held-out halves that do not change unless resealed on purpose."""

from __future__ import annotations

from pathlib import Path

from bot.core.library import load_library
from bot.core.real_questions import agreement, load_real_set, load_second_labels, seal, site_counts
from bot.questions import REAL, REAL_SECOND_AUTHOR

ROOT = Path(__file__).parents[1]
LIBRARY_IDS = set(load_library(ROOT / "corpus").documents)


def test_the_real_set_is_big_varied_and_every_label_names_a_library_document() -> None:
    real = load_real_set(REAL, LIBRARY_IDS)  # raises, naming file and line, on any problem
    assert len(real.questions) >= 300
    sites = site_counts(real.questions)
    assert len(sites) >= 60
    assert max(sites.values()) <= 10, sites.most_common(3)
    assert all(q.url.startswith(("http://", "https://")) for q in real.questions)
    assert len({q.q for q in real.questions}) == len(real.questions)
    assert sum(q.label.warning for q in real.questions) >= 20


def test_the_halves_are_split_by_site_and_roughly_even() -> None:
    real = load_real_set(REAL)
    tuning, held_out = real.split("tuning"), real.split("held-out")
    assert not {q.site for q in tuning} & {q.site for q in held_out}
    assert abs(len(tuning) - len(held_out)) <= 0.1 * len(real.questions)


def test_the_held_out_half_is_unchanged_since_it_was_sealed() -> None:
    real = load_real_set(REAL)
    assert real.held_out_sha256 == seal(real.questions), (
        "a held-out question or label of the real set changed; if on purpose, reseal it with "
        f"`pacer eval --seal {REAL.relative_to(ROOT)}` and say why in the commit"
    )


def test_a_second_author_labelled_a_sample_and_the_recorded_agreement_is_what_the_labels_give() -> None:
    pairs, recorded = load_second_labels(REAL_SECOND_AUTHOR, LIBRARY_IDS)
    assert len(pairs) >= 100
    assert recorded == agreement(pairs)
    ids = {q.id for q in load_real_set(REAL).questions}
    assert {p.id for p in pairs} <= ids
    assert len({p.id for p in pairs}) == len(pairs)
