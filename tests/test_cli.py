"""The `pacer` command, in-process through `main()` and once as a real process through the console script."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import build_parser, main
from tests.support.processes import PACER


def run(argv: list[str], capsys: pytest.CaptureFixture) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_help_lists_every_command_and_location_option(capsys: pytest.CaptureFixture) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for word in ("ask", "chat", "index", "corpus", "eval", "--config", "--corpus", "--index"):
        assert word in out
    for command in (
        ["ask", "--help"],
        ["chat", "--help"],
        ["index", "--help"],
        ["corpus", "check", "--help"],
        ["eval", "--help"],
    ):
        with pytest.raises(SystemExit):
            build_parser().parse_args(command)
        assert "--config" in capsys.readouterr().out


def test_ask_text_and_json(fixture_site: Path, capsys: pytest.CaptureFixture) -> None:
    cfg = ["--config", str(fixture_site / "pacer.yaml")]
    code, out, _ = run(["ask", *cfg, "should I do hip exercises?"], capsys)
    # The first part alone: the short answer, how sure, who was studied, the sources; the evidence with --full.
    assert code == 0 and out.startswith("**Short answer:**") and "**How sure:** " in out
    assert "**Sources:**\n[1] " in out and "3 of the 24 studies" not in out and "The evidence" not in out
    code, full, _ = run(["ask", "--full", *cfg, "should I do hip exercises?"], capsys)
    assert full.startswith(out.split("**Sources:**")[0]) and "3 of the 24 studies" in full
    assert "**The caveat that matters:**" in full
    code, out, _ = run(["ask", "--json", *cfg, "what time is the saturday club run?"], capsys)
    data = json.loads(out)
    assert code == 0 and data["abstained"] is True and data["citations"] == [] and len(data["nearest_topics"]) == 3


def test_ask_json_reads_one_question_per_line(
    fixture_site: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Output line N answers input line N: a blank line gets its own declined object, not a skipped line.
    monkeypatch.setattr(sys, "stdin", io.StringIO("should I do hip exercises?\n\n   \nis coffee good before a race\n"))
    code, out, _ = run(["--config", str(fixture_site / "pacer.yaml"), "ask", "--json", "-"], capsys)
    lines = out.strip().splitlines()
    assert code == 0 and len(lines) == 4
    first, blank, spaces, second = (json.loads(line) for line in lines)
    assert blank["outcome"] == spaces["outcome"] == "decline" and blank["question"] == spaces["question"] == ""
    assert first["citations"][0]["doc_id"] in {
        "rathleff-2014-hip-strength-pfp",
        "fixture-hip-article",
        "lack-2015-hip-rehab-pfp",
    }
    assert second["citations"][0]["doc_id"] == "grgic-2020-caffeine-performance"


def test_chat_answers_until_quit(
    fixture_site: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("is coffee good before a race\nquit\n"))
    code, out, _ = run(["chat", "--config", str(fixture_site / "pacer.yaml")], capsys)
    assert code == 0 and "Short answer:" in out and "grgic" not in out.lower().split("sources")[0]
    assert "Grgic J" in out


def test_corpus_check_reports_problems_and_exits_1(fixture_library_copy: Path, capsys: pytest.CaptureFixture) -> None:
    code, out, _ = run(["corpus", "check", "--corpus", str(fixture_library_copy)], capsys)
    assert code == 0 and out.startswith("library OK: 7 documents")
    path = fixture_library_copy / "pope-2000-stretching-injury-recruits.md"
    path.write_text(path.read_text().replace("certainty: moderate", "certainty: certain"))
    (fixture_library_copy / "empty.md").write_text("")
    code, out, err = run(["corpus", "check", "--corpus", str(fixture_library_copy)], capsys)
    assert code == 1
    assert "pope-2000-stretching-injury-recruits.md:" in out and "certainty: 'certain'" in out
    assert "empty.md:1: must start with YAML front matter" in out
    assert "2 problem(s)" in err


def test_index_check_and_incremental_rebuild(fixture_site_copy: Path, capsys: pytest.CaptureFixture) -> None:
    cfg = ["--config", str(fixture_site_copy / "pacer.yaml")]
    code, out, _ = run(["index", "--check", *cfg], capsys)
    assert code == 0 and "up to date" in out
    path = fixture_site_copy / "corpus" / "almond-2005-marathon-hyponatremia.md"
    path.write_text(path.read_text().replace("## Bottom line\n", "## Bottom line\nOne more sentence. "))
    code, out, _ = run(["index", "--check", *cfg], capsys)
    assert code == 1 and "stale" in out and "almond-2005-marathon-hyponatremia" in out
    code, out, err = run(["index", *cfg], capsys)
    assert code == 0
    assert "re-embedded 1," in out and "added 0," in out and "removed 1," in out
    assert "embedding 1 chunk(s)" in err
    assert "documents changed since the last build: almond-2005-marathon-hyponatremia" in out
    code, out, _ = run(["index", *cfg], capsys)
    assert code == 0 and out.startswith("index already up to date")


def test_errors_are_messages_not_tracebacks(fixture_site_copy: Path, capsys: pytest.CaptureFixture) -> None:
    cfg = ["--config", str(fixture_site_copy / "pacer.yaml")]
    path = fixture_site_copy / "corpus" / "bleakley-2012-cold-water-immersion-doms.md"
    path.write_text(path.read_text() + "\n")
    code, out, err = run(["ask", *cfg, "ice baths?"], capsys)
    assert code == 1 and out == ""
    assert err.startswith("pacer: error: the index in") and "Run `pacer index`" in err
    code, _, err = run(["ask", "--config", str(fixture_site_copy / "missing.yaml"), "x"], capsys)
    assert code == 1 and "configuration file not found" in err
    code, _, err = run(["ask", *cfg, "--index", str(fixture_site_copy / "nothing"), "x"], capsys)
    assert code == 1 and "no index in" in err


def test_eval_runs_on_a_question_file(fixture_site: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    questions = tmp_path / "q.yaml"
    questions.write_text(
        "questions:\n"
        "  - {q: should i do hip exercises, expect: [rathleff-2014-hip-strength-pfp, lack-2015-hip-rehab-pfp,"
        " fixture-hip-article], split: tuning}\n"
        '  - {q: "coffee before a race?", expect: [grgic-2020-caffeine-performance], split: held-out}\n'
        "  - {q: when is the club dinner, expect: [], split: tuning}\n"
        "  - {q: how do I fix my golf slice, expect: [], split: held-out}\n"
    )
    code, out, _ = run(
        ["eval", "--config", str(fixture_site / "pacer.yaml"), "--questions", str(questions), "--json"], capsys
    )
    report = json.loads(out)["written"]
    assert code == 0
    assert json.loads(out)["real"] is None  # only the set asked for runs
    assert set(report["splits"]) == {"tuning", "held-out"}
    assert set(report["splits"]["held-out"]) == {"hybrid", "dense", "keyword"}
    hybrid = report["splits"]["held-out"]["hybrid"]
    assert hybrid["top1"] == 1.0 and hybrid["declined_out"] == 1.0 and hybrid["n_in"] == 1
    assert report["answer_problems"] == [] and report["answers_checked"] == 4
    code, out, _ = run(["eval", "--config", str(fixture_site / "pacer.yaml"), "--questions", str(questions)], capsys)
    assert "held-out split: 1 in-scope, 1 out-of-scope questions" in out and "hybrid" in out


def test_bad_question_file_names_line(fixture_site: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    questions = tmp_path / "q.yaml"
    questions.write_text("questions:\n  - {q: hi, expect: [no-such-doc], split: tuning}\n  - {q: x, split: both}\n")
    code, _, err = run(["eval", "--config", str(fixture_site / "pacer.yaml"), "--questions", str(questions)], capsys)
    assert code == 1
    assert f"{questions}:2: 'no-such-doc' is not a document in the library" in err
    assert f"{questions}:3: `split` must be one of tuning, held-out" in err


def test_console_script_runs_as_a_process(fixture_site: Path) -> None:
    assert Path(PACER).exists(), "the package must install the `pacer` console script"
    result = subprocess.run(
        [PACER, "ask", "--json", "--config", str(fixture_site / "pacer.yaml"), "should I do hip exercises?"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["citations"] and data["certainty"]
    assert "Traceback" not in result.stderr


def test_gaps_lists_declined_and_downvoted(fixture_site: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from bot.core.feedback import FeedbackStore
    from bot.core.pacer import Pacer

    config = tmp_path / "pacer.yaml"
    db = tmp_path / "fb.sqlite3"
    config.write_text((fixture_site / "pacer.yaml").read_text() + f"discord:\n  feedback_db: {db}\n")
    code, out, _ = run(["gaps", "--config", str(config)], capsys)
    assert code == 0 and "no feedback yet" in out
    pacer = Pacer.from_config(config)
    store = FeedbackStore(db)
    for _ in range(2):
        store.record_answer(pacer.ask("when is the club dinner"), user_id=7)
    store.vote(store.record_answer(pacer.ask("is coffee good before a race"), user_id=7), 8, -1)
    code, out, _ = run(["gaps", "--config", str(config)], capsys)
    assert code == 0
    assert "2 × when is the club dinner" in out
    assert "1 👎 is coffee good before a race" in out and "grgic-2020-caffeine-performance" in out


def test_bare_pacer_chats_without_a_token(
    fixture_site: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, out, _ = run(["--config", str(fixture_site / "pacer.yaml")], capsys)
    assert code == 0 and out.startswith("Pacer: ask about running")


def test_index_on_a_broken_library_names_the_file_and_keeps_the_index(
    fixture_site_copy: Path, capsys: pytest.CaptureFixture
) -> None:
    index = fixture_site_copy / "index"
    before = {p.relative_to(index): p.read_bytes() for p in index.rglob("*") if p.is_file()}
    (fixture_site_copy / "corpus" / "half-written.md").write_text("---\nid: half-written\ntitle: [oops\n---\n")
    code, _, err = run(["index", "--config", str(fixture_site_copy / "pacer.yaml")], capsys)
    assert code == 1 and "Traceback" not in err
    assert "half-written.md:3: front matter is not valid YAML" in err
    after = {p.relative_to(index): p.read_bytes() for p in index.rglob("*") if p.is_file()}
    assert after == before  # not a byte of the good index was touched


def test_an_error_is_one_line_and_its_cause_is_there_on_request(
    tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "pacer.yaml"
    bad.write_text("corpus: [unclosed\n", encoding="utf-8")
    monkeypatch.delenv("PACER_TRACEBACK", raising=False)
    code, _, err = run(["index", "--config", str(bad)], capsys)
    assert code == 1 and "Traceback" not in err
    assert err.startswith(f"pacer: error: {bad}: cannot read the configuration")
    assert "run with --traceback or PACER_TRACEBACK=1 to see its cause" in err
    for argv, env in ((["index", "--traceback", "--config", str(bad)], None), (["index", "--config", str(bad)], "1")):
        if env:
            monkeypatch.setenv("PACER_TRACEBACK", env)
        code, _, err = run(argv, capsys)
        assert code == 1 and err.startswith("pacer: error:")
        assert "Traceback" in err and "yaml" in err.lower() and "ParserError" in err  # the YAML error it hides
