"""What the cogs and buttons need of the bot, as a Protocol: they type the bot by it, so they do not import
`bot.discord.bot` (which loads them), and `PacerBot` and `ShardedPacerBot` (siblings, not subclasses) both fit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, cast

if TYPE_CHECKING:
    import discord

    from bot.core.config import DiscordConfig
    from bot.core.feedback import FeedbackStore
    from bot.core.pacer import Pacer


class PacerClient(Protocol):
    pacer: Pacer
    settings: DiscordConfig
    feedback: FeedbackStore | None

    @property
    def user(self) -> discord.ClientUser | None: ...

    async def fetch_channel(self, channel_id: int, /) -> Any: ...

    async def wait_until_ready(self) -> None: ...


def client_of(interaction: discord.Interaction) -> PacerClient:
    """The bot an interaction came to (discord.py types it as a plain client)."""
    return cast(PacerClient, interaction.client)
