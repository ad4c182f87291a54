"""An `Answer` laid out as Markdown: the terminal's face, and the JSON contract's `answer`.

`first_screen` is what a member needs first (the warning, the short answer, how sure and why, who was studied,
a next step, the sources); `full` adds the evidence with its numbers, each study's certainty and the caveat.
"""

from __future__ import annotations

from bot.core.answer import Answer, Citation

NEAREST = "Nearest topics I do cover: {topics}."


def short_source(c: Citation) -> str:
    """ "[2] Rathleff MS et al. (2014), Br J Sports Med. https://doi.org/...": a source in one short line."""
    end = f", {c.journal}." if c.journal else ("" if c.short_name[-1:] in ".?!" else ".")
    return f"[{c.n}] {c.short_name}{end}" + (f" {c.link}" if c.link else "")


def _decline(answer: Answer) -> list[str]:
    parts = answer.parts
    lines = [parts.warning] if parts.warning else []
    lines.append(parts.decline)
    if answer.nearest_topics:
        lines.append(NEAREST.format(topics="; ".join(answer.nearest_topics)))
    return lines


def _first(answer: Answer) -> list[str]:
    """The first screen's sections, before the sources: the warning, short answer, how sure, who, next step."""
    parts = answer.parts
    sections = [parts.warning] if parts.warning else []
    sections.append(f"**Short answer:** {parts.short}")
    sections.append(f"**How sure:** {parts.sure}")
    sections.append(f"**Who was studied:** {' '.join(filter(None, [parts.who, parts.fit]))}")
    if parts.next_step:
        sections.append(f"**Next step:** {parts.next_step}")
    return sections


def first_screen(answer: Answer) -> str:
    """The short first part: what `pacer ask` prints unless asked for `--full`."""
    if answer.outcome == "decline":
        sections = _decline(answer)
    else:
        sources = "\n".join(short_source(c) for c in answer.citations)
        sections = [*_first(answer), f"**Sources:**\n{sources}"]
    return "\n\n".join([*sections, f"_{answer.parts.disclaimer}_"])


def full(answer: Answer) -> str:
    """Everything: the first screen's parts, then the evidence with its numbers, each source's certainty and
    design, where they disagree, the caveat and the full references."""
    parts = answer.parts
    if answer.outcome == "decline":
        return "\n\n".join([*_decline(answer), f"_{parts.disclaimer}_"])
    sections = _first(answer)
    sections.append(f"**The evidence:** {parts.evidence}")
    sections.append("**How sure we can be, source by source:**\n" + "\n".join(parts.studies))
    if parts.disagreement:
        sections.append(f"**Where they disagree:** {parts.disagreement}")
    sections += [
        f"**The caveat that matters:** {parts.caveat}",
        "**Sources:**\n" + "\n".join(parts.sources),
        f"_{parts.disclaimer}_",
    ]
    return "\n\n".join(sections)
