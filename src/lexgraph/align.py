"""Language versions of one declaration: align their paragraphs and say where they differ.

The same declaration in two or three languages is one ELI work with one expression per
language. Its paragraphs are aligned by number where both versions are numbered, and
otherwise by order and shared anchors: the actors, places, dates, meetings, principles
and topics the vocabulary finds (language-neutral IRIs) and the numbers written in
digits. An aligned pair shares its work-level paragraph: both paragraph texts
``eli:realizes`` the same ``{work}/para_{n}``.

>>> a = Version("en", False, (Anchors(1, "We met in Lima.", {"place/lima": "Lima"}),
...                           Anchors(2, "We thank Peru.", {"place/peru": "Peru"})))
>>> b = Version("es", False, (Anchors(1, "Agradecemos al Perú.", {"place/peru": "Perú"}),))
>>> align(a, b)
[(1, None), (2, 1)]
>>> [d.line() for d in compare(a, b, align(a, b))]
['paragraph 1 (en) has no counterpart in es: "We met in Lima."']
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from rdflib import URIRef

from lexgraph.extract import Extraction
from lexgraph.segment import Paragraph

_NUMBER = re.compile(r"(?<![\w.,])\d{2,4}(?![\w])")
ANCHOR_KINDS = ("actor", "place", "date", "principle", "topic", "instrument")
"""The kinds of mention that anchor a paragraph (with meetings and numbers)."""
SHOWN_KINDS = ("actor", "place", "date", "meeting", "instrument", "number")
"""What :func:`compare` reports: the facts that a faithful translation keeps."""

_MIN_MATCH = 0.3  # a pair less similar than this is better left unaligned


@dataclass(frozen=True)
class Anchors:
    """A paragraph of one version and what in it does not depend on the language."""

    number: int
    text: str
    anchors: Mapping[str, str] = field(default_factory=dict)  # anchor -> words as written
    printed: int | None = None  # the number the version prints, where not ``number``


@dataclass(frozen=True)
class Version:
    """One language version of a document, paragraph by paragraph."""

    lang: str
    numbered: bool
    paragraphs: tuple[Anchors, ...]
    label: str = ""


def anchors_of(x: Extraction) -> dict[int, dict[str, str]]:
    """For each paragraph of x: its anchors, each with the words that name it."""
    out: dict[int, dict[str, str]] = {p.number: {} for p in x.paragraphs}
    for m in x.mentions:
        if m.kind in ANCHOR_KINDS and m.body is not None:
            out[m.paragraph].setdefault(f"{m.kind} {m.body}", m.exact)
    for meeting in x.meetings:
        # names differ between languages: a meeting is its type, date and place
        key = " ".join(
            str(v).rsplit("/", 1)[-1]
            for v in (meeting.event_type, meeting.first, meeting.place)
            if v is not None
        )
        out[meeting.paragraph].setdefault(f"meeting {key}", meeting.name)
    for p in x.paragraphs:
        for n in _NUMBER.finditer(p.text):
            out[p.number].setdefault(f"number {n.group()}", n.group())
    return out


def version_of(x: Extraction, numbered: bool, label: str = "") -> Version:
    """The version an extraction is, for alignment."""
    anchors = anchors_of(x)
    return Version(
        x.lang,
        numbered,
        tuple(
            Anchors(
                p.number,
                p.text,
                anchors[p.number],
                p.printed if p.printed != p.number else None,
            )
            for p in x.paragraphs
        ),
        label,
    )


def similarity(a: Anchors, b: Anchors, where: float = 0.0) -> float:
    """How alike two paragraphs of different languages are, from 0 to 1.

    Shared anchors weigh most, then the ratio of their lengths, then ``where``: how far
    apart they stand in their versions (0 same place, 1 opposite ends).
    """
    ka, kb = set(a.anchors), set(b.anchors)
    union = ka | kb
    shared = len(ka & kb) / len(union) if union else 0.5
    la, lb = len(a.text) or 1, len(b.text) or 1
    return 0.6 * shared + 0.25 * min(la, lb) / max(la, lb) + 0.15 * (1.0 - where)


def align(a: Version, b: Version) -> list[tuple[int | None, int | None]]:
    """Pairs of paragraph numbers (a's, b's); None where a paragraph has no counterpart.

    By number when both versions are numbered; otherwise the order-keeping alignment
    that maximises the similarity of the pairs (a pair below 0.3 is left unaligned).
    """
    if a.numbered and b.numbered:
        numbers_a = {p.number for p in a.paragraphs}
        numbers_b = {p.number for p in b.paragraphs}
        return [
            (n if n in numbers_a else None, n if n in numbers_b else None)
            for n in sorted(numbers_a | numbers_b)
        ]
    pa, pb = a.paragraphs, b.paragraphs
    n, m = len(pa), len(pb)
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    move = [[0] * (m + 1) for _ in range(n + 1)]  # 0 pair, 1 skip a, 2 skip b
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            options = []
            if i and j:
                where = abs(i / n - j / m)
                options.append(
                    (score[i - 1][j - 1] + similarity(pa[i - 1], pb[j - 1], where) - _MIN_MATCH, 0)
                )
            if i:
                options.append((score[i - 1][j], 1))
            if j:
                options.append((score[i][j - 1], 2))
            score[i][j], move[i][j] = max(options, key=lambda o: (o[0], -o[1]))
    pairs: list[tuple[int | None, int | None]] = []
    i, j = n, m
    while i or j:
        step = move[i][j]
        if step == 0:
            pairs.append((pa[i - 1].number, pb[j - 1].number))
            i, j = i - 1, j - 1
        elif step == 1:
            pairs.append((pa[i - 1].number, None))
            i -= 1
        else:
            pairs.append((None, pb[j - 1].number))
            j -= 1
    return pairs[::-1]


def agreement(a: Version, b: Version, pairs: Sequence[tuple[int | None, int | None]]) -> float:
    """How likely a and b are versions of one text: the mean similarity over all pairs,
    counting a paragraph left unaligned as 0."""
    by_a = {p.number: p for p in a.paragraphs}
    by_b = {p.number: p for p in b.paragraphs}
    total = [
        similarity(by_a[x], by_b[y]) if x is not None and y is not None else 0.0 for x, y in pairs
    ]
    return sum(total) / len(total) if total else 0.0


def renumber(x: Extraction, numbers: Mapping[int, int]) -> Extraction:
    """x with its paragraphs numbered as the work numbers them (number = position)."""

    def para(p: Paragraph) -> Paragraph:
        n = numbers[p.number]
        return replace(p, number=n, position=n)

    return replace(
        x,
        paragraphs=sorted((para(p) for p in x.paragraphs), key=lambda p: p.number),
        kinds={numbers[k]: v for k, v in x.kinds.items()},
        clauses=[replace(c, paragraph=numbers[c.paragraph]) for c in x.clauses],
        mentions=[replace(m, paragraph=numbers[m.paragraph]) for m in x.mentions],
        meetings=[replace(m, paragraph=numbers[m.paragraph]) for m in x.meetings],
        warnings=list(x.warnings),
    )


def work_numbers(
    pairs: Sequence[tuple[int | None, int | None]], reference_numbers: Sequence[int]
) -> dict[int, int]:
    """How the second version's paragraphs are numbered in the work.

    An aligned paragraph takes its counterpart's number; one without a counterpart takes
    the next number after every number the work already has.
    """
    out: dict[int, int] = {}
    next_number = max(reference_numbers, default=0) + 1
    for x, y in pairs:
        if y is None:
            continue
        if x is not None:
            out[y] = x
        else:
            out[y] = next_number
            next_number += 1
    return out


@dataclass(frozen=True)
class Difference:
    """Something one version says that the other does not."""

    paragraph: int | None  # the paragraph in the version that has it
    kind: str  # paragraph, or an anchor kind: actor, place, date, meeting, number
    present: str  # language that has it
    absent: str  # language that lacks it
    words: str  # as written in the version that has it
    what: str = ""  # the anchor (an IRI or a number), empty for a paragraph
    printed: int | None = None  # the number the version prints, where not ``paragraph``

    def line(self) -> str:
        """The difference as one line of a report. A paragraph is named by its number in
        the work, and by the number the version prints where that differs (a resolution
        numbers only its operative paragraphs)."""
        where = f"paragraph {self.paragraph}"
        if self.printed is not None:
            where += f" (numbered {self.printed} in {self.present})"
        if self.kind == "paragraph":
            return (
                f"{where} ({self.present}) has no counterpart in "
                f'{self.absent}: "{_cut(self.words)}"'
            )
        name = self.what.rsplit("/", 1)[-1] if self.kind != "meeting" else self.what
        return (
            f"{where}: {self.kind} {name} in {self.present} "
            f'("{_cut(self.words)}"), absent from {self.absent}'
        )


def _cut(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 3].rstrip() + "..."


def compare(
    a: Version,
    b: Version,
    pairs: Sequence[tuple[int | None, int | None]],
    kinds: Sequence[str] = SHOWN_KINDS,
) -> list[Difference]:
    """Where two aligned versions differ: paragraphs without a counterpart, and actors,
    places, dates, meetings, instruments and numbers one paragraph of a pair names and the
    other not."""
    by_a = {p.number: p for p in a.paragraphs}
    by_b = {p.number: p for p in b.paragraphs}
    out: list[Difference] = []
    for x, y in pairs:
        if x is None and y is not None:
            p = by_b[y]
            out.append(Difference(y, "paragraph", b.lang, a.lang, p.text, printed=p.printed))
            continue
        if y is None and x is not None:
            p = by_a[x]
            out.append(Difference(x, "paragraph", a.lang, b.lang, p.text, printed=p.printed))
            continue
        assert x is not None and y is not None
        for one, other, number, lang, other_lang in (
            (by_a[x], by_b[y], x, a.lang, b.lang),
            (by_b[y], by_a[x], y, b.lang, a.lang),
        ):
            for anchor in sorted(set(one.anchors) - set(other.anchors)):
                kind, _, what = anchor.partition(" ")
                if kind in kinds:
                    words = one.anchors[anchor]
                    out.append(Difference(number, kind, lang, other_lang, words, what, one.printed))
    return out


def pair_label(iri: URIRef | str) -> str:
    """The last segment of an IRI, for reports."""
    return str(iri).rstrip("/").rsplit("/", 1)[-1]


__all__ = [
    "ANCHOR_KINDS",
    "Anchors",
    "Difference",
    "SHOWN_KINDS",
    "Version",
    "agreement",
    "align",
    "anchors_of",
    "compare",
    "renumber",
    "similarity",
    "version_of",
    "work_numbers",
]
