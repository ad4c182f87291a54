from pathlib import Path

import pytest

from bot.core.config import DEFAULT_MODEL, load_config
from bot.core.errors import ConfigError


def test_defaults_without_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    config = load_config()
    assert config.corpus_dir == tmp_path / "corpus"
    assert config.index_dir == tmp_path / "index"
    assert config.model == DEFAULT_MODEL
    assert config.file is None


def test_paths_resolve_against_the_file_and_overrides_win(tmp_path: Path) -> None:
    (tmp_path / "conf").mkdir()
    path = tmp_path / "conf" / "pacer.yaml"
    path.write_text("corpus: lib\nindex: ../idx\nretrieval:\n  min_score: 0.6\n  max_citations: 2\n")
    config = load_config(path)
    assert config.corpus_dir == tmp_path / "conf" / "lib"
    assert config.index_dir == tmp_path / "idx"
    assert config.retrieval.min_score == 0.6
    assert config.retrieval.max_citations == 2
    override = load_config(path, corpus=tmp_path / "other", index=tmp_path / "i2")
    assert override.corpus_dir == tmp_path / "other"
    assert override.index_dir == tmp_path / "i2"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("corpsu: lib\n", "unknown setting(s) corpsu"),
        ("retrieval:\n  min_scor: 1\n", "retrieval.min_scor: unknown setting"),
        ("retrieval:\n  max_citations: many\n", "retrieval.max_citations: expected int"),
        ("batch_size: 0\n", "batch_size: expected a positive whole number"),
        ("- a\n- b\n", "must be a mapping"),
        ("corpus: [unclosed\n", "cannot read the configuration"),
    ],
)
def test_bad_config_names_the_file_and_setting(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "pacer.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert message in str(err.value)
    assert str(path) in str(err.value)


def test_missing_explicit_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.yaml")


def test_discord_section(tmp_path: Path) -> None:
    path = tmp_path / "pacer.yaml"
    path.write_text(
        "discord:\n  channels: [123, 456]\n  respond_to: all\n  threads: false\n  shards: 4\n"
        "  admin_role: Coaches\n  guild_id: 42\n  feedback_db: data/fb.sqlite3\n"
    )
    config = load_config(path)
    assert config.discord.channels == (123, 456)
    assert config.discord.respond_to == "all" and config.discord.threads is False
    assert config.discord.shard_count == 4 and config.discord.guild_id == 42
    assert config.path(config.discord.feedback_db) == tmp_path / "data" / "fb.sqlite3"
    assert config.discord.admin_role == "Coaches"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("discord:\n  respond_to: everyone\n", "discord.respond_to: expected 'mentions' or 'all'"),
        ("discord:\n  shards: many\n", "discord.shards: expected 'off', 'auto' or a number"),
        ("discord:\n  channels: general\n", "discord.channels: expected a list of ids"),
        ("discord:\n  token: abc\n", "discord.token: unknown setting"),
    ],
)
def test_bad_discord_settings(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "pacer.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_config(path)
