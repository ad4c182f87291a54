"""The packaged question sets themselves: real questions with their URLs, labels that exist, halves split by
site, and held-out halves that do not change unless resealed on purpose."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bot.core.errors import PacerError
from bot.core.library import load_library
from bot.core.real_questions import agreement, load_real_set, load_second_labels, seal, site_counts
from bot.core.warning_set import held_out_checksum, load_warning_set
from bot.questions import REAL, REAL_SECOND_AUTHOR, WARNING_SIGNS

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


def test_the_warning_sign_set_is_big_enough_sealed_and_covers_every_sign() -> None:
    warnings = load_warning_set(WARNING_SIGNS)
    assert warnings.held_out_sha256 == held_out_checksum(warnings.questions), (
        f"a held-out warning-sign question changed; reseal with `pacer eval --seal {WARNING_SIGNS.relative_to(ROOT)}`"
    )
    for split in ("tuning", "held-out"):
        half = [q for q in warnings.questions if q.split == split]
        signs = Counter(q.sign for q in half if q.sign)
        assert sum(signs.values()) >= 40 and sum(q.sign is None for q in half) >= 40
        assert min(signs.values()) >= 5 and len(signs) == 9, signs
    assert sum(q.sign is not None for q in warnings.questions) >= 80


def test_collected_real_posts_keep_their_url_and_their_sites_half() -> None:
    # A site the real set has keeps its half in the warning-sign set too: no thread straddles the split.
    warnings = load_warning_set(WARNING_SIGNS)
    collected = [q for q in warnings.questions if q.source == "collected"]
    assert len(collected) >= 100 and all(q.url.startswith(("http://", "https://")) for q in collected)
    real_half = {q.site: q.split for q in load_real_set(REAL).questions}
    assert all(real_half.get(q.site, q.split) == q.split for q in collected)
    real_texts = {q.q for q in load_real_set(REAL).questions}
    assert not real_texts & {q.q for q in collected}


def test_a_warning_set_names_a_bad_url_and_a_site_in_both_halves(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    item = '  - {{q: "{q}", url: "{url}", sign: null, split: {split}, author: 9}}\n'
    path.write_text(
        "questions:\n"
        + item.format(q="sore calves", url="www.example.org/a", split="tuning")
        + item.format(q="tight calves", url="https://forum.example.org/b", split="tuning")
        + item.format(q="stiff calves", url="https://forum.example.org/c", split="held-out")
    )
    with pytest.raises(PacerError) as raised:
        load_warning_set(path, require_seal=False)
    assert f"{path}:2: `url` must be the web address" in str(raised.value)
    assert "site forum.example.org has posts in both halves" in str(raised.value)
