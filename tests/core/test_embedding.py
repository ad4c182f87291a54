import os

import numpy as np
import pytest

from bot.core.embedding import DEFAULT_MODEL_NAME, Embedder, model_name
from bot.core.errors import PacerError


def test_bundled_model_gives_normalised_vectors(embedder: Embedder) -> None:
    vectors = embedder.embed(["should I do hip exercises?", "caffeine before a race", "hip strengthening"])
    assert vectors.shape == (3, 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # Meaning, not just shape: the two hip texts are closer to each other than to caffeine.
    assert vectors[0] @ vectors[2] > vectors[0] @ vectors[1] + 0.2
    assert embedder.name == DEFAULT_MODEL_NAME
    assert os.environ["HF_HUB_OFFLINE"] == "1"


def test_batches_match_single_embeddings(embedder: Embedder) -> None:
    texts = [f"running question number {i}" for i in range(37)]
    small = Embedder(batch_size=5)
    small.__dict__["model"] = embedder.model  # same weights, smaller batches
    np.testing.assert_allclose(small.embed(texts), embedder.embed(texts), atol=1e-5)
    assert embedder.embed([]).shape == (0, 384)


def test_model_names() -> None:
    assert model_name("default") == DEFAULT_MODEL_NAME
    assert model_name("/models/my-model") == "/models/my-model"


def test_unavailable_model_fails_fast_and_clearly() -> None:
    with pytest.raises(PacerError, match="cannot load the embedding model 'no-such/model-xyz' offline"):
        Embedder("no-such/model-xyz").embed(["x"])
