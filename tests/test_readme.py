"""The README's example answers are what `pacer ask` really prints, so they cannot drift."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from bot.core.markdown import first_screen, full
from bot.core.pacer import Pacer

README = Path(__file__).parents[1] / "README.md"


def examples() -> list[tuple[list[str], str]]:
    """(the `pacer ask` arguments, the output shown) for each example in the README's first console block."""
    block = re.search(r"```console\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    assert block, "the README has no console example"
    found = []
    for command in re.split(r"^\$ ", block.group(1), flags=re.M)[1:]:
        line, _, output = command.partition("\n")
        args = shlex.split(line)
        if args[:2] == [".venv/bin/pacer", "ask"]:
            found.append((args[2:], output))
    return found


def test_the_readme_examples_are_the_real_output(real_site: Path, embedder) -> None:
    pacer = Pacer.from_config(real_site / "pacer.yaml", embedder=embedder)
    shown = examples()
    assert len(shown) >= 4
    for args, output in shown:
        answer = pacer.ask(args[-1])
        real = " ".join((full(answer) if "--full" in args else first_screen(answer)).split())
        # The README wraps lines and elides with "…": every piece it shows appears, in order, in the real output.
        at = 0
        for piece in (" ".join(p.split()) for p in output.split("…")):
            if piece:
                found = real.find(piece, at)
                assert found >= 0, f"README example for {args[-1]!r} shows text pacer does not print: {piece!r}"
                at = found + len(piece)


def test_every_document_the_project_points_to_exists() -> None:
    root = README.parent
    pointers = []
    for path in [README, *root.glob("docs/**/*.md"), root / "Dockerfile", root / "compose.yaml"]:
        text = path.read_text(encoding="utf-8")
        links = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text)  # Markdown links, without their anchors
        named = re.findall(r"(?<![\w/.])((?:docs|benchmarks|tests|bot)/[\w./-]+\.(?:md|py|yaml))", text)
        pointers += [(path, link, path.parent) for link in links if not re.match(r"[a-z]+:", link)]
        pointers += [(path, name.rstrip("."), root) for name in named]
    assert len(pointers) > 10
    missing = [f"{path.name} -> {target}" for path, target, base in pointers if not (base / target).exists()]
    assert not missing, f"pointers to files that do not exist: {missing}"


def test_the_tour_of_the_layout_matches_the_tree() -> None:
    root = README.parent
    text = README.read_text(encoding="utf-8")
    tour = text[text.index("The tour (") :]
    tour = tour[tour.index("```\n") + 4 : tour.index("\n```", tour.index("```\n") + 4)]
    named: list[str] = []
    parents: list[tuple[int, str]] = []  # (indent, folder) of the enclosing entries
    for line in tour.splitlines():
        entry = line.split()[0]
        indent = len(line) - len(line.lstrip())
        parents = [(i, f) for i, f in parents if i < indent]
        path = "".join(f for _, f in parents) + entry
        if "(not committed)" not in line:  # built by `pacer index`, absent from a fresh clone
            named.append(path)
        if entry.endswith("/"):
            parents.append((indent, entry))
    missing = [p for p in named if not (root / p).exists()]
    assert not missing, f"the README's tour names paths that do not exist: {missing}"
    modules = {
        str(p.relative_to(root))
        for p in (root / "bot").rglob("*.py")
        if p.name != "__init__.py" and "__pycache__" not in p.parts
    }
    # A module is toured by its own line, or by its package's (index/, warning_sign_table/) naming its file.
    untoured = [
        m
        for m in sorted(modules)
        if m not in named and not any(m.startswith(p) and Path(m).name in tour for p in named if p.endswith("/"))
    ]
    assert not untoured, f"modules missing from the README's tour: {untoured}"
