"""The library: `/topics`, `/about`, `/reindex` for admins, and (optionally) rebuilding when corpus/ changes."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import cast

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.core.errors import PacerError
from bot.core.index import BuildReport
from bot.core.library import LibraryError
from bot.discord.client import PacerClient
from bot.discord.formatting import DESCRIPTION_MAX, pack, topic_pages
from bot.discord.views import TopicPager

log = logging.getLogger(__name__)

ABOUT = (
    "I answer running questions from the club's library of article and study summaries, the way a careful "
    "sports physio would: the short answer first, the evidence with numbered citations, how sure we can be "
    "and why (the design and size of the studies and who was in them), the caveat that matters, and the "
    "sources.\n\n"
    "**How I decide what to say.** I search the library by meaning and by keywords, pick the summaries that "
    "match your question best, and quote their checked findings, each with its citation. Nothing is made "
    "up: if the library has no evidence on your question, I say so and suggest the nearest topics it does "
    "cover. If you describe warning signs (chest pain, fainting, a possible fracture…), I tell you to see a "
    "clinician first.\n\n"
    "**Use** `/ask`, or mention me in a channel; `/topics` lists what the library covers. Buttons under an "
    "answer show the exact passages used and let you vote, which helps the curators."
)


def report_text(report: BuildReport) -> str:
    return (
        f"Reindexed: {report.documents} documents, {report.chunks} chunks — added {report.added}, "
        f"re-embedded {report.reembedded}, removed {report.removed}, unchanged {report.unchanged} "
        f"({report.seconds:.1f} s)."
    )


class LibraryCog(commands.Cog):
    def __init__(self, bot: PacerClient):
        self.bot = bot
        self._rebuilding = asyncio.Lock()
        self._seen: tuple = self._snapshot()
        self._changed_at: float | None = None  # when corpus/ was first seen to differ from the index
        self._pending: tuple | None = None  # that differing state, to notice further edits while settling
        if bot.settings.watch_corpus:
            self.watch.change_interval(seconds=max(bot.settings.watch_settle_seconds / 2, 0.5))
            self.watch.start()

    async def cog_unload(self) -> None:
        self.watch.cancel()

    # -- /topics and /about ---------------------------------------------------------------------------------

    @app_commands.command(name="topics", description="What the club library covers")
    async def topics(self, interaction: discord.Interaction) -> None:
        topics = sorted({doc.topic for doc in self.bot.pacer.library}, key=str.lower)
        pages = topic_pages(topics)
        if len(pages) == 1:
            await interaction.response.send_message(embed=pages[0])
        else:
            await interaction.response.send_message(embed=pages[0], view=TopicPager(pages))

    @app_commands.command(name="about", description="What Pacer is and how it decides what to say")
    async def about(self, interaction: discord.Interaction) -> None:
        embed = discord.Embed(title="About Pacer", description=ABOUT, colour=discord.Colour.blurple())
        embed.set_footer(text="General information from the club library, not medical advice.")
        await interaction.response.send_message(embed=embed)

    # -- /reindex -----------------------------------------------------------------------------------------

    def may_reindex(self, user: discord.abc.User) -> bool:
        if not isinstance(user, discord.Member):
            return False
        if user.guild_permissions.manage_guild:
            return True
        wanted = self.bot.settings.admin_role.strip()
        return bool(wanted) and any(wanted in (role.name, str(role.id)) for role in user.roles)

    async def rebuild(self) -> BuildReport:
        """Rebuild off the event loop; one at a time. Raises LibraryError/PacerError, old index still serving."""
        async with self._rebuilding:
            report = await asyncio.to_thread(self.bot.pacer.rebuild)
            self._seen = self._snapshot()
            return report

    @app_commands.command(name="reindex", description="Rebuild the index from the library (admins)")
    @app_commands.default_permissions(manage_guild=True)  # hidden from other members; admins can widen it
    async def reindex(self, interaction: discord.Interaction) -> None:
        if not self.may_reindex(interaction.user):
            await interaction.response.send_message(
                "Sorry, only members with Manage Server (or the library admin role) can rebuild the index.",
                ephemeral=True,
            )
            return
        await interaction.response.defer(thinking=True, ephemeral=True)
        try:
            report = await self.rebuild()
        except LibraryError as exc:
            problems = [f"• {p}" for p in exc.problems]
            text = pack(problems, DESCRIPTION_MAX - 200, sep="\n")[0]
            more = f"\n… and {len(problems) - text.count('•')} more" if text.count("•") < len(problems) else ""
            embed = discord.Embed(
                title="The library has problems — the previous index is still serving",
                description=discord.utils.escape_markdown(text) + more,
                colour=discord.Colour.red(),
            )
            await interaction.followup.send(embed=embed, ephemeral=True)
            return
        except PacerError as exc:
            await interaction.followup.send(
                f"Reindex failed; the previous index is still serving: {exc}", ephemeral=True
            )
            return
        await interaction.followup.send(report_text(report), ephemeral=True)

    # -- watching corpus/ ------------------------------------------------------------------------------------

    def _snapshot(self) -> tuple:
        return self.bot.pacer.library_stamp()

    @tasks.loop(seconds=2.5)
    async def watch(self) -> None:
        """Rebuild once corpus/ has changed and then stayed quiet for `watch_settle_seconds`."""
        now = self._snapshot()
        if now == self._seen:
            self._changed_at = None
            return
        if self._changed_at is None or now != self._pending:
            self._changed_at, self._pending = time.monotonic(), now
            return
        if time.monotonic() - self._changed_at < self.bot.settings.watch_settle_seconds:
            return
        self._changed_at = None
        try:
            report = await self.rebuild()
            log.info("corpus changed: %s", report_text(report))
        except PacerError as exc:
            self._seen = now  # don't retry the same broken state every tick; the next edit triggers again
            log.error("corpus changed but the library has problems; the previous index is still serving:\n%s", exc)

    @watch.before_loop
    async def _before_watch(self) -> None:
        await self.bot.wait_until_ready()


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(LibraryCog(cast(PacerClient, bot)))
