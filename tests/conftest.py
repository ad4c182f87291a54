"""Fixtures shared by every test: the real bundled model, and sites (a library, its real FAISS index and a
config). Read-only sites are built once per run; a test that changes one takes a `_copy`.

    fixture_site          the small fixture library (tests/fixtures/library), indexed; never edited
    fixture_site_copy     a private copy of fixture_site that a test may change
    fixture_library_copy  a private copy of the fixture library alone, not indexed
    real_site             the real library (corpus/), indexed; never edited (copy it with `site_copy`)
    pacer                 a Pacer over fixture_site

Helpers to import (sites, the fake Discord, running the bot) are in tests/support/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.core.config import load_config
from bot.core.embedding import Embedder
from bot.core.pacer import Pacer
from tests.support.sites import FIXTURE_LIBRARY, REAL_LIBRARY, build_site, site_copy


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The real default model, loaded once for the whole run."""
    return Embedder()


@pytest.fixture
def fixture_library_copy(tmp_path: Path) -> Path:
    """A private, editable copy of the fixture library (no index)."""
    target = tmp_path / "corpus"
    shutil.copytree(FIXTURE_LIBRARY, target)
    return target


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Path:
    """The fixture library, its index and a config; built once, never edited."""
    return build_site(tmp_path_factory.mktemp("fixture-site"), FIXTURE_LIBRARY, embedder)


@pytest.fixture(scope="session")
def pacer(fixture_site: Path, embedder: Embedder) -> Pacer:
    return Pacer.from_config(fixture_site / "pacer.yaml", embedder=embedder)


@pytest.fixture
def fixture_site_copy(tmp_path: Path, fixture_site: Path) -> Path:
    """A private copy of `fixture_site` (library, index, config) that a test may change."""
    return site_copy(fixture_site, tmp_path / "site")


@pytest.fixture
def config_of():
    return lambda root: load_config(root / "pacer.yaml")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Path:
    """The real library with its index, built once; a test that changes it copies it first (`site_copy`)."""
    return build_site(tmp_path_factory.mktemp("real-site"), REAL_LIBRARY, embedder)
