"""Running the real Pacer bot (real discord.py, real model, real FAISS) against the fake Discord server, in
this process (`running_bot`) or in another (`ThreadedFake`, with tests.support.processes)."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from bot.core.config import load_config
from bot.core.embedding import Embedder
from bot.core.feedback import FeedbackStore
from bot.core.pacer import Pacer
from bot.discord.bot import create_bot
from tests.support.fake_discord import FakeDiscord

# Shaped like a Discord token, so the client accepts it; the fake Discord accepts any token.
TOKEN = "MTEwMDAwMDAwMDAwMDAwMDAwMQ.GfakeX.pacer-test-token-not-a-real-one-0123456789"


@dataclass
class Running:
    fake: FakeDiscord
    bot: object
    pacer: Pacer
    feedback: FeedbackStore
    site: Path


@contextlib.asynccontextmanager
async def running_bot(site: Path, embedder: Embedder, **fake_options) -> AsyncIterator[Running]:
    """The bot for `site`, logged in to a fresh fake Discord and ready; closed on leaving."""
    config = load_config(site / "pacer.yaml")
    pacer = Pacer.from_config(config=config, embedder=embedder)
    feedback = FeedbackStore(config.path(config.discord.feedback_db))
    async with FakeDiscord(**fake_options) as fake:
        with fake.patch_discord():
            bot = create_bot(pacer, config, feedback, guild_ready_timeout=0.1)
            await bot.login(TOKEN)
            runner = asyncio.create_task(bot.connect(reconnect=True))
            try:
                await asyncio.wait_for(bot.wait_until_ready(), 20)
                yield Running(fake, bot, pacer, feedback, site)
            finally:
                await bot.close()
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(runner, 10)


def run(scenario: Callable[[], Awaitable[None]], timeout: float = 120) -> None:
    """Run one async scenario with a hard time limit, so a hang fails instead of blocking CI."""
    asyncio.run(asyncio.wait_for(scenario(), timeout))


class ThreadedFake:
    """The fake Discord on its own event loop in a thread, for a bot running in another process."""

    def __init__(self, **options) -> None:
        self.fake = FakeDiscord(**options)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def call(self, coroutine, timeout: float = 60):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def __enter__(self) -> FakeDiscord:
        self.thread.start()
        self.call(self.fake.__aenter__())
        return self.fake

    def __exit__(self, *exc) -> None:
        self.call(self.fake.__aexit__(None, None, None))
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


def bot_settings(fake: FakeDiscord, **settings: object) -> str:
    """A `discord:` block pointing the bot at `fake` (no threads unless asked), with more settings."""
    values = {"api_base": fake.api_base, "gateway": fake.gateway_url, "threads": "false"} | settings
    return "discord:\n" + "".join(f"  {key}: {value}\n" for key, value in values.items())
