from dataclasses import replace

from bot.core.chunking import MAX_WORDS, PROFILE_SECTION, QUESTION_SECTION, SEARCH_ONLY, chunk_document
from bot.core.document import Section
from bot.core.library import load_library
from tests.support.sites import FIXTURE_LIBRARY

LIBRARY = load_library(FIXTURE_LIBRARY)
DOC = LIBRARY["rathleff-2014-hip-strength-pfp"]


def test_chunks_follow_sections_and_paragraphs() -> None:
    chunks = chunk_document(DOC)
    assert chunks[0].section == PROFILE_SECTION
    assert "runner's knee" in chunks[0].text  # aliases reach the profile chunk
    body = chunks[1:]
    assert [c.section for c in body] == ["What was studied", "What they found", "Caveats", "Bottom line"]
    assert all(c.doc_id == DOC.id for c in chunks)
    assert body[0].embed_text.startswith(DOC.title)
    assert "What was studied:" in body[0].embed_text


def test_ids_are_stable_content_hashes() -> None:
    first = [c.id for c in chunk_document(DOC)]
    again = [c.id for c in chunk_document(load_library(FIXTURE_LIBRARY)[DOC.id])]
    assert first == again
    assert len(set(first)) == len(first)
    edited_sections = (
        DOC.sections[0],
        Section(DOC.sections[1].heading, DOC.sections[1].text + " One more sentence.", DOC.sections[1].line),
        *DOC.sections[2:],
    )
    edited = [c.id for c in chunk_document(replace(DOC, sections=edited_sections))]
    changed = [i for i, (a, b) in enumerate(zip(first, edited, strict=True)) if a != b]
    assert changed == [2]  # only the edited paragraph's chunk changes


def test_long_paragraphs_split_at_sentences_and_blank_lines_split_paragraphs() -> None:
    sentence = "Runners in this trial were followed for twelve weeks and their injuries were counted. "
    long_text = sentence * 40 + "\n\nA second paragraph."
    doc = replace(DOC, sections=(Section("What they found", long_text, 10),))
    chunks = [c for c in chunk_document(doc) if c.section != PROFILE_SECTION]
    assert len(chunks) >= 3
    assert chunks[-1].text == "A second paragraph."
    assert all(len(c.text.split()) <= MAX_WORDS for c in chunks)
    assert all(c.text.endswith(".") for c in chunks)  # never cut mid-sentence


def test_questions_become_search_only_chunks() -> None:
    doc = replace(DOC, questions=("do weak glutes cause runner's knee", "  hip work for sore knees  "))
    chunks = chunk_document(doc)
    asked = [c for c in chunks if c.section == QUESTION_SECTION]
    assert [c.text for c in asked] == ["do weak glutes cause runner's knee", "hip work for sore knees"]
    assert all(c.embed_text == c.text for c in asked)  # embedded alone, to match questions as asked
    assert {c.section for c in chunks} >= set(SEARCH_ONLY)
