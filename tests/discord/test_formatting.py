import re
from dataclasses import replace
from pathlib import Path

from bot.core.compose import explain
from bot.core.evaluate import load_questions
from bot.core.pacer import Pacer
from bot.core.real_questions import load_real_set
from bot.discord.formatting import (
    CONTENT_MAX,
    DESCRIPTION_MAX,
    EMBED_TOTAL_MAX,
    FIELD_MAX,
    FIELD_NAME_MAX,
    FIELDS_MAX,
    FIRST_SCREEN_TARGET,
    TITLE_MAX,
    answer_embed,
    evidence_embeds,
    pack,
    passages_embeds,
    plain_text,
    safe_text,
    screen_length,
    topic_pages,
)
from bot.questions import REAL, WRITTEN


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


def test_the_evidence_view_is_within_limits_even_when_huge(pacer: Pacer) -> None:
    answer = pacer.ask("should I do hip exercises?")
    docs = [pacer.library[c.doc_id] for c in answer.citations]
    explained = explain(docs)
    huge = replace(explained, evidence=" ".join([explained.evidence] * 60), caveat=" ".join([explained.caveat] * 20))
    embed = evidence_embeds(answer.question, huge, docs)[0]
    assert len(embed) <= EMBED_TOTAL_MAX
    assert all(len(f.value) <= FIELD_MAX for f in embed.fields)
    assert embed.fields[-1].value.startswith("…")  # what was left out is pointed to, not silently lost
    for field in embed.fields:
        assert field.value.count("[") == field.value.count("]")


def test_the_first_screen_is_short_and_says_how_sure_in_words(pacer: Pacer) -> None:
    answer = pacer.ask("should I do hip exercises?")
    embed = answer_embed(answer)
    assert screen_length(embed) <= FIRST_SCREEN_TARGET
    fields = {f.name: f.value for f in embed.fields}
    assert list(fields) == ["How sure", "Who was studied", "Sources"]
    assert re.match(r"\S+ (High|Moderate|Low|Very low) — ", fields["How sure"])
    assert "The evidence" not in fields and "95%" not in embed.description
    lines = fields["Sources"].split("\n")
    assert len(lines) == len(answer.citations)
    assert all(f"[{c.n}] [" in line for c, line in zip(answer.citations, lines, strict=True))  # each one a link


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


def test_every_evaluation_answer_fits_discord_on_every_screen(real_site: Path, embedder) -> None:
    # Each answer to the packaged evaluation questions, rendered as Discord gets it: the first screen, "Show
    # evidence" and "Show passages" within every limit, and the first screen near its target.
    pacer = Pacer.from_config(real_site / "pacer.yaml", embedder=embedder)
    ids = set(pacer.library.documents)
    questions = [q.q for q in load_questions(WRITTEN, ids)] + [q.q for q in load_real_set(REAL, ids).questions]
    lengths = []
    for question in questions:
        answer = pacer.ask(question)
        first = answer_embed(answer)
        docs = [pacer.library[c.doc_id] for c in answer.citations]
        passages = [(c.n, c.title, p.chunk.section, p.chunk.text) for c in answer.citations for p in c.passages[:1]]
        embeds = [first, *evidence_embeds(question, explain(docs), docs), *passages_embeds(question, passages)]
        for embed in embeds:
            assert_within_limits(embed)
        if not answer.declined:
            lengths.append(screen_length(first))
    assert len(questions) > 450
    lengths.sort()
    assert lengths[len(lengths) // 2] <= FIRST_SCREEN_TARGET  # a typical answer's first screen


def assert_within_limits(embed) -> None:
    assert len(embed.title or "") <= TITLE_MAX and len(embed.description or "") <= DESCRIPTION_MAX
    assert len(embed.fields) <= FIELDS_MAX and len(embed) <= EMBED_TOTAL_MAX
    assert len(embed.footer.text or "") <= 2048
    for field in embed.fields:
        assert 0 < len(field.name) <= FIELD_NAME_MAX and 0 < len(field.value) <= FIELD_MAX
