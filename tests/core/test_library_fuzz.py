"""Whatever a volunteer saves into corpus/, checking it never crashes: every problem names its file."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.library import scan_library
from tests.support.sites import FIXTURE_LIBRARY

GOOD = (FIXTURE_LIBRARY / "pope-2000-stretching-injury-recruits.md").read_text(encoding="utf-8")
GOOD_LINES = GOOD.split("\n")

yaml_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.lists(st.integers(), max_size=3),
    st.sampled_from(["[unclosed", "{a: 1", "- - -", "&anchor x", "*nowhere", "!!python/object:os.system x", "'"]),
)


@st.composite
def mangled(draw: st.DrawFn) -> bytes:
    """A real summary with lines dropped, values replaced, junk inserted, or raw bytes."""
    how = draw(st.sampled_from(["lines", "values", "bytes", "text"]))
    if how == "bytes":
        return draw(st.binary(max_size=400))
    if how == "text":
        return draw(st.text(max_size=400)).encode("utf-8", "surrogatepass")
    lines = list(GOOD_LINES)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        if how == "lines":
            action = draw(st.sampled_from(["drop", "duplicate", "junk"]))
            if action == "drop":
                del lines[i]
            elif action == "duplicate":
                lines.insert(i, lines[i])
            else:
                lines.insert(i, draw(st.text(max_size=40)))
        elif ":" in lines[i] and not lines[i].startswith(" "):
            key = lines[i].split(":", 1)[0]
            lines[i] = f"{key}: {draw(yaml_values)!r}" if draw(st.booleans()) else f"{key}: {draw(yaml_values)}"
    return "\n".join(lines).encode("utf-8", "surrogatepass")


@settings(max_examples=200, deadline=None)
@given(content=mangled())
def test_any_file_gives_problems_not_exceptions(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(FIXTURE_LIBRARY, corpus)
        target = corpus / "pope-2000-stretching-injury-recruits.md"
        target.write_bytes(content)
        library, problems = scan_library(corpus)
        for problem in problems:
            assert problem.path.exists() and problem.line >= 1 and str(problem)
        if not problems:
            assert "pope-2000-stretching-injury-recruits" in library.documents
