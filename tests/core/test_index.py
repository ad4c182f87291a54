import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from bot.core.embedding import Embedder
from bot.core.errors import IndexUnusableError
from bot.core.index import EXACT_MAX_CHUNKS, FORMAT_VERSION, MANIFEST, build_index, load_index, staleness
from bot.core.library import load_library
from bot.core.warning_signs import EXAMPLE_CACHE
from tests.support.embedders import CountingEmbedder


def test_build_writes_faiss_chunks_and_manifest(tmp_path: Path, fixture_library_copy: Path, embedder: Embedder) -> None:
    library = load_library(fixture_library_copy)
    report = build_index(library, embedder, tmp_path / "index")
    assert report.added == report.chunks > len(library)
    assert (report.reembedded, report.removed, report.unchanged) == (0, 0, 0)
    manifest = json.loads((tmp_path / "index" / MANIFEST).read_text())
    assert manifest["format_version"] == FORMAT_VERSION
    assert manifest["model"] == "sentence-transformers/all-MiniLM-L6-v2"
    assert manifest["dimension"] == 384
    assert manifest["index_type"] == "flat-ip"
    assert manifest["index_params"] == {"metric": "inner_product", "exact_max": EXACT_MAX_CHUNKS, "recall_at_10": 1.0}
    assert set(manifest["documents"]) == set(library.documents)
    for doc in library:
        assert manifest["documents"][doc.id]["hash"] == doc.content_hash
    loaded = load_index(tmp_path / "index")
    assert loaded.vectors.ntotal == len(loaded.chunks) == report.chunks
    # The stored vectors are the model's: a chunk's own text finds itself first.
    first = loaded.chunks[5]
    _, rows = loaded.vectors.search(embedder.embed([first.embed_text]), 1)
    assert rows[0][0] == 5


def test_rebuild_embeds_only_what_changed(fixture_site_copy: Path, embedder: Embedder) -> None:
    counting = CountingEmbedder(embedder)
    corpus, index = fixture_site_copy / "corpus", fixture_site_copy / "index"
    before = load_index(index)
    untouched = build_index(load_library(corpus), counting, index)
    assert not untouched.wrote and counting.calls == []

    path = corpus / "bleakley-2012-cold-water-immersion-doms.md"
    path.write_text(path.read_text().replace("## Bottom line\n", "## Bottom line\nA new opening sentence. "))
    (corpus / "almond-2005-marathon-hyponatremia.md").unlink()
    report = build_index(load_library(corpus), counting, index)
    assert counting.calls and all("Bottom line: A new opening sentence." in t for t in counting.calls[0])
    assert report.reembedded == 1 and report.added == 0
    almond_chunks = len(before.manifest.documents["almond-2005-marathon-hyponatremia"]["chunks"])
    assert report.removed == almond_chunks + 1  # the deleted document's chunks and the edited paragraph's old one
    assert report.unchanged == report.chunks - 1
    assert report.changed_documents == ("bleakley-2012-cold-water-immersion-doms", "almond-2005-marathon-hyponatremia")
    after = load_index(index)
    assert "almond-2005-marathon-hyponatremia" not in after.manifest.documents
    # Reused vectors are bit-for-bit the old ones.
    old, new = before.vector_of(), after.vector_of()
    shared = set(old) & set(new)
    assert len(shared) == report.unchanged
    assert all(np.array_equal(old[c], new[c]) for c in shared)
    assert [p.name for p in index.iterdir() if p.name.startswith("gen-")] == [after.manifest.generation]


def test_new_document_counts_as_added(fixture_site_copy: Path, embedder: Embedder) -> None:
    corpus = fixture_site_copy / "corpus"
    text = (corpus / "pope-2000-stretching-injury-recruits.md").read_text()
    (corpus / "pope-copy.md").write_text(text.replace("id: pope-2000-stretching-injury-recruits", "id: pope-copy"))
    report = build_index(load_library(corpus), embedder, fixture_site_copy / "index")
    # Identical paragraphs in another document are new chunks: ids include the document.
    assert report.added == len(load_index(fixture_site_copy / "index").manifest.documents["pope-copy"]["chunks"])
    assert report.reembedded == 0 and report.removed == 0


