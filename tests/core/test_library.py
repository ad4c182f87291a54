from pathlib import Path

import pytest

from bot.core.library import LibraryError, load_library, scan_library
from tests.support.sites import FIXTURE_LIBRARY


def test_fixture_library_loads_with_every_field() -> None:
    library = load_library(FIXTURE_LIBRARY)
    assert len(library) == 7
    doc = library["rathleff-2014-hip-strength-pfp"]
    assert doc.kind == "systematic-review"
    assert doc.certainty == "low"
    assert doc.source.year == 2014
    assert doc.source.doi == "10.1136/bjsports-2013-093305"
    assert doc.source.link == "https://doi.org/10.1136/bjsports-2013-093305"
    assert "runner's knee" in doc.aliases
    assert [s.heading for s in doc.sections] == ["What was studied", "What they found", "Caveats", "Bottom line"]
    assert len(doc.content_hash) == 64
    assert library["fixture-hip-article"].studies == ("rathleff-2014-hip-strength-pfp", "lack-2015-hip-rehab-pfp")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_problem_is_reported_with_file_line_and_field(fixture_library_copy: Path) -> None:
    rathleff = fixture_library_copy / "rathleff-2014-hip-strength-pfp.md"
    _edit(rathleff, "kind: systematic-review", "kind: blog-post")
    _edit(rathleff, "certainty: low", "certainty: sure")
    _edit(rathleff, "  year: 2014", "  year: twenty14")
    _edit(rathleff, "## Caveats", "## Limitations")
    lack = fixture_library_copy / "lack-2015-hip-rehab-pfp.md"
    _edit(lack, "id: lack-2015-hip-rehab-pfp", "id: rathleff-2014-hip-strength-pfp")
    (fixture_library_copy / "broken-yaml.md").write_text(
        "---\nid: broken-yaml\ntitle: [unclosed\n---\n## What was studied\n"
    )
    (fixture_library_copy / "no-front-matter.md").write_text("# Just a heading\n")
    (fixture_library_copy / "latin1.md").write_bytes("---\nid: latin1\ntitle: caf\xe9\n---\n".encode("latin-1"))
    article = fixture_library_copy / "fixture-hip-article.md"
    _edit(article, "studies: [rathleff-2014-hip-strength-pfp", "studies: [no-such-study")
    _edit(fixture_library_copy / "pope-2000-stretching-injury-recruits.md", "population:", "colour: blue\npopulation:")

    _, problems = scan_library(fixture_library_copy)
    text = "\n".join(str(p) for p in problems)
    lines = rathleff.read_text().split("\n")

    def line_of(prefix: str) -> int:
        return next(i for i, line in enumerate(lines, start=1) if line.startswith(prefix))

    assert f"corpus/rathleff-2014-hip-strength-pfp.md:{line_of('kind:')}: kind: 'blog-post' is not one of" in text
    assert f"rathleff-2014-hip-strength-pfp.md:{line_of('certainty:')}: certainty: 'sure'" in text
    assert f"rathleff-2014-hip-strength-pfp.md:{line_of('  year:')}: source.year: must be a year" in text
    assert "rathleff-2014-hip-strength-pfp.md" in text and "missing the section '## Caveats'" in text
    assert "lack-2015-hip-rehab-pfp.md:2: id: 'rathleff-2014-hip-strength-pfp' must equal the file name" in text
    assert "broken-yaml.md:3: front matter is not valid YAML" in text
    assert "no-front-matter.md:1: must start with YAML front matter" in text
    assert "latin1.md:3: is not valid UTF-8" in text
    assert "fixture-hip-article.md" in text and "studies: 'no-such-study' is not the id of a document" in text
    assert "pope-2000-stretching-injury-recruits.md" in text and "colour: unknown field" in text


def test_duplicate_ids_name_both_files(fixture_library_copy: Path) -> None:
    sub = fixture_library_copy / "more"
    sub.mkdir()
    (sub / "lack-2015-hip-rehab-pfp.md").write_text((fixture_library_copy / "lack-2015-hip-rehab-pfp.md").read_text())
    _, problems = scan_library(fixture_library_copy)
    assert any("is also used by corpus/lack-2015-hip-rehab-pfp.md" in str(p) for p in problems), problems


