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

from bot.core.answer import Answer
from bot.core.compose import DECLINE, DISCLAIMER, Explained
from bot.core.document import Document

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
FIRST_SCREEN_TARGET = 900  # characters a member reads before tapping (`screen_length`); a target, not a limit
FIRST_TITLE = 100  # the first screen's title: the question's first words
SHORT_FIELD = 200  # a first-screen field's most characters, before it is cut at a word
_LINK_TARGET = re.compile(r"\]\((https?://[^)\s]+)\)")
APOLOGY = "Sorry, something went wrong while answering that. It has been logged for the organisers; please try again."


def screen_length(embed: discord.Embed) -> int:
    """The characters of an embed a member reads: its text, with the targets of Markdown links left out."""
    texts = [embed.title or "", embed.description or "", embed.footer.text or ""]
    texts += [f"{f.name}{f.value}" for f in embed.fields]
    return sum(len(_LINK_TARGET.sub("]", t)) for t in texts)


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


def _words(text: str, limit: int) -> str:
    """`text` cut at a word to at most `limit` characters, marked with "…" when cut."""
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0].rstrip("\\") + "…"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text.strip()) if s]


def _linked(who: str, link: str | None) -> str:
    return f"[{discord.utils.escape_markdown(who)}]({link})" if link else discord.utils.escape_markdown(who)


def source_line(n: int, doc: Document) -> str:
    """The full source line, with the title, for the evidence view."""
    title = doc.title if doc.title[-1:] in (".", "?", "!") else doc.title + "."
    journal = f" {doc.source.journal}." if doc.source.journal else ""
    who = f"{doc.source.authors} ({doc.source.year})"
    return f"[{n}] {_linked(who, doc.source.link)} {discord.utils.escape_markdown(title)}{journal}"


class _EmbedBuilder:
    """Adds fields in priority order while the embed stays within every limit."""

    def __init__(self, embed: discord.Embed):
        self.embed = embed
        self.dropped = False

    def total(self) -> int:
        return len(self.embed)

    def add(self, name: str, pieces: list[str], sep: str = " ", *, limit: int = FIELD_MAX, fields: int = 25) -> None:
        """Add `pieces` under `name`, in as many fields as they need (at most `fields`, each at most `limit`
        characters); what does not fit is dropped whole and noted in `dropped`."""
        chunks = pack(pieces, limit, sep)
        if len(chunks) > fields:
            chunks, self.dropped = chunks[:fields], True
        for i, value in enumerate(chunks):
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
    """The first screen: the warning, the short answer, how sure and why, who was studied, a next step and the
    sources as links; the evidence is one tap away ("Show evidence")."""
    # A long post as the title would fill a phone's screen before the answer: its first words say enough.
    title = _words(safe_text(answer.question, TITLE_MAX), FIRST_TITLE) or "Your question"
    parts = answer.parts
    if answer.declined:
        lines = [parts.warning] if parts.warning else []
        lines.append(parts.decline or DECLINE)
        if answer.nearest_topics:
            lines.append("**Nearest topics I do cover:** " + "; ".join(answer.nearest_topics) + ".")
        embed = discord.Embed(
            title=title,
            description="\n\n".join(lines)[:DESCRIPTION_MAX],
            colour=RED_FLAG_COLOUR if answer.red_flag else DECLINED_COLOUR,
        )
        embed.set_footer(text=parts.disclaimer or DISCLAIMER)
        return embed

    short = f"**Short answer:** {parts.short}"
    description = f"{parts.warning}\n\n{short}" if parts.warning else short
    certainty = answer.certainty or "very-low"
    embed = discord.Embed(
        title=title,
        description=description[:DESCRIPTION_MAX],
        colour=RED_FLAG_COLOUR if answer.red_flag else CERTAINTY_COLOURS[certainty],
    )
    embed.set_footer(text=parts.disclaimer or DISCLAIMER)
    builder = _EmbedBuilder(embed)
    # One short field each: a long population or step is cut at a word, the rest is under "Show evidence".
    builder.add("How sure", [f"{CERTAINTY_BADGES[certainty].split()[0]} {parts.sure}"], limit=SHORT_FIELD, fields=1)
    # The fit ("You ask about teenagers, but ...") matters more than the end of a long population: it stays whole.
    who = pack([parts.who], SHORT_FIELD * 2 - len(parts.fit) - 1)[0] if parts.who else ""
    builder.add("Who was studied", [" ".join(filter(None, [who, parts.fit]))], limit=SHORT_FIELD * 2, fields=1)
    if parts.next_step:
        builder.add("Next step", [parts.next_step], limit=SHORT_FIELD, fields=1)
    # Every source as a link, named short; titles, journals and what each found are under "Show evidence".
    builder.add("Sources", [f"[{c.n}] {_linked(c.short_name, c.link)}" for c in answer.citations], sep="\n")
    return embed


def evidence_embeds(question: str, explained: Explained, docs: list[Document]) -> list[discord.Embed]:
    """What "Show evidence" shows: the findings with their numbers, each study's certainty and design, where
    the sources disagree, the caveat and the full sources."""
    embed = discord.Embed(title=safe_text(f"The evidence: {question}", TITLE_MAX), colour=discord.Colour.blurple())
    builder = _EmbedBuilder(embed)
    builder.add("The evidence", sentences(explained.evidence))
    badges = [  # "[1] 🟠 Low certainty: ..."
        line.replace("] ", f"] {CERTAINTY_BADGES[d.certainty].split()[0]} ", 1)
        for d, line in zip(docs, explained.studies, strict=True)
    ]
    builder.add("How sure we can be", badges, sep="\n")
    if explained.disagreement:
        builder.add("Where they disagree", sentences(explained.disagreement))
    builder.add("The caveat that matters", sentences(explained.caveat))
    builder.add("Sources", [source_line(n, d) for n, d in enumerate(docs, start=1)], sep="\n")
    if builder.dropped:
        embed.add_field(name="\u200b", value=MORE, inline=False)
    if not docs:
        embed.description = "Those summaries are no longer in the club library."
    return [embed]


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