def test_staleness_names_documents_and_model(fixture_site_copy: Path, embedder: Embedder) -> None:
    corpus, index = fixture_site_copy / "corpus", fixture_site_copy / "index"
    assert not staleness(index, load_library(corpus), embedder.name).stale
    path = corpus / "grgic-2020-caffeine-performance.md"
    path.write_text(path.read_text() + "\n")
    (corpus / "pope-2000-stretching-injury-recruits.md").unlink()
    stale = staleness(index, load_library(corpus), embedder.name)
    assert stale.stale
    assert stale.changed == ("grgic-2020-caffeine-performance",)
    assert stale.removed == ("pope-2000-stretching-injury-recruits",)
    assert "changed in the library since the last build: grgic-2020-caffeine-performance" in stale.describe()
    other = staleness(index, load_library(corpus), "some/other-model")
    assert "built with the model 'sentence-transformers/all-MiniLM-L6-v2'" in other.describe()
    assert staleness(fixture_site_copy / "nothing-here", load_library(corpus), embedder.name).missing


def test_model_change_reembeds_everything(fixture_site_copy: Path, embedder: Embedder) -> None:
    renamed = CountingEmbedder(embedder, name="pretend/other-model")
    report = build_index(load_library(fixture_site_copy / "corpus"), renamed, fixture_site_copy / "index")
    assert report.unchanged == 0 and report.reembedded == report.chunks
    assert any("model changed" in n for n in report.notes)
    with pytest.raises(IndexUnusableError, match="built with the model 'pretend/other-model'"):
        load_index(fixture_site_copy / "index", model=embedder.name)


def test_crash_mid_build_leaves_previous_index_and_next_build_cleans_up(
    fixture_site_copy: Path, embedder: Embedder
) -> None:
    corpus, index = fixture_site_copy / "corpus", fixture_site_copy / "index"
    before = load_index(index)
    path = corpus / "lack-2015-hip-rehab-pfp.md"
    path.write_text(path.read_text() + "\nAn added closing paragraph.\n")

    def crash(_n: int) -> None:
        raise RuntimeError("simulated crash while embedding")

    with pytest.raises(RuntimeError):
        build_index(load_library(corpus), embedder, index, on_embed=crash)
    # Leftovers of a build killed after writing its files but before the manifest swap:
    (index / "gen-killed").mkdir()
    (index / "gen-killed" / "vectors.faiss").write_bytes(b"partial")
    (index / f"{MANIFEST}.tmp-99999").write_text("{")
    still = load_index(index)
    assert still.manifest == before.manifest
    report = build_index(load_library(corpus), embedder, index)
    assert report.reembedded == 1
    leftovers = sorted(p.name for p in index.iterdir() if p.name != EXAMPLE_CACHE)  # kept: not the build's
    assert leftovers == sorted([".lock", MANIFEST, load_index(index).manifest.generation])


@pytest.mark.parametrize(
    "damage",
    [
        "truncate-faiss",
        "drop-chunks",
        "garble-manifest",
        "old-format",
        "drop-rows",
        "drop-keywords",
        "drop-doc-vectors",
    ],
)
def test_damaged_index_is_refused_with_the_fix(fixture_site_copy: Path, damage: str) -> None:
    index = fixture_site_copy / "index"
    manifest = json.loads((index / MANIFEST).read_text())
    gen = index / manifest["generation"]
    if damage == "truncate-faiss":
        data = (gen / "vectors.faiss").read_bytes()
        (gen / "vectors.faiss").write_bytes(data[: len(data) // 3])
    elif damage == "drop-chunks":
        lines = (gen / "chunks.jsonl").read_text().splitlines(keepends=True)
        (gen / "chunks.jsonl").write_text("".join(lines[:-2]))
    elif damage == "garble-manifest":
        (index / MANIFEST).write_text("{not json")
    elif damage == "drop-rows":
        (gen / "rows.npz").unlink()
    elif damage == "drop-keywords":
        shutil.rmtree(gen / "keywords")
    elif damage == "drop-doc-vectors":
        (gen / "doc_vectors.npz").unlink()
    else:
        manifest["format_version"] = 0
        (index / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(IndexUnusableError, match=r"Run `pacer index` to rebuild it"):
        load_index(index)


def test_missing_index_says_how_to_build(tmp_path: Path) -> None:
    with pytest.raises(IndexUnusableError, match=r"no index in .* Run `pacer index` to build it"):
        load_index(tmp_path)
