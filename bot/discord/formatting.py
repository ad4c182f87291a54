"""An `Answer` as Discord embeds, within Discord's limits, never cutting a citation or source in half.

Limits (discord.com/developers/docs/resources/message#embed-object-embed-limits): title 256, description
4096, 25 fields of name 256 / value 1024, footer 2048, 6000 characters per embed in all, 10 embeds and
2000 characters of content per message. Text is split only between sentences or lines; what does not fit
is dropped whole and the reader is pointed to the passages button.
"""

from __future__ import annotations

import re
import unicodedata

import discord

from bot.core.answer import Answer, Citation
from bot.core.compose import DECLINE, DISCLAIMER

TITLE_MAX = 256
FIELD_NAME_MAX = 256
DESCRIPTION_MAX = 4096
FIELD_MAX = 1024
FIELDS_MAX = 25
EMBED_TOTAL_MAX = 6000
CONTENT_MAX = 2000

CERTAINTY_COLOURS = {
    "high": discord.Colour.green(),
    "moderate": discord.Colour.gold(),
    "low": discord.Colour.orange(),
    "very-low": discord.Colour.red(),
}
CERTAINTY_BADGES = {"high": "🟢 High", "moderate": "🟡 Moderate", "low": "🟠 Low", "very-low": "🔴 Very low"}
DECLINED_COLOUR = discord.Colour.light_grey()
RED_FLAG_COLOUR = discord.Colour.dark_red()
_SENTENCE_END = re.compile(r"(?<=[.!?\]])\s+")
MORE = "… (more in “Show passages”)"
APOLOGY = "Sorry, something went wrong while answering that. It has been logged for the organisers; please try again."


def visible_text(text: str) -> str:
    """Text without control and format characters (zero-width spaces, direction overrides), spaces folded."""
    return " ".join("".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf")).split())


def safe_text(text: str, limit: int) -> str:
    """User text made inert for echoing: invisible characters dropped, markdown and mentions escaped, trimmed."""
    text = discord.utils.escape_mentions(discord.utils.escape_markdown(visible_text(text)))
    return text if len(text) <= limit else text[: limit - 1].rstrip("\\") + "…"


def pack(pieces: list[str], limit: int, sep: str = " ") -> list[str]:
    """Join pieces into chunks of at most `limit` characters without splitting a piece.

    A single piece longer than `limit` is cut at a word boundary and marked, as the last resort.
    """
    chunks: list[str] = []
    current = ""
    for piece in pieces:
        if len(piece) > limit:
            piece = piece[: limit - 1].rsplit(" ", 1)[0] + "…"
        candidate = f"{current}{sep}{piece}" if current else piece
        if len(candidate) <= limit:
            current = candidate
        else:
            chunks.append(current)
            current = piece
    if current:
        chunks.append(current)
    return chunks


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text.strip()) if s]


def source_line(c: Citation) -> str:
    who = f"{c.authors} ({c.year})"
    linked = f"[{discord.utils.escape_markdown(who)}]({c.link})" if c.link else discord.utils.escape_markdown(who)
    title = c.title if c.title[-1:] in (".", "?", "!") else c.title + "."
    journal = f" {c.journal}." if c.journal else ""
    return f"[{c.n}] {linked} {discord.utils.escape_markdown(title)}{journal}"


class _EmbedBuilder:
    """Adds fields in priority order while the embed stays within every limit."""

    def __init__(self, embed: discord.Embed):
        self.embed = embed
        self.dropped = False

    def total(self) -> int:
        return len(self.embed)

    def add(self, name: str, pieces: list[str], sep: str = " ") -> None:
        for i, value in enumerate(pack(pieces, FIELD_MAX, sep)):
            suffix = "" if i == 0 else " (cont.)"
            # Discord rejects the whole reply when one field name is over 256 characters (a long study title).
            field_name = _clip(name, FIELD_NAME_MAX - len(suffix)) + suffix
            if len(self.embed.fields) >= FIELDS_MAX - 1 or self.total() + len(field_name) + len(value) > (
                EMBED_TOTAL_MAX - len(MORE) - 50
            ):
                self.dropped = True
                return
            self.embed.add_field(name=field_name, value=value, inline=False)


