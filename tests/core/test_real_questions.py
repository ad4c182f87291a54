"""The real-question set's loader, checksum and agreement, on small files written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.errors import PacerError
from bot.core.real_questions import (
    DoubleLabel,
    Label,
    agreement,
    load_real_set,
    load_second_labels,
    reseal,
    seal,
    site_of,
)

LIBRARY_IDS = {"lack-2015-hip-rehab-pfp", "rathleff-2014-hip-strength-pfp", "pope-2000-stretching-injury-recruits"}

SET = """\
# A tiny real-question set.
held_out_sha256: ""
questions:
  - id: r001
    q: "should I do hip exercises for my knee?"
    url: "https://forum.example.org/t/1"
    expect: [lack-2015-hip-rehab-pfp]
    intent: treat
    warning: false
    split: tuning
  - id: r002
    q: "stretching before parkrun stops injuries?"
    url: "https://www.clinic.example.com/faq"
    expect: [pope-2000-stretching-injury-recruits]
    intent: prevent
    warning: false
    split: held-out
  - id: r003
    q: "what gels for a marathon"
    url: "https://clinic.example.com/faq#gels"
    expect: []
    intent: performance
    warning: false
    split: held-out
"""


@pytest.fixture
def real_file(tmp_path: Path) -> Path:
    path = tmp_path / "real.yaml"
    path.write_text(SET, encoding="utf-8")
    reseal(path)
    return path


def test_site_is_the_host_without_www() -> None:
    assert site_of("https://www.Clinic.example.com/faq?x=1") == "clinic.example.com"
    assert site_of("http://forum.example.org/t/1") == "forum.example.org"
    assert site_of("https://redlib.example.top/r/running/comments/abc/shin_pain/") == "reddit.com"


def test_a_sealed_set_loads_with_its_labels(real_file: Path) -> None:
    real = load_real_set(real_file, LIBRARY_IDS)
    assert real.sealed
    assert [q.id for q in real.split("held-out")] == ["r002", "r003"]
    assert real.questions[0].label == Label(("lack-2015-hip-rehab-pfp",), "treat", False)
    assert {q.site for q in real.questions} == {"forum.example.org", "clinic.example.com"}


def test_changing_a_held_out_label_breaks_the_seal_and_reseal_restores_it(real_file: Path) -> None:
    text = real_file.read_text(encoding="utf-8")
    real_file.write_text(text.replace("intent: performance", "intent: dose"), encoding="utf-8")
    assert not load_real_set(real_file, LIBRARY_IDS).sealed
    old, new = reseal(real_file)
    assert old != new and load_real_set(real_file, LIBRARY_IDS).sealed


def test_changing_the_tuning_half_leaves_the_seal_alone(real_file: Path) -> None:
    before = load_real_set(real_file).held_out_sha256
    text = real_file.read_text(encoding="utf-8").replace("intent: treat", "intent: dose")
    real_file.write_text(text, encoding="utf-8")
    real = load_real_set(real_file)
    assert real.sealed and real.held_out_sha256 == before == seal(real.questions)


def test_every_problem_is_named_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        SET.replace('held_out_sha256: ""', "held_out_sha256: nope")
        .replace("expect: [lack-2015-hip-rehab-pfp]", "expect: [no-such-doc]")
        .replace('url: "https://www.clinic.example.com/faq"', "url: nowhere")
        .replace("intent: performance", "intent: vibes")
        .replace(
            "split: tuning",
            "split: tuning\n  - {id: r001, q: again, url: 'https://x.org', expect: [],"
            " intent: treat, warning: maybe, split: held-out}",
        ),
        encoding="utf-8",
    )
    with pytest.raises(PacerError) as error:
        load_real_set(bad, LIBRARY_IDS)
    message = str(error.value)
    assert f"{bad}: `held_out_sha256` must be the 64-hex checksum" in message
    assert f"{bad}:4: r001: 'no-such-doc' in `expect` is not a document in the library" in message
    assert f"{bad}:11: id r001 is used twice" in message
    assert "`warning` must be true or false, got 'maybe'" in message
    assert f"{bad}:12: r002 needs the `url` of the page it was copied from" in message
    assert "r003: `intent` must be one of treat, prevent" in message


def test_one_site_in_both_halves_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "straddle.yaml"
    path.write_text(SET.replace("https://forum.example.org/t/1", "https://clinic.example.com/other"), encoding="utf-8")
    with pytest.raises(PacerError, match=r"site clinic\.example\.com has questions in both halves"):
        load_real_set(path, require_seal=False)


def test_agreement_counts_what_the_evaluation_scores() -> None:
    hip, pope = ("lack-2015-hip-rehab-pfp",), ("pope-2000-stretching-injury-recruits",)
    pairs = [
        DoubleLabel("r001", Label(hip, "treat", False), Label(hip + pope, "treat", False)),
        DoubleLabel("r002", Label(pope, "prevent", False), Label((), "prevent", True)),
        DoubleLabel("r003", Label((), "dose", False), Label((), "performance", False)),
        DoubleLabel("r004", Label((), "safety", True), Label((), "safety", True)),
    ]
    result = agreement(pairs)
    assert result["sample"] == 4
    assert result["covered_agree"] == 0.75
    assert result["lead_overlap"] == 1.0  # r001: both accept lack-2015
    assert result["expect_identical"] == 0.5  # r003 and r004
    assert result["intent_agree"] == 0.75
    assert result["warning_agree"] == 0.75
    assert -1.0 <= result["warning_kappa"] <= 1.0


def test_second_labels_file_is_validated(tmp_path: Path) -> None:
    path = tmp_path / "second.yaml"
    path.write_text(
        "agreement: {sample: 1}\nlabels:\n"
        "  - id: r001\n    first: {expect: [], intent: treat, warning: false}\n"
        "    second: {expect: [no-such-doc], intent: treat, warning: false}\n",
        encoding="utf-8",
    )
    with pytest.raises(PacerError, match=r"second.yaml:3: r001 second: 'no-such-doc'"):
        load_second_labels(path, LIBRARY_IDS)
    assert load_second_labels(path)[1] == {"sample": 1}
