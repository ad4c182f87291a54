"""Tokens as the keyword index sees them: Pacer's own tokenizer must give exactly what bm25s's does."""

from __future__ import annotations

import bm25s
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.chunking import chunk_document
from bot.core.evaluate import load_questions
from bot.core.library import load_library
from bot.core.names import _STEMMER, tokens
from bot.questions import WRITTEN
from tests.support.sites import REAL_LIBRARY


def bm25s_tokens(texts: list[str], stopwords: str | None) -> list[list[str]]:
    return bm25s.tokenize(texts, stopwords=stopwords, stemmer=_STEMMER, return_ids=False, show_progress=False)


def test_tokens_are_bm25s_tokens_on_the_library_and_the_questions() -> None:
    texts = [c.embed_text for doc in load_library(REAL_LIBRARY) for c in chunk_document(doc)]
    texts += [q.q for q in load_questions(WRITTEN / "questions-tuning.yaml")]
    assert len(texts) > 1000
    for stopwords in ("en", None):
        assert tokens(texts, stopwords) == bm25s_tokens(texts, stopwords)
        assert [tokens([t], stopwords)[0] for t in texts[:200]] == bm25s_tokens(texts[:200], stopwords)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=60), min_size=1, max_size=4), st.sampled_from(["en", None]))
def test_tokens_are_bm25s_tokens_on_any_text(texts: list[str], stopwords: str | None) -> None:
    assert tokens(texts, stopwords) == bm25s_tokens(texts, stopwords)
