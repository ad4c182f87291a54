from dataclasses import replace

from bot.core.pacer import Pacer
from bot.discord.formatting import (
    CONTENT_MAX,
    EMBED_TOTAL_MAX,
    FIELD_MAX,
    FIELD_NAME_MAX,
    answer_embed,
    pack,
    passages_embeds,
    plain_text,
    safe_text,
    topic_pages,
)


def test_echoed_questions_are_inert() -> None:
    text = safe_text("@everyone **look** at <@123456789012345678> <@&123456789012345678> `code` ||spoiler||", 256)
    assert "@\u200beveryone" in text
    assert "<@123456789012345678>" not in text and "<@&123456789012345678>" not in text
    assert "\\*\\*look\\*\\*" in text and "\\`" in text
    assert len(safe_text("x" * 1000, 256)) == 256


def test_pack_never_splits_a_piece() -> None:
    pieces = [f"Sentence number {i} ends with a citation [{i}]." for i in range(100)]
    chunks = pack(pieces, FIELD_MAX)
    assert all(len(c) <= FIELD_MAX for c in chunks)
    assert " ".join(chunks) == " ".join(pieces)
    assert len(plain_text("word. " * 1000)) <= CONTENT_MAX


def test_answer_embed_is_within_limits_even_when_huge(pacer: Pacer) -> None:
    answer = pacer.ask("should I do hip exercises?")
    huge = replace(
        answer,
        parts=answer.parts
        | {"evidence": " ".join([answer.parts["evidence"]] * 60), "caveat": " ".join([answer.parts["caveat"]] * 20)},
    )
    embed = answer_embed(huge)
    assert len(embed) <= EMBED_TOTAL_MAX
    assert all(len(f.value) <= FIELD_MAX for f in embed.fields)
    assert embed.fields[-1].value.startswith("…")  # what was left out is pointed to, not silently lost
    for field in embed.fields:
        assert field.value.count("[") == field.value.count("]")


def test_colour_follows_certainty_and_decline_is_grey(pacer: Pacer) -> None:
    low = answer_embed(pacer.ask("should I do hip exercises?"))
    declined = answer_embed(pacer.ask("what time is the saturday club run?"))
    assert low.colour != declined.colour
    assert declined.fields == [] and "Nearest topics I do cover" in declined.description


def test_topics_are_paged() -> None:
    pages = topic_pages([f"topic {i}" for i in range(40)], per_page=15)
    assert len(pages) == 3 and pages[-1].footer.text == "Page 3 of 3 · 40 topics"


def test_passage_field_names_fit_discord_even_for_a_very_long_title() -> None:
    # crossley-2016's title made a 257-character field name, and Discord refused the whole reply.
    title = "Patellofemoral pain consensus statement from the 4th International Patellofemoral Pain Research " * 3
    long_text = "A sentence of passage text that goes on for a while. " * 60  # spills into "(cont.)" fields
    embeds = passages_embeds("do weak hips cause runner's knee?", [(1, title, "What they found", long_text)])
    names = [f.name for f in embeds[0].fields]
    assert len(names) >= 2 and names[1].endswith("(cont.)")
    assert all(len(name) <= FIELD_NAME_MAX for name in names)
    assert names[0].startswith("[1] Patellofemoral") and names[0].endswith("— What they found")
