import numpy as np

from bot.core.embedding import Embedder


def test_one_question_embeds_exactly_as_encode_does(embedder: Embedder) -> None:
    """The lean single-question path (used on every question) gives encode's numbers, bit for bit."""
    questions = ["should I do hip exercises?", "ITB", "é " * 300, "is caffeine good before a race? " * 3, "?"]
    for question in questions:
        lean = embedder.embed_one(question)
        general = embedder.embed([question])[0]
        assert lean.dtype == np.float32 and lean.flags.c_contiguous
        assert np.array_equal(lean, general)
