"""Fixtures for the Discord tests (helpers they import are in tests/support/bot.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.sites import site_copy


@pytest.fixture
def real_site_copy(real_site: Path, tmp_path: Path) -> Callable[..., Path]:
    """Makes a private copy of the real library and index, with extra `discord:` (and `retrieval:`)
    settings and a feedback database of its own."""

    def make(retrieval: dict | None = None, **discord_settings) -> Path:
        lines = "".join(f"  {k}: {v}\n" for k, v in discord_settings.items())
        extra = f"discord:\n  feedback_db: {tmp_path / 'feedback.sqlite3'}\n  guild_id: 1100000000000000100\n{lines}"
        if retrieval:
            extra += "retrieval:\n" + "".join(f"  {k}: {v}\n" for k, v in retrieval.items())
        return site_copy(real_site, tmp_path / "site", extra)

    return make