def test_empty_fields_and_body(fixture_library_copy: Path) -> None:
    path = fixture_library_copy / "pope-2000-stretching-injury-recruits.md"
    text = path.read_text()
    front, _body = text.split("\n---\n", 1)
    path.write_text(front.replace("certainty: ", "tags: []\ncertainty: ", 1) + "\n---\n")
    _, problems = scan_library(fixture_library_copy)
    text = "\n".join(str(p) for p in problems)
    assert "body: is empty" in text


def test_symlink_outside_and_huge_file(fixture_library_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text((fixture_library_copy / "pope-2000-stretching-injury-recruits.md").read_text())
    (fixture_library_copy / "linked.md").symlink_to(outside)
    (fixture_library_copy / "huge.md").write_text("---\nid: huge\n---\n" + "x" * 300_000)
    _, problems = scan_library(fixture_library_copy)
    text = "\n".join(str(p) for p in problems)
    assert "linked.md:1: is a link to" in text and "outside the library folder" in text
    size = (fixture_library_copy / "huge.md").stat().st_size
    assert f"huge.md:1: is {size:,} bytes; a summary must be under" in text


def test_load_library_raises_with_all_problems(fixture_library_copy: Path) -> None:
    _edit(fixture_library_copy / "pope-2000-stretching-injury-recruits.md", "certainty: moderate", "certainty: maybe")
    with pytest.raises(LibraryError) as err:
        load_library(fixture_library_copy)
    assert len(err.value.problems) == 1
    assert "certainty: 'maybe'" in str(err.value)


def test_missing_folder_is_a_problem(tmp_path: Path) -> None:
    _, problems = scan_library(tmp_path / "nowhere")
    assert "does not exist" in str(problems[0])


def test_claims_are_validated_per_intent(fixture_library_copy) -> None:
    path = fixture_library_copy / "lack-2015-hip-rehab-pfp.md"
    text = path.read_text(encoding="utf-8")
    bad = (
        'claims:\n  treat:\n    text: "Hip and thigh exercises ease runner\'s knee."\n    certainty: moderate\n'
        '  vibes:\n    text: "x"\n    certainty: low\n  prevent:\n    text: ""\n    certainty: sure\n'
    )
    path.write_text(text.replace("tags:", bad + "tags:", 1), encoding="utf-8")
    library, problems = scan_library(fixture_library_copy)
    messages = [str(p) for p in problems]
    assert any("claims.vibes" in m and "is not an intent" in m for m in messages)
    assert any("claims.prevent" in m and "needs a `text`" in m for m in messages)
    path.write_text(text.replace("tags:", bad.split("  vibes:")[0] + "tags:", 1), encoding="utf-8")
    library, problems = scan_library(fixture_library_copy)
    assert problems == []
    claim = library["lack-2015-hip-rehab-pfp"].claims[0]
    assert (claim.intent, claim.certainty) == ("treat", "moderate")


def test_a_next_step_is_optional_but_never_empty(fixture_library_copy: Path) -> None:
    path = fixture_library_copy / "lack-2015-hip-rehab-pfp.md"
    text = path.read_text(encoding="utf-8")
    library, problems = scan_library(fixture_library_copy)
    assert problems == [] and library["lack-2015-hip-rehab-pfp"].next_step == ""
    path.write_text(text.replace("tags:", 'next_step: "Work the hips as well as the thighs."\ntags:', 1))
    library, problems = scan_library(fixture_library_copy)
    assert problems == [] and library["lack-2015-hip-rehab-pfp"].next_step == "Work the hips as well as the thighs."
    path.write_text(text.replace("tags:", 'next_step: ""\ntags:', 1))
    _, problems = scan_library(fixture_library_copy)
    assert any("next_step" in str(p) and "must not be empty" in str(p) for p in problems)
