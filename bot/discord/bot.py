"""The Discord bot: a thin `commands.Bot` subclass holding one `Pacer`, the settings and the feedback store.

Features live in cogs (`bot/discord/cogs/`); this module only wires them up, syncs slash commands, and
runs the bot with the token from the environment (or a token file), never logging it.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import re
import signal
from typing import TYPE_CHECKING, Any

import discord
import yarl
from discord.ext import commands

from bot.core.config import Config, DiscordConfig
from bot.core.embedding import Embedder
from bot.core.errors import PacerError
from bot.core.feedback import FeedbackError, FeedbackStore
from bot.core.pacer import Pacer, update_index
from bot.discord.failures import report_failure
from bot.discord.views import EvidenceButton, PassagesButton, VoteButton

log = logging.getLogger(__name__)
TOKEN_ENV = "DISCORD_TOKEN"
# The shape of a Discord bot token: three dot-separated base64 parts.
TOKEN_SHAPE = re.compile(r"[A-Za-z\d_-]{23,28}\.[A-Za-z\d_-]{6,7}\.[A-Za-z\d_-]{27,40}")
EXTENSIONS = ("bot.discord.cogs.ask", "bot.discord.cogs.library")


# To a type checker the mixin is a Bot, so its methods type-check; at run time it is a plain mixin.
_MixinBase = commands.Bot if TYPE_CHECKING else object


class _PacerBotMixin(_MixinBase):  # type: ignore[misc,valid-type]
    """What both the plain and the auto-sharded bot add to discord.py's `commands.Bot`."""

    def __init__(self, pacer: Pacer, settings: DiscordConfig, feedback: FeedbackStore | None, **options):
        intents = discord.Intents.default()
        intents.message_content = True  # to read "@Pacer should I…"; enable it in the developer portal
        super().__init__(
            command_prefix=commands.when_mentioned,  # no prefix commands; slash commands and mentions only
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),  # never ping anyone
            help_command=None,
            **options,
        )
        self.pacer = pacer
        self.settings = settings
        self.feedback = feedback

    async def setup_hook(self) -> None:
        self.tree.on_error = self.on_app_command_error
        self.add_dynamic_items(EvidenceButton, PassagesButton, VoteButton)
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        if self.settings.guild_id:
            guild = discord.Object(self.settings.guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
        else:
            synced = await self.tree.sync()
        log.info("synced %d slash commands%s", len(synced), " to the setup server" if self.settings.guild_id else "")

    async def on_app_command_error(
        self, interaction: discord.Interaction, error: discord.app_commands.AppCommandError
    ) -> None:
        """Any failing slash command: the full trace in the log, a short apology to the member."""
        name = interaction.command.name if interaction.command else "?"
        await report_failure(f"/{name}", error, interaction=interaction)

    async def on_message(self, message: discord.Message) -> None:
        """No prefix commands: mentions are questions, handled by the ask cog's listener."""

    async def on_ready(self) -> None:
        log.info("ready as %s in %d server(s)", self.user, len(self.guilds))


class PacerBot(_PacerBotMixin, commands.Bot):
    pass


class ShardedPacerBot(_PacerBotMixin, commands.AutoShardedBot):
    pass


def create_bot(
    pacer: Pacer, config: Config, feedback: FeedbackStore | None, **options: Any
) -> PacerBot | ShardedPacerBot:
    """A plain bot, or an auto-sharded one when `discord.shards` is "auto" or a number."""
    settings = config.discord
    count = settings.shard_count
    if count == 0:
        return PacerBot(pacer, settings, feedback, **options)
    return ShardedPacerBot(pacer, settings, feedback, shard_count=count, **options)


def read_token(config: Config) -> str:
    """DISCORD_TOKEN, else the configured token file; a clear error when neither gives one."""
    token = os.environ.get(TOKEN_ENV, "").strip()
    if token:
        return token
    if config.discord.token_file:
        path = config.path(config.discord.token_file)
        try:
            token = path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise PacerError(f"cannot read the token file {path} (discord.token_file): {exc.strerror}") from None
        if token:
            return token
        raise PacerError(f"the token file {path} (discord.token_file) is empty")
    raise PacerError(
        f"no Discord token: set the {TOKEN_ENV} environment variable (or `discord.token_file` in the config). "
        "Without a token, run `pacer chat` for the terminal chat."
    )


def token_in_config(config: Config) -> bool:
    """Whether the config file holds something shaped like a token (it must come from the environment)."""
    if config.file is None:
        return False
    try:
        return bool(TOKEN_SHAPE.search(config.file.read_text(encoding="utf-8", errors="replace")))
    except OSError:
        return False


class RedactToken(logging.Filter):
    """Replaces the token in every log record, whichever library logs it."""

    def __init__(self, token: str):
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.token in message:
            record.msg = message.replace(self.token, "[token]")
            record.args = ()
        # The formatter renders a traceback only after filters run: render it here so it can be redacted.
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and self.token in record.exc_text:
            record.exc_text = record.exc_text.replace(self.token, "[token]")
        if record.stack_info and self.token in record.stack_info:
            record.stack_info = record.stack_info.replace(self.token, "[token]")
        return True


def point_at(settings: DiscordConfig) -> None:
    """Use a local fake Discord instead of the real one (contributors' setting; empty leaves Discord)."""
    if settings.api_base:
        discord.http.Route.BASE = settings.api_base.rstrip("/")
    if settings.gateway:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.gateway)