def answer_embed(answer: Answer) -> discord.Embed:
    """The whole answer as one embed: short answer, evidence, certainty, who was studied, caveat, sources."""
    title = safe_text(answer.question, TITLE_MAX) or "Your question"
    warning = answer.parts.get("warning", "")
    if answer.abstained:
        lines = [warning] if warning else []
        lines.append(answer.parts.get("decline", DECLINE))
        if answer.nearest_topics:
            lines.append("**Nearest topics I do cover:** " + "; ".join(answer.nearest_topics) + ".")
        embed = discord.Embed(
            title=title,
            description="\n\n".join(lines)[:DESCRIPTION_MAX],
            colour=RED_FLAG_COLOUR if answer.red_flag else DECLINED_COLOUR,
        )
        embed.set_footer(text=answer.parts.get("disclaimer", DISCLAIMER))
        return embed

    short = f"**Short answer:** {answer.parts['short']}"
    description = f"{warning}\n\n{short}" if warning else short
    embed = discord.Embed(
        title=title,
        description=description[:DESCRIPTION_MAX],
        colour=RED_FLAG_COLOUR if answer.red_flag else CERTAINTY_COLOURS[answer.certainty or "very-low"],
    )
    embed.set_footer(text=answer.parts.get("disclaimer", DISCLAIMER))
    builder = _EmbedBuilder(embed)
    builder.add("The evidence", sentences(answer.parts["evidence"]))
    builder.add(
        "How sure we can be",
        [f"[{c.n}] {CERTAINTY_BADGES[c.certainty]} — {c.design.rstrip('.')}." for c in answer.citations],
        sep="\n",
    )
    builder.add("Who was studied", [f"[{c.n}] {c.population.rstrip('.')}." for c in answer.citations], sep="\n")
    if "disagreement" in answer.parts:
        builder.add("Where they disagree", sentences(answer.parts["disagreement"]))
    builder.add("The caveat that matters", sentences(answer.parts["caveat"]))
    builder.add("Sources", [source_line(c) for c in answer.citations], sep="\n")
    if builder.dropped:
        embed.add_field(name="\u200b", value=MORE, inline=False)
    return embed


def passages_embeds(answer_question: str, passages: list[tuple[int, str, str, str]]) -> list[discord.Embed]:
    """The exact passages an answer used: (citation number, document title, section, text) each."""
    embed = discord.Embed(
        title=safe_text(f"Passages behind: {answer_question}", TITLE_MAX), colour=discord.Colour.blurple()
    )
    builder = _EmbedBuilder(embed)
    for n, title, section, text in passages:
        where = _clip(f" — {section}", 60)
        builder.add(_clip(f"[{n}] {title}", FIELD_NAME_MAX - len(" (cont.)") - len(where)) + where, sentences(text))
    if not passages:
        embed.description = "Those passages are no longer in the library's index."
    return [embed]


def topic_pages(topics: list[str], per_page: int = 15) -> list[discord.Embed]:
    pages = [topics[i : i + per_page] for i in range(0, len(topics), per_page)] or [[]]
    embeds = []
    for number, page in enumerate(pages, start=1):
        embed = discord.Embed(
            title="What the club library covers",
            description="\n".join(f"• {discord.utils.escape_markdown(t)}" for t in page)[:DESCRIPTION_MAX]
            or "The library is empty.",
            colour=discord.Colour.blurple(),
        )
        embed.set_footer(text=f"Page {number} of {len(pages)} · {len(topics)} topics")
        embeds.append(embed)
    return embeds


def plain_text(text: str) -> str:
    """Message content within Discord's 2000 characters, cut between lines or sentences."""
    return pack(sentences(text) or [""], CONTENT_MAX)[0]
