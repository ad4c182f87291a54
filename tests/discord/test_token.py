"""Where the token comes from, and that it never leaks into a log record."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.core.config import load_config
from bot.core.errors import PacerError
from bot.discord.bot import RedactToken, read_token, token_in_config
from tests.support.bot import TOKEN


def config_with(tmp_path: Path, text: str):
    path = tmp_path / "pacer.yaml"
    path.write_text(text)
    return load_config(path)


def test_the_environment_wins_over_the_token_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "token.txt").write_text("from-the-file\n")
    config = config_with(tmp_path, "discord:\n  token_file: token.txt\n")
    monkeypatch.setenv("DISCORD_TOKEN", " from-the-env ")
    assert read_token(config) == "from-the-env"
    monkeypatch.delenv("DISCORD_TOKEN")
    assert read_token(config) == "from-the-file"


@pytest.mark.parametrize(
    ("file_text", "message"),
    [(None, "cannot read the token file"), ("  \n", "is empty")],
)
def test_a_missing_or_empty_token_file_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, file_text: str | None, message: str
) -> None:
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    if file_text is not None:
        (tmp_path / "token.txt").write_text(file_text)
    config = config_with(tmp_path, "discord:\n  token_file: token.txt\n")
    with pytest.raises(PacerError, match=message) as caught:
        read_token(config)
    assert "token.txt" in str(caught.value) and "discord.token_file" in str(caught.value)


def test_something_token_shaped_in_the_config_file_is_noticed(tmp_path: Path) -> None:
    assert not token_in_config(config_with(tmp_path, "discord:\n  admin_role: Coaches\n"))
    assert token_in_config(config_with(tmp_path, f"# discord token: {TOKEN}\ncorpus: corpus\n"))


def test_the_token_is_redacted_from_messages_arguments_and_tracebacks() -> None:
    records: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(self.format(record))

    logger = logging.getLogger("pacer-test-redaction")
    handler = Collect()
    handler.addFilter(RedactToken(TOKEN))
    logger.addHandler(handler)
    try:
        logger.warning("logging in with %s", TOKEN)
        logger.warning(f"header Authorization: Bot {TOKEN}")
        try:
            raise RuntimeError(f"login failed for {TOKEN}")
        except RuntimeError:
            logger.exception("login")
    finally:
        logger.removeHandler(handler)
    assert len(records) == 3
    assert all(TOKEN not in r for r in records)
    assert "logging in with [token]" in records[0] and "RuntimeError" in records[2]
