"""Embedders for tests: always the real model, never a mock."""

from __future__ import annotations

from bot.core.embedding import Embedder


class CountingEmbedder(Embedder):
    """The real model, recording what it was asked to embed."""

    def __init__(self, real: Embedder, name: str | None = None):
        super().__init__()
        self.__dict__["model"] = real.model
        if name:
            self.name = name
        self.calls: list[list[str]] = []

    def embed(self, texts, *, progress=False):
        self.calls.append(list(texts))
        return super().embed(texts, progress=progress)
