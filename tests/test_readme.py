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
