"""Asking: `/ask`, mentions in allowed channels, answers in threads, and follow-ups read in context."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any, cast

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.answer import Answer
from bot.core.feedback import FeedbackError
from bot.discord.client import PacerClient
from bot.discord.failures import report_failure
from bot.discord.formatting import answer_embed, safe_text, visible_text
from bot.discord.views import answer_view

log = logging.getLogger(__name__)


# Member, role and channel mentions: <@123>, <@!123>, <@&123>, <#123>.
_MENTION = re.compile(r"<(?:@[!&]?|#)\d+>")


def without_mentions(text: str) -> str:
    """The question with every mention removed: a raw id (or another member's name) must not reach a title, a
    thread name, the feedback database, or the search, where "@ada" only blurs what was asked."""
    return visible_text(_MENTION.sub(" ", text))


class AskCog(commands.Cog):
    def __init__(self, bot: PacerClient):
        self.bot = bot
        settings = bot.settings
        self.cooldown: commands.CooldownMapping[discord.abc.User] = commands.CooldownMapping(
            commands.Cooldown(settings.cooldown_questions, settings.cooldown_seconds), type=lambda user: user.id
        )
        self.thread_questions: dict[int, str] = {}  # thread id -> the question that opened it

    # -- shared -----------------------------------------------------------------------------------------

    def slow_down(self, user: discord.abc.User) -> str | None:
        """The friendly refusal when `user` is over the cooldown, else None (and the question is counted)."""
        bucket = self.cooldown.get_bucket(user)
        retry_after = bucket.update_rate_limit() if bucket is not None else None
        if retry_after:
            return f"Slow down a little, please: you can ask again in {max(int(retry_after + 0.999), 1)} s."
        return None

    def too_long(self, question: str) -> str | None:
        limit = self.bot.settings.max_question_chars
        if len(question) > limit:
            return f"That question is {len(question):,} characters long; please keep it under {limit:,}."
        return None

    async def answer(self, question: str, user_id: int, context: str | None = None) -> tuple[Answer, int | None]:
        """Ask Pacer off the event loop (heartbeats never wait for the model), then store the answer."""
        answer = await asyncio.to_thread(self.bot.pacer.ask, question, context)
        answer_id = None
        if self.bot.feedback is not None:
            try:
                answer_id = await asyncio.to_thread(self.bot.feedback.record_answer, answer, user_id)
            except FeedbackError:
                log.exception("storing an answer; replying without feedback buttons")
        return answer, answer_id

    # -- /ask ---------------------------------------------------------------------------------------------

    @app_commands.command(name="ask", description="Ask the club library a running question")
    @app_commands.describe(question="e.g. should I do hip exercises?")
    async def ask(self, interaction: discord.Interaction, question: str) -> None:
        refusal = self.too_long(question) or self.slow_down(interaction.user)
        if refusal:
            await interaction.response.send_message(refusal, ephemeral=True)
            return
        await interaction.response.defer(thinking=True)
        question = without_mentions(question)
        answer, answer_id = await self.answer(question, interaction.user.id)
        view = answer_view(answer_id, answer)
        if view is None:
            await interaction.followup.send(embed=answer_embed(answer))
        else:
            await interaction.followup.send(embed=answer_embed(answer), view=view)

    # -- mentions, threads, follow-ups ----------------------------------------------------------------

    def _allowed(self, channel: discord.abc.Messageable) -> bool:
        allowed = self.bot.settings.channels
        if not allowed:
            return True
        ids = {getattr(channel, "id", None), getattr(channel, "parent_id", None)}
        return bool(ids & set(allowed))

    async def _thread_context(self, thread: discord.Thread) -> str | None:
        if thread.id in self.thread_questions:
            return self.thread_questions[thread.id]
        try:  # after a restart: the thread was started from the question's message, which has the thread's id
            parent = thread.parent or await self.bot.fetch_channel(thread.parent_id)
            if not isinstance(parent, discord.TextChannel):  # a forum post's starter is not a channel message
                return None
            starter = await parent.fetch_message(thread.id)
        except discord.HTTPException:
            return None
        question = without_mentions(starter.content)
        self.thread_questions[thread.id] = question
        return question

    async def question_in(self, message: discord.Message) -> tuple[str, str | None] | None:
        """(question, context) when `message` is for Pacer, else None."""
        me = self.bot.user
        if message.author.bot or me is None or message.author.id == me.id or message.guild is None:
            return None
        if not self._allowed(message.channel):
            return None
        question = without_mentions(message.content)
        channel = message.channel
        if isinstance(channel, discord.Thread) and channel.owner_id == me.id:
            return (question, await self._thread_context(channel)) if question else None
        if me in message.mentions or self.bot.settings.respond_to == "all":
            return (question, None) if question else None
        return None

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        try:
            found = await self.question_in(message)
            if found is None:
                return
            question, context = found
            refusal = self.too_long(question) or self.slow_down(message.author)
            if refusal:
                await message.reply(refusal, mention_author=False)
                return
            async with message.channel.typing():
                answer, answer_id = await self.answer(question, message.author.id, context)
            view = answer_view(answer_id, answer)
            kwargs: dict[str, Any] = {"embed": answer_embed(answer)} | ({"view": view} if view else {})
            in_thread = isinstance(message.channel, discord.Thread)
            # A thread only for a question that was answered: a decline is a short reply in the channel.
            threaded = self.bot.settings.threads and context is None and answer.outcome != "decline"
            if threaded and isinstance(message.channel, discord.TextChannel):
                name = safe_text(question, 90) or "Question"
                thread = await message.create_thread(name=name, auto_archive_duration=1440)
                self.thread_questions[thread.id] = question
                await thread.send(**kwargs)
                return
            if in_thread:
                await message.channel.send(**kwargs)
            else:
                await message.reply(mention_author=False, **kwargs)
        except Exception as exc:
            await report_failure(
                f"answering message {message.id} in channel {message.channel.id}", exc, channel=message.channel
            )


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(AskCog(cast(PacerClient, bot)))
