"""Cut a source text into its title and numbered paragraphs, with offsets.

The first stage of the pipeline. It copes with what declarations look like once they
have been through a word processor and a markdown converter: list markers written as
``1.``, ``1)`` or ``- 1.**``, stray ``*``, and paragraphs broken over blank lines. Each
paragraph keeps the span of the source it was normalised from.

>>> doc = segment("Title\\n\\n- 1.** Les chefs,\\n2. Se félicitent de la\\n\\nréunion ;\\n")
>>> doc.title
'Title'
>>> [(p.number, p.text) for p in doc.paragraphs]
[(1, 'Les chefs,'), (2, 'Se félicitent de la réunion ;')]
>>> src = "Title\\n\\n- 1.** Les chefs,\\n2. Se félicitent de la\\n\\nréunion ;\\n"
>>> p = doc.paragraphs[1]; src[p.source_start:p.source_end]
'Se félicitent de la\\n\\nréunion ;'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lexgraph.errors import StructureError

_MARKER = re.compile(
    r"""
    ^[ \t]*
    (?:[-+][ \t]+)?          # a list bullet: "- "
    (?:\*\*)?                # bold opened before the number
    (?P<number>\d{1,3})      # the paragraph number
    [.)]                     # "1." or "1)"
    (?:\*\*)?                # bold closed after it: "- 1.**"
    [ \t]+                   # then the text
    """,
    re.VERBOSE,
)

_TERMINAL = re.compile(r"[.;:!?][)\]»\"'*]*$")
_EMPHASIS = re.compile(r"\*+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Paragraph:
    """A numbered paragraph: its normalised text and the span of source it came from."""

    number: int
    position: int
    text: str
    source_start: int
    source_end: int
    line: int


@dataclass(frozen=True)
class Segmented:
    """A text cut into a title and paragraphs, with what was odd about it."""

    title: str | None
    paragraphs: list[Paragraph]
    warnings: list[str] = field(default_factory=list)


def normalise(raw: str) -> str:
    """Paragraph text without markdown emphasis, with lines joined and spaces collapsed.

    >>> normalise("axe des politiques, (*sic*) et\\n\\nla xénophobie *(sic)*")
    'axe des politiques, (sic) et la xénophobie (sic)'
    """
    return _SPACE.sub(" ", _EMPHASIS.sub("", raw)).strip()


def segment(text: str, source: str = "<text>") -> Segmented:
    """Title and numbered paragraphs of a text; StructureError where it cannot be trusted."""
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))

    title: str | None = None
    spans: list[tuple[int, int, int, int]] = []  # number, start, end, line
    blank_before = False
    for i, line in enumerate(lines):
        content = line.rstrip("\r\n")
        if not content.strip():
            blank_before = True
            continue
        start = offsets[i]
        end = start + len(content.rstrip())
        marker = _MARKER.match(content)
        if marker:
            spans.append((int(marker["number"]), start + marker.end(), end, i + 1))
        elif spans:
            _, p_start, p_end, p_line = spans[-1]
            previous = normalise(text[p_start:p_end])
            first = content.strip().lstrip("*")
            if blank_before and _TERMINAL.search(previous) and first[:1].isupper():
                raise StructureError(
                    f"{source}:{i + 1}: unnumbered paragraph after paragraph {spans[-1][0]}"
                )
            spans[-1] = (spans[-1][0], p_start, end, p_line)
        elif title is None:
            title = normalise(content.lstrip("# \t"))
        blank_before = False

    if not spans:
        raise StructureError(f"{source}: no numbered paragraphs (expected '1.', '1)' or '- 1.**')")

    warnings: list[str] = []
    seen: dict[int, int] = {}
    paragraphs: list[Paragraph] = []
    for position, (number, start, end, line_no) in enumerate(spans, start=1):
        if number in seen:
            raise StructureError(
                f"{source}:{line_no}: duplicate paragraph number {number} "
                f"(first at line {seen[number]})"
            )
        seen[number] = line_no
        expected = paragraphs[-1].number + 1 if paragraphs else 1
        if number != expected:
            warnings.append(
                f"{source}:{line_no}: paragraph number {number} where {expected} was expected"
            )
        paragraphs.append(
            Paragraph(number, position, normalise(text[start:end]), start, end, line_no)
        )
    return Segmented(title, paragraphs, warnings)


__all__ = ["Paragraph", "Segmented", "normalise", "segment"]
