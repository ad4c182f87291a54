"""Buttons under an answer. They are `DynamicItem`s: the answer id lives in the custom id, so buttons keep
working after a restart, and their callbacks ask the bot (its feedback store and Pacer) for the rest."""

from __future__ import annotations

import logging
import re
from typing import Any

import discord

from bot.core.answer import Answer
from bot.core.compose import explain
from bot.core.feedback import FeedbackError
from bot.discord.client import client_of
from bot.discord.failures import report_failure, reported
from bot.discord.formatting import evidence_embeds, passages_embeds

log = logging.getLogger(__name__)


async def _show(interaction: discord.Interaction, embeds: list[discord.Embed]) -> None:
    """Send an ephemeral reply; if Discord refuses it, log why and tell the member instead of "This interaction
    failed"."""
    try:
        await interaction.response.send_message(embeds=embeds, ephemeral=True)
    except discord.HTTPException as exc:
        await report_failure(f"showing {len(embeds)} embed(s) for a button", exc, interaction=interaction)


def _button(action: str, label: str, emoji: str, style: discord.ButtonStyle, answer_id: int) -> discord.ui.Button:
    """A button under an answer; its custom id ("pacer:<action>:<answer id>") survives restarts."""
    return discord.ui.Button(label=label, emoji=emoji, style=style, custom_id=f"pacer:{action}:{answer_id}")


async def _stored(interaction: discord.Interaction, answer_id: int) -> dict | None:
    """The stored answer a button belongs to; None (after telling the member) when it cannot be read."""
    bot = client_of(interaction)
    try:
        stored = bot.feedback.answer(answer_id) if bot.feedback else None
    except FeedbackError:
        log.exception("reading answer %s", answer_id)
        stored = None
    if stored is None:
        await interaction.response.send_message("Sorry, I can't find that answer any more.", ephemeral=True)
    return stored


class EvidenceButton(discord.ui.DynamicItem[discord.ui.Button], template=r"pacer:evidence:(?P<answer_id>\d+)"):
    def __init__(self, answer_id: int):
        super().__init__(_button("evidence", "Show evidence", "🔬", discord.ButtonStyle.primary, answer_id))
        self.answer_id = answer_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: Any, match: re.Match[str]) -> EvidenceButton:
        return cls(int(match["answer_id"]))

    @reported("the Show evidence button")
    async def callback(self, interaction: discord.Interaction) -> None:
        stored = await _stored(interaction, self.answer_id)
        if stored is None:
            return
        library = client_of(interaction).pacer.library
        # From the summaries as they are now: a reindex since the answer shows their current wording.
        docs = [library[doc_id] for doc_id in stored["doc_ids"] if doc_id in library.documents]
        await _show(interaction, evidence_embeds(stored["question"], explain(docs), docs))


class PassagesButton(discord.ui.DynamicItem[discord.ui.Button], template=r"pacer:passages:(?P<answer_id>\d+)"):
    def __init__(self, answer_id: int):
        super().__init__(_button("passages", "Show passages", "📄", discord.ButtonStyle.secondary, answer_id))
        self.answer_id = answer_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: Any, match: re.Match[str]) -> PassagesButton:
        return cls(int(match["answer_id"]))

    @reported("the Show passages button")
    async def callback(self, interaction: discord.Interaction) -> None:
        bot = client_of(interaction)
        stored = await _stored(interaction, self.answer_id)
        if stored is None:
            return
        found = bot.pacer.passages(stored["chunk_ids"], stored["doc_ids"])
        passages = [
            (n, found[cid][0], found[cid][1].section, found[cid][1].text)
            for n, cid in enumerate(stored["chunk_ids"], start=1)
            if cid in found
        ]
        await _show(interaction, passages_embeds(stored["question"], passages))


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

    @reported("a vote button")
    async def callback(self, interaction: discord.Interaction) -> None:
        bot = client_of(interaction)
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


def answer_view(answer_id: int | None, answer: Answer) -> discord.ui.View | None:
    """The buttons under a reply; none when it could not be stored, and none under a decline (nothing to show
    or rate: the declined question is stored for `pacer gaps` all the same). "Show evidence" and "Show passages"
    only under an answer or a partial reply that cites something, never after a warning: nothing should draw
    the eye from what to do."""
    if answer_id is None or answer.declined:
        return None
    view = discord.ui.View(timeout=None)
    if answer.citations and not answer.red_flag:
        view.add_item(EvidenceButton(answer_id))
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

    async def on_error(self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item) -> None:
        await report_failure("a /topics page button", error, interaction=interaction)

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
