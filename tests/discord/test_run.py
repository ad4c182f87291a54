"""`pacer run` as a real process: token handling, and the bot answering through the fake Discord."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

from tests.support.bot import TOKEN, ThreadedFake
from tests.support.processes import PACER, pacer_run, wait_until


def _config(site: Path, fake) -> Path:
    config = site / "pacer.yaml"
    config.write_text(
        config.read_text() + f"  api_base: {fake.api_base}\n  gateway: {fake.gateway_url}\n  threads: false\n"
    )
    return config


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DISCORD_TOKEN"}
    return env | extra


def start_bot(config: Path, fake, *args: str) -> subprocess.Popen:
    """`pacer run` as a process, returned once it has synced its commands with the fake Discord."""
    process = pacer_run(
        config, *args, env=_env(DISCORD_TOKEN=TOKEN), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    wait_until(
        lambda: fake.synced_commands,
        "the commands to sync",
        alive=lambda: process.poll() is None,
        output=lambda: process.stdout.read(),
    )
    return process


def answers_coffee(server: ThreadedFake, fake) -> None:
    server.call(fake.send_message(f"<@{fake.bot_id}> is coffee good before a race?"))
    reply = server.call(fake.wait_for_message(timeout=60), timeout=90)
    assert "Grgic J" in str(reply["embeds"])


def test_missing_token_is_a_clear_error(real_site_copy) -> None:
    result = subprocess.run(
        [PACER, "run", "--config", str(real_site_copy() / "pacer.yaml")],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "no Discord token: set the DISCORD_TOKEN environment variable" in result.stderr
    assert "Traceback" not in result.stderr


def test_rejected_token_is_a_clear_error_and_never_printed(real_site_copy) -> None:
    with ThreadedFake() as fake:
        fake.reject_token = True
        config = _config(real_site_copy(), fake)
        result = subprocess.run(
            [PACER, "run", "--debug", "--config", str(config)],
            env=_env(DISCORD_TOKEN=TOKEN),
            capture_output=True,
            text=True,
            timeout=180,
        )
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Discord rejected the token in DISCORD_TOKEN" in result.stderr
    assert "Traceback" not in result.stderr
    assert TOKEN not in result.stdout + result.stderr


def test_pacer_run_answers_through_the_fake_discord_and_stops_cleanly(real_site_copy) -> None:
    server = ThreadedFake()
    with server as fake:
        config = _config(real_site_copy(), fake)
        process = start_bot(config, fake, "--debug")
        try:
            answers_coffee(server, fake)
            # An exception inside a command (an option of the wrong type): an apology, the trace in the log.
            server.call(fake.send_slash_command("ask", [{"name": "question", "type": 4, "value": 42}]))
            apology = server.call(fake.wait_for(lambda: fake.interaction_responses, 30, "the apology"), timeout=40)
            assert apology[0]["data"]["content"].startswith("Sorry, something went wrong")
        finally:
            process.send_signal(signal.SIGTERM)  # what `docker stop` sends: a clean close, exit code 0
            output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output[-3000:]
    assert TOKEN not in output  # not at debug level, not in the trace of the failed command
    assert "synced 4 slash commands" in output and "/ask failed" in output and "Traceback" in output


def test_a_stale_index_is_refused_at_start_or_rebuilt_first_when_configured(real_site_copy) -> None:
    server = ThreadedFake()
    with server as fake:
        config = _config(real_site_copy(), fake)
        summary = config.parent / "corpus" / "grgic-2020-caffeine-performance.md"
        summary.write_text(summary.read_text() + "\nOne more sentence added since the index was built.\n")
        refused = subprocess.run(
            [PACER, "run", "--config", str(config)], env=_env(DISCORD_TOKEN=TOKEN), capture_output=True, text=True
        )
        assert refused.returncode == 1 and "Traceback" not in refused.stderr
        assert "is stale" in refused.stderr and "grgic-2020-caffeine-performance" in refused.stderr
        assert not fake.identifies  # it never connected with an inconsistent index

        config.write_text(config.read_text() + "  index_on_start: true\n")
        process = start_bot(config, fake)
        try:
            answers_coffee(server, fake)
        finally:
            process.send_signal(signal.SIGTERM)
            output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output[-3000:]
    documents = len(list((config.parent / "corpus").glob("*.md")))
    assert f"index: index written: {documents} documents" in output and "re-embedded 1," in output
