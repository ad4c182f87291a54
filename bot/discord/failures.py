"""How every Discord entry point (slash commands, mentions, buttons) reports a failure: the full trace in
the log, a short apology to the member (only them, for an interaction), and nothing raised further."""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import discord

from bot.discord.formatting import APOLOGY

log = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Awaitable[None]])


async def report_failure(
    what: str,
    error: BaseException,
    *,
    interaction: discord.Interaction | None = None,
    channel: discord.abc.Messageable | None = None,
) -> None:
    """Log `what` failed with its trace, then apologise in the interaction (ephemeral) or the channel."""
    log.error("%s failed", what, exc_info=error)
    try:
        if interaction is not None:
            if interaction.response.is_done():
                await interaction.followup.send(APOLOGY, ephemeral=True)
            else:
                await interaction.response.send_message(APOLOGY, ephemeral=True)
        elif channel is not None:
            await channel.send(APOLOGY)
    except discord.HTTPException:
        log.exception("sending the apology for %s", what)


def reported(what: str) -> Callable[[F], F]:
    """For a button's `callback(self, interaction)`: a failure is reported, not left to discord.py (which
    only logs it, and the member sees "This interaction failed")."""

    def wrap(callback: F) -> F:
        @functools.wraps(callback)
        async def run(self: Any, interaction: discord.Interaction, *args: Any) -> None:
            try:
                await callback(self, interaction, *args)
            except Exception as exc:
                await report_failure(what, exc, interaction=interaction)

        return run  # type: ignore[return-value]

    return wrap
