"""Right, silent and wrong, scored through the real model and FAISS index over the fixture library."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from bot.cli import main
from bot.core.outcomes import evaluate_real, format_real_report, verdict
from bot.core.pacer import Pacer
from bot.core.real_questions import load_real_set, reseal
from tests.support.sites import write_config

HIP = "[lack-2015-hip-rehab-pfp, rathleff-2014-hip-strength-pfp, fixture-hip-article]"
QUESTIONS = [
    # (id, question, expect, warning, split)
    ("r001", "should I do hip exercises for my sore knee?", HIP, False, "tuning"),
    ("r002", "should I do hip exercises for my sore knee??", "[pope-2000-stretching-injury-recruits]", False, "tuning"),
    ("r003", "how do I fix my golf slice", "[]", False, "tuning"),
    ("r004", "how do I fix my golf slice?", "[pope-2000-stretching-injury-recruits]", False, "held-out"),
    (
        "r005",
        "do ice baths help sore legs after a race?",
        "[bleakley-2012-cold-water-immersion-doms]",
        False,
        "held-out",
    ),
    ("r006", "I get chest pain when I run uphill, is that my fitness?", "[]", True, "held-out"),
]


@pytest.fixture
def real_file(tmp_path: Path) -> Path:
    lines = ['held_out_sha256: ""', "questions:"]
    for qid, q, expect, warning, split in QUESTIONS:
        site = "tuning.example.org" if split == "tuning" else "held.example.org"
        lines.append(
            f'  - {{id: {qid}, q: "{q}", url: "https://{site}/{qid}", expect: {expect}, intent: treat, '
            f"warning: {str(warning).lower()}, split: {split}}}"
        )
    path = tmp_path / "real.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    reseal(path)
    return path


def test_verdicts() -> None:
    from bot.core.real_questions import Label, RealQuestion

    covered = RealQuestion(
        id="r001", q="q", url="https://x.org", split="tuning", label=Label(("a",), "treat", False), line=1
    )
    uncovered = RealQuestion(
        id="r002", q="q", url="https://x.org", split="tuning", label=Label((), "treat", False), line=1
    )
    assert verdict(covered, "answer", "a") == verdict(covered, "partial", "a") == "right"
    assert verdict(covered, "answer", "b") == "wrong"
    assert verdict(covered, "partial", "b") == verdict(covered, "decline", None) == "silent"
    assert verdict(uncovered, "answer", "b") == "wrong"
    assert verdict(uncovered, "partial", "b") == verdict(uncovered, "decline", None) == "right"


def test_each_question_gets_the_outcome_a_member_would_feel(pacer: Pacer, real_file: Path) -> None:
    real = load_real_set(real_file, set(pacer.library.documents))
    # The fixture library's three hip summaries are equally close: let the closest answer outright.
    config = replace(pacer.config, retrieval=replace(pacer.config.retrieval, answer_margin=0.0, question_min=0.0))
    pacer = Pacer(config, pacer.library, pacer.retriever, pacer.embedder, cache_size=0)
    report = evaluate_real(pacer, real)
    hybrid = {c.question.id: c for split in report.results.values() for c in split["hybrid"].cases}
    assert hybrid["r001"].verdict == "right" and hybrid["r001"].rank == 1
    # The same answer, judged against a label that does not accept it: a confident, wrong answer.
    assert hybrid["r002"].verdict == "wrong" and hybrid["r002"].lead == hybrid["r001"].lead
    assert hybrid["r003"].verdict == "right" and hybrid["r003"].lead is None  # declined, nothing fits
    assert hybrid["r004"].verdict == "silent"  # declined, though the label says the library answers it
    assert hybrid["r005"].verdict == "right"
    held_out = report.results["held-out"]["hybrid"]
    assert held_out.count("right") == 2 and held_out.count("silent") == 1
    assert held_out.coverage == pytest.approx(2 / 3)
    assert report.warnings["held-out"].labelled == 1 and report.warnings["held-out"].warned_first == 1
    assert report.warnings["tuning"].false_alarms == []
    assert set(report.results["tuning"]) == {"hybrid", "dense", "keyword"}
    text = format_real_report(report)
    assert "wrong, tuning half, hybrid: 1" in text and "r002" in text
    assert "1 of 1 answered with the clinician warning first" in text


def test_pacer_eval_prints_both_halves_and_refuses_a_broken_seal(
    fixture_site: Path, real_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    path = write_config(
        site, fixture_site / "corpus", fixture_site / "index", "retrieval:\n  answer_margin: 0.0\n  question_min: 0.0\n"
    )
    config = ["--config", str(path)]
    assert main(["eval", *config, "--real", str(real_file), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["written"] is None and report["real"]["held_out_sealed"] is True
    hybrid = report["real"]["splits"]["tuning"]["hybrid"]
    assert hybrid["n"] == 3 and hybrid["n_wrong"] == 1 and hybrid["wrong_cases"][0]["id"] == "r002"

    real_file.write_text(real_file.read_text(encoding="utf-8").replace("golf slice?", "golf slice!"))
    assert main(["eval", *config, "--real", str(real_file)]) == 1
    assert "held-out half no longer matches its recorded checksum" in capsys.readouterr().out
    assert main(["eval", "--seal", str(real_file)]) == 0
    assert "held-out checksum updated" in capsys.readouterr().out
    assert main(["eval", *config, "--real", str(real_file), "--misses", "none"]) == 0
