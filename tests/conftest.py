"""Shared fixtures: the real bundled model, a small real library, and a real FAISS index built from it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.core.config import load_config
from bot.core.embedding import Embedder
from bot.core.index import build_index
from bot.core.library import load_library
from bot.core.pacer import Pacer

ROOT = Path(__file__).parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_LIBRARY = FIXTURES / "library"


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The real default model, loaded once for the whole run."""
    return Embedder()


@pytest.fixture
def library_dir(tmp_path: Path) -> Path:
    """A private, editable copy of the fixture library."""
    target = tmp_path / "corpus"
    shutil.copytree(FIXTURE_LIBRARY, target)
    return target


def write_config(root: Path, corpus: Path, index: Path, extra: str = "") -> Path:
    path = root / "pacer.yaml"
    path.write_text(f"corpus: {corpus}\nindex: {index}\n{extra}", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Path:
    """A folder holding a copy of the fixture library, its index and a config; built once, never edited."""
    root = tmp_path_factory.mktemp("built")
    shutil.copytree(FIXTURE_LIBRARY, root / "corpus")
    build_index(load_library(root / "corpus"), embedder, root / "index")
    write_config(root, root / "corpus", root / "index")
    return root


@pytest.fixture(scope="session")
def pacer(built: Path, embedder: Embedder) -> Pacer:
    return Pacer.from_config(built / "pacer.yaml", embedder=embedder)


@pytest.fixture
def editable(tmp_path: Path, built: Path, embedder: Embedder) -> Path:
    """A private copy of `built` (library, index, config) that a test may change."""
    root = tmp_path / "site"
    shutil.copytree(built / "corpus", root / "corpus")
    shutil.copytree(built / "index", root / "index")
    write_config(root, root / "corpus", root / "index")
    return root


@pytest.fixture
def config_of():
    return lambda root: load_config(root / "pacer.yaml")


@pytest.fixture(scope="session")
def corpus_site(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Path:
    """The real library with its index, built once; a test that changes it copies it first (`site_copy`)."""
    root = tmp_path_factory.mktemp("corpus-site")
    shutil.copytree(ROOT / "corpus", root / "corpus")
    build_index(load_library(root / "corpus"), embedder, root / "index")
    write_config(root, root / "corpus", root / "index")
    return root


def site_copy(site: Path, target: Path, extra_config: str = "") -> Path:
    """A private copy of a site (library, index, config) with extra YAML appended to its config."""
    shutil.copytree(site / "corpus", target / "corpus")
    shutil.copytree(site / "index", target / "index")
    write_config(target, target / "corpus", target / "index", extra_config)
    return target
