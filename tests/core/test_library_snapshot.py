"""The parsed library saved with the index: unchanged files are not parsed again, edited ones are, and the
library-wide checks still name the file and line."""

from __future__ import annotations

from pathlib import Path

from bot.core.embedding import Embedder
from bot.core.index import build_index, generation_dir, load_index
from bot.core.library import load_library, scan_library
from bot.core.library_snapshot import CATALOGUE, Documents
from bot.core.pacer import Pacer
from tests.support.embedders import CountingEmbedder


def test_an_unchanged_library_comes_from_the_snapshot_as_it_was_parsed(fixture_site_copy: Path) -> None:
    corpus = fixture_site_copy / "corpus"
    parsed = load_library(corpus)
    saved = load_library(corpus, snapshot=generation_dir(fixture_site_copy / "index"))
    assert isinstance(saved.documents, Documents) and saved.documents._parsed == {}
    assert list(saved.documents) == list(parsed.documents)
    assert all(saved[d.id] == d for d in parsed)
    assert saved.hashes == parsed.hashes
    assert all(saved.names(d) == parsed.names(d) and saved.topic(d) == parsed.topic(d) for d in parsed.documents)


def test_an_edited_file_is_parsed_again_and_a_dangling_reference_names_its_line(fixture_site_copy: Path) -> None:
    corpus = fixture_site_copy / "corpus"
    gen = generation_dir(fixture_site_copy / "index")
    hip = corpus / "rathleff-2014-hip-strength-pfp.md"
    hip.write_text(hip.read_text().replace("## Bottom line\n", "## Bottom line\nEdited. "))
    library, problems = scan_library(corpus, gen)
    assert problems == [] and set(library.documents._parsed) == {"rathleff-2014-hip-strength-pfp"}
    assert "Edited." in library["rathleff-2014-hip-strength-pfp"].sections[-1].text
    assert library.hashes == load_library(corpus).hashes

    (corpus / "rathleff-2014-hip-strength-pfp.md").unlink()
    _, problems = scan_library(corpus, gen)
    article = corpus / "fixture-hip-article.md"
    line = next(i for i, text in enumerate(article.read_text().splitlines(), start=1) if text.startswith("studies:"))
    assert [str(p) for p in problems] == [
        f"corpus/fixture-hip-article.md:{line}: studies: 'rathleff-2014-hip-strength-pfp' is not the id of a "
        "document in the library"
    ]


def test_a_file_edited_while_the_index_was_building_is_parsed_again(fixture_site_copy: Path) -> None:
    from bot.core.library_snapshot import Snapshot, write_snapshot

    corpus = fixture_site_copy / "corpus"
    library = load_library(corpus)
    hip = corpus / "rathleff-2014-hip-strength-pfp.md"
    hip.write_text(hip.read_text().replace("## Bottom line\n", "## Bottom line\nEdited during the build. "))
    folder = fixture_site_copy / "snapshot"
    folder.mkdir()
    write_snapshot(folder, corpus, library.documents)
    assert Snapshot(folder).unchanged(hip.name, hip) is None
    other = corpus / "pope-2000-stretching-injury-recruits.md"
    assert Snapshot(folder).unchanged(other.name, other) == other.stem
    reloaded = load_library(corpus, snapshot=folder)
    assert "Edited during the build." in reloaded["rathleff-2014-hip-strength-pfp"].sections[-1].text


def test_an_unreadable_snapshot_only_costs_a_full_parse(fixture_site_copy: Path) -> None:
    gen = generation_dir(fixture_site_copy / "index")
    (gen / CATALOGUE).write_bytes(b"not a pickle")
    library = load_library(fixture_site_copy / "corpus", snapshot=gen)
    assert isinstance(library.documents, dict) and library.hashes == load_library(fixture_site_copy / "corpus").hashes


_EXTRA = """claims:
  cause-risk:
    text: "Weak hips go with knee pain; the review cannot say which came first."
    certainty: low
  treat:
    text: "The review did not test exercises."
    certainty: low
questions:
  - "do weak hips cause knee pain"
  - "should runners strengthen their hips"
"""


def test_a_rebuild_embeds_only_the_claims_and_questions_that_changed(
    fixture_site_copy: Path, embedder: Embedder
) -> None:
    corpus, index = fixture_site_copy / "corpus", fixture_site_copy / "index"
    path = corpus / "rathleff-2014-hip-strength-pfp.md"
    path.write_text(path.read_text().replace("\n---\n", "\n" + _EXTRA + "---\n", 1))
    counting = CountingEmbedder(embedder)
    build_index(load_library(corpus, snapshot=generation_dir(index)), counting, index)
    texts = [t for call in counting.calls for t in call]
    assert {"The review did not test exercises.", "should runners strengthen their hips"} <= set(texts)
    before = load_index(index)
    path.write_text(path.read_text().replace("did not test exercises.", "did not test any exercises."))
    counting.calls.clear()
    build_index(load_library(corpus, snapshot=generation_dir(index)), counting, index)
    texts = [t for call in counting.calls for t in call]
    assert "The review did not test any exercises." in texts
    assert not {
        "Weak hips go with knee pain; the review cannot say which came first.",
        "do weak hips cause knee pain",
    } & set(texts)
    after = load_index(index)
    row = list(after.manifest.documents).index("rathleff-2014-hip-strength-pfp")
    old_row = list(before.manifest.documents).index("rathleff-2014-hip-strength-pfp")
    assert len(after.doc_vectors.questions(row)) == 2
    assert (after.doc_vectors.questions(row) == before.doc_vectors.questions(old_row)).all()
    assert (after.doc_vectors.claims(row)[0] == before.doc_vectors.claims(old_row)[0]).all()
    assert not (after.doc_vectors.claims(row)[1] == before.doc_vectors.claims(old_row)[1]).all()


def test_show_passages_reads_the_stored_chunks_by_id(fixture_site_copy: Path, embedder: Embedder) -> None:
    pacer = Pacer.from_config(fixture_site_copy / "pacer.yaml", embedder=embedder)
    answer = pacer.ask("should I do hip exercises for knee pain?")
    ids = [p.chunk.id for c in answer.citations for p in c.passages[:1]]
    found = pacer.passages([*ids, "no-such-chunk"], [c.doc_id for c in answer.citations])
    assert list(found) and set(found) == set(ids)
    for cid, (title, chunk) in found.items():
        assert chunk.id == cid and title == pacer.library[chunk.doc_id].title and chunk.text
