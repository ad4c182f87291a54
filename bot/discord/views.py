"""Buttons under an answer. They are `DynamicItem`s: the answer id lives in the custom id, so buttons keep
working after a restart, and their callbacks ask the bot (its feedback store and Pacer) for the rest."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

import discord

from bot.core.feedback import FeedbackError
from bot.discord.formatting import passages_embeds

if TYPE_CHECKING:
    from bot.discord.bot import PacerBot

log = logging.getLogger(__name__)


class PassagesButton(discord.ui.DynamicItem[discord.ui.Button], template=r"pacer:passages:(?P<answer_id>\d+)"):
    def __init__(self, answer_id: int):
        super().__init__(
            discord.ui.Button(
                label="Show passages",
                emoji="📄",
                style=discord.ButtonStyle.secondary,
                custom_id=f"pacer:passages:{answer_id}",
            )
        )
        self.answer_id = answer_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: Any, match: re.Match[str]) -> PassagesButton:
        return cls(int(match["answer_id"]))

    async def callback(self, interaction: discord.Interaction[PacerBot]) -> None:
        bot = interaction.client
        try:
            stored = bot.feedback.answer(self.answer_id) if bot.feedback else None
        except FeedbackError:
            log.exception("reading answer %s for its passages", self.answer_id)
            stored = None
        if stored is None:
            await interaction.response.send_message("Sorry, I can't find that answer any more.", ephemeral=True)
            return
        chunks = {c.id: c for c in bot.pacer.retriever.index.chunks}
        library = bot.pacer.library
        passages = []
        for n, chunk_id in enumerate(stored["chunk_ids"], start=1):
            chunk = chunks.get(chunk_id)
            if chunk is not None and chunk.doc_id in library.documents:
                passages.append((n, library[chunk.doc_id].title, chunk.section, chunk.text))
        await interaction.response.send_message(embeds=passages_embeds(stored["question"], passages), ephemeral=True)


VOTE_TEMPLATE = r"pacer:vote:(?P<vote>up|down):(?P<answer_id>\d+)"


class VoteButton(discord.ui.DynamicItem[discord.ui.Button], template=VOTE_TEMPLATE):
    def __init__(self, answer_id: int, vote: str):
        super().__init__(
            discord.ui.Button(
                emoji="👍" if vote == "up" else "👎",
                style=discord.ButtonStyle.secondary,
                custom_id=f"pacer:vote:{vote}:{answer_id}",
            )
        )
        self.answer_id = answer_id
        self.vote = vote

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: Any, match: re.Match[str]) -> VoteButton:
        return cls(int(match["answer_id"]), match["vote"])

    async def callback(self, interaction: discord.Interaction[PacerBot]) -> None:
        bot = interaction.client
        try:
            if bot.feedback is None:
                raise FeedbackError("feedback is switched off")
            bot.feedback.vote(self.answer_id, interaction.user.id, 1 if self.vote == "up" else -1)
        except FeedbackError:
            log.exception("storing a vote on answer %s", self.answer_id)
            await interaction.response.send_message("Sorry, I couldn't save that vote just now.", ephemeral=True)
            return
        thanks = "Thanks! Glad it helped." if self.vote == "up" else "Thanks — noted, so the library can improve."
        await interaction.response.send_message(thanks, ephemeral=True)


def answer_view(answer_id: int | None, *, has_passages: bool = True) -> discord.ui.View | None:
    """The buttons under an answer; none when the answer could not be stored. "Show passages" only when the
    answer cites something: a decline or a warning with no study behind it has no passages to show."""
    if answer_id is None:
        return None
    view = discord.ui.View(timeout=None)
    if has_passages:
        view.add_item(PassagesButton(answer_id))
    view.add_item(VoteButton(answer_id, "up"))
    view.add_item(VoteButton(answer_id, "down"))
    return view


class TopicPager(discord.ui.View):
    """◀ ▶ through the pages of /topics; only for a few minutes, then the buttons stop."""

    def __init__(self, pages: list[discord.Embed]):
        super().__init__(timeout=300)
        self.pages = pages
        self.page = 0
        self._sync()

    def _sync(self) -> None:
        self.previous.disabled = self.page == 0
        self.next.disabled = self.page >= len(self.pages) - 1

    @discord.ui.button(label="◀", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.page = max(self.page - 1, 0)
        self._sync()
        await interaction.response.edit_message(embed=self.pages[self.page], view=self)

    @discord.ui.button(label="▶", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        self.page = min(self.page + 1, len(self.pages) - 1)
        self._sync()
        await interaction.response.edit_message(embed=self.pages[self.page], view=self)