def open_feedback(config: Config) -> FeedbackStore | None:
    try:
        return FeedbackStore(config.path(config.discord.feedback_db))
    except FeedbackError as exc:
        log.error("%s; answering without storing votes or declined questions", exc)
        return None


def run(config: Config, *, log_level: int = logging.INFO) -> int:
    """Start the bot and block until it stops. Returns an exit code; problems raise `PacerError`."""
    token = read_token(config)
    handler = logging.StreamHandler()
    handler.addFilter(RedactToken(token))
    discord.utils.setup_logging(handler=handler, level=log_level, root=True)
    logging.getLogger("bm25s").setLevel(max(log_level, logging.INFO))  # it logs every index build at debug
    discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False  # Pacer never uses voice
    if token_in_config(config):
        log.warning(
            "%s contains something shaped like a Discord token: remove it; the token is read only from "
            "the %s environment variable or a token file",
            config.file,
            TOKEN_ENV,
        )
    embedder = Embedder(config.model, config.batch_size)
    if config.discord.index_on_start:  # a broken library stops here, naming every problem; the index is untouched
        log.info("index: %s", update_index(config, embedder).summary())
    pacer = Pacer.from_config(config=config, embedder=embedder)  # refuses a missing or stale index before connecting
    pacer.embedder.embed_one("warm-up")  # load the model now, so the first question does not wait for it
    pacer.warning_signs.examples()  # and the warning-sign examples' vectors (embedded once, then kept in the index)
    point_at(config.discord)
    bot = create_bot(pacer, config, open_feedback(config))

    async def main() -> None:
        # `docker stop` and service managers send SIGTERM: close the Discord connection cleanly, as on Ctrl-C.
        loop = asyncio.get_running_loop()
        closing: list[asyncio.Task] = []  # holds the task so it is not garbage-collected mid-close
        loop.add_signal_handler(signal.SIGTERM, lambda: closing.append(loop.create_task(bot.close())))
        async with bot:
            await bot.start(token, reconnect=True)

    try:
        asyncio.run(main())
    except discord.LoginFailure:
        raise PacerError(f"Discord rejected the token in {TOKEN_ENV}: check it in the developer portal") from None
    except discord.PrivilegedIntentsRequired:
        raise PacerError(
            "Discord refused the Message Content intent: enable it for the bot in the developer portal "
            "(Bot → Privileged Gateway Intents)"
        ) from None
    except KeyboardInterrupt:
        pass
    # Nothing is left to clean up: spare the interpreter's final garbage collection over torch's objects (1-2 s),
    # so `docker stop` ends the container at once.
    gc.freeze()
    return 0


__all__ = ["PacerBot", "ShardedPacerBot", "create_bot", "read_token", "run"]
