"""Running the real Pacer bot (real discord.py, real model, real FAISS) against the fake Discord server."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.core.config import load_config
from bot.core.embedding import Embedder
from bot.core.feedback import FeedbackStore
from bot.core.pacer import Pacer
from bot.discord.bot import create_bot
from tests.conftest import site_copy
from tests.fake_discord import FakeDiscord

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


@pytest.fixture
def site(corpus_site: Path, tmp_path: Path) -> Callable[..., Path]:
    """A private copy of the real library and index, with extra `discord:` settings."""

    def make(retrieval: dict | None = None, **discord_settings) -> Path:
        lines = "".join(f"  {k}: {v}\n" for k, v in discord_settings.items())
        extra = f"discord:\n  feedback_db: {tmp_path / 'feedback.sqlite3'}\n  guild_id: 1100000000000000100\n{lines}"
        if retrieval:
            extra += "retrieval:\n" + "".join(f"  {k}: {v}\n" for k, v in retrieval.items())
        return site_copy(corpus_site, tmp_path / "site", extra)

    return make


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
