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

import functools
import re
from dataclasses import dataclass, field

import yaml

from lexgraph.dates import find_dates
from lexgraph.errors import StructureError
from lexgraph.lang import LANGUAGES, is_preambular_opening, ordinal

_MARKER = re.compile(
    r"""
    ^[ \t]*
    (?:[-+][ \t]+)?          # a list bullet: "- "
    (?:\*\*)?                # bold opened before the number
    (?:(?:Article|Artículo|Articulo|Art\.)[ \t]+)?  # "Article 1.", "Artículo 1.-"
    (?P<paren>\((?=\d{1,3}\)))?  # "(1)"
    (?P<number>\d{1,3})      # the paragraph number
    [.)][-–]?                # "1." or "1)", or "1.-" as Spanish texts print it
    (?:\*\*)?                # bold closed after it: "- 1.**"
    [ \t]+                   # then the text
    """,
    re.VERBOSE,
)

SUBITEM_NUMBER = r"\d{1,3}(?:\.\d{1,3})+[.)]?"
"""A subparagraph's number, its paragraph's first: "1.1", "2.3.1.", "2.1)"."""
_SUBITEM = re.compile(rf"^[ \t]*(?:\*\*)?(?P<number>{SUBITEM_NUMBER})(?:\*\*)?[ \t]+(?=\S)")
"""A subparagraph's number under its paragraph's, opening a line: "1.1 ", "2.3.1. "."""

_TERMINAL = re.compile(r"[.;:!?][)\]»\"'*]*$")
_EMPHASIS = re.compile(r"\*+|</?(?:sup|sub|em|strong|i|b|u|span)(?:\s[^<>]*)?>", re.IGNORECASE)
"""Markdown emphasis, and the inline HTML a converted web page keeps ("9<sup>e</sup>")."""
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
    bullet: bool = False  # a list item opened by a bullet ("- ")
    printed: int | None = None
    """The number the text prints before the paragraph, if it prints one that can be
    trusted; in a resolution that numbers only its operative paragraphs, it differs from
    ``number``, which is then the paragraph's position."""


@dataclass(frozen=True)
class Segmented:
    """A text cut into a title and paragraphs, with what was odd about it."""

    title: str | None
    paragraphs: list[Paragraph]
    warnings: list[str] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)
    """Front matter: YAML header keys, ``source``, a bracketed ``note``, a ``symbol``."""
    numbered: bool = True
    """Whether paragraph numbers are the printed ones (else their positions)."""
    outside: tuple[tuple[int, int], ...] = ()
    """The spans of source outside the paragraphs: the title, front matter, headings and
    closing lines, where what the metadata says was read."""


def normalise(raw: str) -> str:
    """Paragraph text without markdown emphasis, with lines joined and spaces collapsed.

    >>> normalise("axe des politiques, (*sic*) et\\n\\nla xénophobie *(sic)*")
    'axe des politiques, (sic) et la xénophobie (sic)'
    >>> normalise("du\\n9<sup>e</sup> sommet")
    'du 9e sommet'
    """
    return _SPACE.sub(" ", _EMPHASIS.sub("", raw)).strip()


_HYPHEN_BREAK = re.compile(r"(\w+)-[ \t]*\r?\n[ \t]*(\w+)")
_WORD = re.compile(r"\w+(?:-\w+)*")


@functools.lru_cache(maxsize=8)
def _words(text: str) -> frozenset[str]:
    """Every word a text writes on one line, hyphenated ones whole and in parts (lower
    case)."""
    out: set[str] = set()
    for w in _WORD.findall(text):
        out.add(w.lower())
        if "-" in w:
            out.update(w.lower().split("-"))
    return frozenset(out)


def paragraph_text(text: str, start: int, end: int) -> str:
    """The normalised text of a paragraph at text[start:end], a word a line break
    hyphenates ("mi-" / "grant") written whole ("migrant"). The hyphen stays where it is
    the word's own: where the text writes the word with it elsewhere and not without it
    ("vice-ministres"), before a capital ("États-" / "Unis") and between digits ("2010-" /
    "2011").

    >>> text = "Protect mi-\\ngrants, vice-\\nministers and pro-\\ntection; vice-ministers."
    >>> paragraph_text(text, 0, len(text))
    'Protect migrants, vice-ministers and protection; vice-ministers.'
    """
    raw = text[start:end]
    if _HYPHEN_BREAK.search(raw):  # the text's words are gathered only when needed
        words = _words(text)

        def join(m: re.Match[str]) -> str:
            whole, hyphenated = m[1] + m[2], f"{m[1]}-{m[2]}"
            own = hyphenated.lower() in words and whole.lower() not in words
            letters = m[1][-1].isalpha() and m[2][0].isalpha()  # not "2010-" / "2011"
            return hyphenated if own or not letters or m[2][0].isupper() else whole

        raw = _HYPHEN_BREAK.sub(join, raw)
    return normalise(raw)


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
        expected = paragraphs[-1].printed + 1 if paragraphs and paragraphs[-1].printed else 1
        if number != expected:
            warnings.append(
                f"{source}:{line_no}: paragraph number {number} where {expected} was expected"
            )
        # a skipped number ("1.", "3."): the paragraph is numbered by its position, and
        # keeps the number it prints
        paragraphs.append(
            Paragraph(
                position,
                position,
                paragraph_text(text, start, end),
                start,
                end,
                line_no,
                printed=number,
            )
        )
    sequential = [p.printed for p in paragraphs] == list(range(1, len(paragraphs) + 1))
    return Segmented(title, paragraphs, warnings, numbered=sequential)


# --- any text of the genre -------------------------------------------------------------
# segment() above is strict: it reads the numbered texts of data/ for `lexgraph build`.
# segment_documents() reads what real inputs look like (`lexgraph ingest`).

_NOISE = re.compile(
    r"""
    ^[ \t]*(?:
        [-–—]?[ \t]*\d{1,4}[ \t]*[-–—]?        # a page number alone: "12", "- 12 -"
      | (?:page|página|pág\.)[ \t]+\d+(?:[ \t]+(?:of|de|sur)[ \t]+\d+)?   # "Page 3 of 10"
      | [-_*=—–·][-_*=—–· \t]{2,}              # a rule: "------", "————-", "* * *"
      | \d{2}-\d{5}[ \t]*(?:\([A-Z]\))?          # a UN document's job number: "17-22728 (E)"
      | \*\d{7}\*                              # and its bar code's digits: "*1722728*"
      | <!--.*?-->                             # an HTML comment left by a converter
      | \\?\#{1,6}                             # a lone "###" (or "\###")
    )[ \t]*$
    """,
    re.VERBOSE | re.IGNORECASE,
)
PAGE_WIDTH = 200
"""More characters than a printed line holds: a text with a longer line was not broken
as a page is."""
_LONG_TOKEN = re.compile(r"\S{40,}")  # a web address: a page would break the line after it
_COMMENT_META = re.compile(r"^#[ \t]*(?P<key>[a-z][\w-]*):[ \t]*(?P<value>.*)$", re.I)
_SOURCE_LINE = re.compile(r"^(?:source|fuente)[ \t]*:[ \t]*(?P<value>\S.*)$", re.I)
"""A line above the text that says where it was copied from ("Source: https://...",
"Fuente: ..."), as a ``# source:`` comment does."""
_YAML_LINE = re.compile(r"^(?P<key>[A-Za-z_][\w-]*):[ \t]*(?P<value>.*)$")
_BRACKETED = re.compile(
    r"^[ \t]*(?:\[(?P<note>[^\[\]]+)\]|\((?P<parenthesised>[^()]*(?:\([^()]*\)[^()]*)*)\))[ \t]*$"
)
"""A note above the text, in brackets or parentheses: "[Aprobado el 3 de Diciembre de
2011]", "(Adopted at the third plenary session, held on June 14, 2016)"."""
_SYMBOL = re.compile(
    r"^(?:[ \t]*|\S.*?[ \t]{2,})"
    r"(?P<symbol>[A-Z]{1,12}(?:/[A-Za-z0-9.()-]+){1,8}"
    r"|[A-Z]{1,6}/[A-Z]{2,6}\.[ \t]?\d{1,5}(?:[ \t]\([A-Z0-9/-]+\))?)[ \t]*$"
)
"""A document symbol alone on a line, or at the end of a masthead line ("United Nations
A/RES/89/141"), as the United Nations or the Organization of American States write them
("AG/RES. 2883 (XLVI-O/16)")."""
_SERIES = re.compile(r"/Ser\.", re.IGNORECASE)
"""The designation of a series of documents above a symbol ("OEA/Ser.P" over "AG/RES. 1775
(XXXI-O/01)"), which is not the document's own symbol."""
_NUMBERED_TITLE = re.compile(
    r"^(?P<number>\d{1,4}/\d{1,4})\.(?:[ \t]+|(?=[^\W\d_]))(?P<title>\S.*)$"
)
"""A title after the number of its document, as resolutions print it: "89/141. Protection
of migrants"."""
_BULLET = re.compile(
    r"^[^\S\r\n]*(?:[-+•▪◦]|\*(?!\*)|\([a-z]{1,4}\)|[a-z]\)|\(\d{1,3}\))[^\S\r\n]+(?=\S)"
)
"""A list item's mark: a bullet, or a letter or roman numeral, "(a)", "a)", "(iv)"; or a
number in parentheses, "(1)", under a paragraph numbered otherwise ("1.")."""
_ADOPTION_LINE = re.compile(
    r"(?:adopted|approved|adoptad[oa]s?|aprobad[oa]s?|adopt[ée]e?s?|approuv[ée]e?s?)"
    r"\s+(?:by|at|on|in|por|en|el|par|à|au|le|lors)\b",
    re.IGNORECASE,
)
"""A line above the text that says who adopted it, where or when ("Adoptado por el
Coloquio ..., celebrado en Cartagena ...", "Adopted by the General Assembly on ..."): front
matter, as a bracketed "[Aprobado el ...]" is, not a paragraph whose act is to adopt."""
_ENACTING = re.compile(
    r"""\b(?:
        (?:adopts|approves|endorses|proclaims)\s+the\s+following\b
      | (?:aprueba|adopta|hace\s+suy[oa]s?|proclama)
        \s+(?:el|la|los|las)\s+siguientes?\b
      | (?:adopte|approuve|fait\s+sien(?:ne)?s?|proclame)
        \s+(?:le|la|les)\s+(?:\S+\s+){1,4}?suivante?s?\b
    )[^:]*:$""",
    re.IGNORECASE | re.VERBOSE,
)
"""The formula by which a body adopts the text that follows ("The General Assembly Adopts
the following outcome document ...:", "Aprueba la siguiente Declaración:", "Adopte la
déclaration suivante :"): it and what stands above it are front matter, and the heading
below it is the text's title."""
_DONE_AT = re.compile(
    r"(?:fait|faite|hecho|hecha|dado|dada|done|signed|firmad[oa]|suscrit[oa]"
    r"|adopted|approved|adoptad[oa]|aprobad[oa]|adoptée?|approuvée?)"
    r"\s+(?:à|a|en|at|in)\s",
    re.IGNORECASE,
)
"""The line that closes a text with where and when it was done ("Fait à Rabat, le 11
juillet 2006.", "Hecho en la Ciudad de Panamá, el 3 de junio de 2015", "Done at Los
Angeles on 10 June 2022", "Aprobada en Santiago de Chile, el 4 de mayo de 2004"): metadata
``done``, which dates and places the text."""
_HEADING_MARK = re.compile(r"^[ \t]*#{1,6}[ \t]+")
_SECTION_MARK = re.compile(
    r"(?:(?:[IVXL]{1,6}|[A-H])[.)]|(?:chapter|chapitre|cap[íi]tulo|section|secci[óo]n|part|partie"
    r"|parte|objective|objetivo|objectif|annex|anexo|annexe)\s+[\dIVXL]+\s?[.:]?)\s+\S",
    re.IGNORECASE,
)
"""What opens a section's heading: "II. ", "B. ", "Chapter I ", "Capítulo 2", "Objective 1:"."""
_TERMINAL_ANY = re.compile(r"[.;:!?][)\]»\"'”’*]*$")


def _front_matter(body: list[str]) -> dict[str, str] | None:
    r"""The keys and values of a YAML header (the lines between its two "---"), read by
    PyYAML: quoted, escaped and folded values whole (a title whose line ends with "\" goes
    on, in the next line). Every value stays the text it is written as (PyYAML's base
    loader: no dates or numbers made of it, so "2022-13-45" is no error); a list is joined.
    None if it is no mapping.

    >>> _front_matter(['title: "Declaraci\\xF3n de Los\\_\\xC1ngeles"', "date: 2022-06-10"])
    {'title': 'Declaración de Los\xa0Ángeles', 'date': '2022-06-10'}
    >>> _front_matter(['title: "Economic\\_\\', '  Prosperity"', "tags: [a, b]"])
    {'title': 'Economic\xa0Prosperity', 'tags': 'a, b'}
    >>> _front_matter(["date: 2022-13-45"])
    {'date': '2022-13-45'}
    >>> _front_matter(["- a list", "- not a header"]) is None
    True
    """
    try:
        loaded = yaml.load("\n".join(body), Loader=yaml.BaseLoader)  # strings only: safe
    except yaml.YAMLError:
        return None
    if not isinstance(loaded, dict):
        return None
    return {
        str(k).lower(): ", ".join(map(str, v)) if isinstance(v, list) else str(v)
        for k, v in loaded.items()
    }


@dataclass
class _Item:
    """A stretch of lines that may become a paragraph."""

    start: int  # source offset of the text (after any marker)
    end: int
    line: int
    number: int | None  # the printed number, if any
    bullet: bool = False
    heading: bool = False
    masthead: bool = False  # lines above a title: the body or meeting that issues the text
    note: bool = False  # a footnote under a rule: "1 Resolution 217 A (III)."
    paren: bool = False  # numbered in parentheses: "(1)"


@dataclass
class _Doc:
    metadata: dict[str, str] = field(default_factory=dict)
    title: str | None = None
    items: list[_Item] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    lines: list[tuple[int, int]] = field(default_factory=list)  # notes and symbols above


_CLAUSE_END = re.compile(r"[.;:,!?]\d{0,3}$")
"""The punctuation that ends a clause, a footnote's number after it or not ("...,3")."""


def _is_heading(text: str, raw: str, first: bool = False) -> bool:
    """A short line of its own that names a section: "**Promoting ...**", "# Title"; the
    first line of an untitled text may be longer ("Declaración Especial 9: Sobre la
    Protección de Migrantes en la América Latina y el Caribe")."""
    stripped = raw.strip()
    if _HEADING_MARK.match(stripped):
        return True
    if stripped.startswith("**") and stripped.endswith("**") and stripped.count("**") == 2:
        return True
    words = text.split()
    if _CLAUSE_END.search(text):
        return False
    if _SECTION_MARK.match(text):  # "II. Compromisos que se aplican tanto a ...", long
        return len(words) <= 25
    if text.isupper():  # in capitals: "JOINT STATEMENT OF THE MINISTERS OF ... ON MIGRATION"
        return 0 < len(words) <= 30
    longest = 30 if first else 12
    return 0 < len(words) <= longest and text[:1].isupper() and not text.isdigit()


def _above_the_numbers(raw: str) -> bool:
    """Whether a block above the first numbered paragraph is a heading: a few lines, no
    clause's punctuation at the end of any, 20 words at most."""
    lines = [normalise(line) for line in raw.strip().splitlines() if line.strip()]
    words = sum(len(line.split()) for line in lines)
    return 0 < words <= 20 and len(lines) <= 3 and not any(_CLAUSE_END.search(x) for x in lines)


_DATELINE_LIKE = re.compile(r",.*\b(?:1[89]|20)\d\d$")
"""A line that places and dates a text ("Brasilia, 3 de diciembre de 2014"): no title."""


def _only_place_and_date(line: str) -> bool:
    """Whether a line names a place and a date and nothing else: a date that ends it, after
    a few words ("Buenos Aires, 15 de mayo de 2019"; not "Reafirman, una vez más, su
    compromiso con la Agenda 2030")."""
    dates = find_dates(line)
    return (
        bool(dates)
        and dates[-1].end >= len(line.rstrip("."))
        and len(line[: dates[0].start].split()) <= 5
    )


def _title_block(raw: str) -> bool:
    """Whether the first block of a text, on several lines, is its title: a heading's
    line, then lines that no clause's punctuation ends (a subtitle, in quotes or not:
    'DECLARACIÓN DE BRASIL / "Un Marco de Cooperación y Solidaridad Regional ..."'). The
    first line may end with a colon, as a theme above the title does ("Prévention des
    conflits et Sécurité humaine : / Déclaration de Saint-Boniface")."""
    lines = [normalise(line) for line in raw.strip().splitlines() if line.strip()]
    if lines:
        lines[0] = re.sub(r"\s?:$", "", lines[0])
    return (
        len(lines) > 1
        and _is_heading(lines[0], lines[0])
        and not any(re.search(r"[.;:,!?][\"'”»*]*$", line) for line in lines)
        and sum(len(line.split()) for line in lines) <= 45
    )


def _subtitle(line: str, before: list[_Item], after: _Item) -> bool:
    """A line of its own right above paragraph 1, with only headings (the title) before
    it, that no punctuation ends: a subtitle, however long ("Securing Our Citizens' Future
    by Promoting Human Prosperity, Energy Security and Environmental Sustainability")."""
    return (
        after.number == 1
        and all(it.heading for it in before)
        and not _CLAUSE_END.search(line)
        and 0 < len(line.split()) <= 25
        and line[:1].isupper()
    )


def _heading_item(it: _Item, text: str) -> bool:
    """Whether an item is a heading on a line of its own (no number, no bullet)."""
    raw = text[it.start : it.end]
    return (
        it.number is None
        and not it.bullet
        and "\n" not in raw.strip()
        and _is_heading(normalise(raw), raw)
    )


def segment_documents(text: str, source: str = "<text>") -> list[Segmented]:
    """Every document in a text, each cut into its title and paragraphs.

    Copes with front matter (``# source:`` lines, a YAML header, "[Aprobado el ...]", a
    document symbol), numbered or unnumbered paragraphs, bullets, headings, page numbers
    and rules alone on a line, lines broken as in a PDF (unless a line is wider than any
    page: then each line is a paragraph), and several documents in one
    file: a new front matter, or a title followed by a paragraph numbered 1, opens the
    next one. Paragraphs are numbered by their printed numbers when every paragraph has
    one, else by position.

    >>> docs = segment_documents("---\\ntitle: T\\n---\\nWe affirm this\\nand that.\\n\\n12\\n")
    >>> [(d.title, [(p.number, p.text) for p in d.paragraphs]) for d in docs]
    [('T', [(1, 'We affirm this and that.')])]
    """
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    docs: list[_Doc] = [_Doc()]
    unwrapped = _unwrapped_blocks(lines)
    # blocks of lines between blank lines, each cut into items at numbers and bullets
    i = 0
    previous_blank = True
    notes_next = False  # after a rule, where footnotes are printed
    while i < len(lines):
        content = lines[i].rstrip("\r\n")
        doc = docs[-1]
        fresh = not doc.items and doc.title is None
        stripped = content.strip()
        comment = _COMMENT_META.match(stripped)
        if comment and (fresh or not doc.items and not doc.metadata):
            if not fresh:
                docs.append(_Doc())
            docs[-1].metadata[comment["key"].lower()] = comment["value"].strip()
            i += 1
            continue
        cited = _SOURCE_LINE.match(stripped) if fresh else None
        if cited:
            doc.metadata["source"] = cited["value"].strip()
            i += 1
            continue
        if stripped == "---" and (fresh or doc.items):
            closing = next(
                (j for j in range(i + 1, min(len(lines), i + 60)) if lines[j].strip() == "---"),
                None,
            )
            body = [lines[j].rstrip("\r\n") for j in range(i + 1, closing or i + 1)]
            keyed = all(_YAML_LINE.match(b) or not b.strip() or b[:1] in " \t-#" for b in body)
            header = _front_matter(body) if closing is not None and keyed else None
            if closing is not None and header is not None:
                if doc.items:
                    docs.append(_Doc())
                docs[-1].metadata.update(header)
                i = closing + 1
                previous_blank = True
                continue
        if not stripped or _NOISE.match(content):
            notes_next = notes_next or bool(_FOOTNOTE_RULE.match(content))
            previous_blank = True
            i += 1
            continue
        # above the text: nothing yet, or only lines of their own (a title) that no number
        # or bullet opens
        if previous_blank and (
            fresh
            or all(
                it.number is None and not it.bullet and "\n" not in text[it.start : it.end]
                for it in doc.items
            )
        ):
            bracket = _BRACKETED.match(content)
            symbol = _SYMBOL.match(content)
            if bracket or symbol:
                doc.lines.append((offsets[i], offsets[i] + len(content.rstrip())))
            if bracket:
                note = bracket["note"] or bracket["parenthesised"]
                doc.metadata.setdefault("note", normalise(note))
                i += 1
                continue
            if symbol:
                if not _SERIES.search(symbol["symbol"]):  # "OEA/Ser.P": a series, no symbol
                    doc.metadata.setdefault("symbol", symbol["symbol"])
                i += 1
                continue
        start = offsets[i]
        end = start + len(content.rstrip())
        marker = _MARKER.match(content) or _ordinal_marker(content)
        paren = bool(marker and marker.groupdict().get("paren"))
        if paren and any(it.number and not it.paren for it in doc.items):
            marker = None  # "(1)" under "1.": an item of that paragraph, as "(a)" is
        bullet = _BULLET.match(content) if not marker else None
        if not marker and not bullet:
            bullet = _subitem(content, doc.items, text, previous_blank)
        if marker:
            number = int(marker["number"]) if marker["number"] else ordinal(marker["word"])
            assert number is not None
            if number == 1 and doc.items and any(it.number for it in doc.items):
                # a paragraph 1 again: the previous heading, if any, titles a new document
                new = _Doc()
                last = doc.items[-1]
                if _heading_item(last, text):
                    doc.items.pop()
                    new.title = normalise(text[last.start : last.end]).lstrip("# ").strip()
                docs.append(new)
                doc = new
            doc.items.append(_Item(start + marker.end(), end, i + 1, number, paren=paren))
        elif bullet:
            doc.items.append(_Item(start + bullet.end(), end, i + 1, None, bullet=True))
        elif previous_blank or not doc.items or unwrapped[i] or _clause_break(lines, i):
            item = _Item(start + len(content) - len(content.lstrip()), end, i + 1, None)
            item.note = notes_next and bool(_ENDNOTE.match(content))
            doc.items.append(item)
        else:
            doc.items[-1].end = end
        notes_next = notes_next and doc.items[-1].note
        previous_blank = False
        i += 1

    out = []
    for k, doc in enumerate(docs):
        if not doc.items and not doc.metadata:
            continue
        out.append(_finish(doc, text, f"{source}" if len(docs) == 1 else f"{source}#{k + 1}"))
    return out


_ORDINAL = re.compile(
    # an empty "number" group, as _MARKER's, that the ordinal word stands for
    r"^[ \t]*(?:\*\*)?(?P<number>)(?P<word>[^\W\d_]+(?: [^\W\d_]+)?)[.:][-–]?(?:\*\*)?[ \t]+(?=\S)"
)
"""An item numbered by an ordinal word: "Primera. Promover ...", "PRIMERO.- Adoptar ..."."""


def _ordinal_marker(content: str) -> re.Match[str] | None:
    """The ordinal word that numbers an item ("Primera.", "SEGUNDA:"), capitalised."""
    m = _ORDINAL.match(content)
    if m is None or not m["word"][:1].isupper() or ordinal(m["word"]) is None:
        return None
    return m


def _subitem(
    content: str, items: list[_Item], text: str, previous_blank: bool
) -> re.Match[str] | None:
    """The number of a subparagraph ("1.1 Reconocemos ...") under the paragraph numbered
    as its first part, on a line that opens an item (after a blank line or a clause's
    end). Like a lettered item, it belongs to that paragraph, whose number stays the
    document's own; elsewhere ("1.5 million ..." on a broken line) it is text."""
    m = _SUBITEM.match(content)
    numbered = [it for it in items if it.number is not None]
    if m is None or not numbered or numbered[-1].number != int(m["number"].split(".")[0]):
        return None
    if previous_blank or _TERMINAL_ANY.search(text[items[-1].start : items[-1].end]):
        return m
    return None


def _preambular_line(line: str) -> bool:
    """Whether a line opens with a capitalised preambular participle or adjective, in any
    language, before a word in lower case or in capitals itself ("Reaffirming the ...",
    "Rappelant la ...", "RECONOCIENDO QUE ...", not a name: "Fernando Pérez")."""
    words = line.split()
    return (
        len(words) > 1
        and words[0][:1].isupper()
        and (words[1][:1].islower() or words[0].isupper())  # "RECONOCIENDO QUE ..."
        and any(is_preambular_opening(line.strip(), lang) for lang in LANGUAGES)
    )


def _clause_break(lines: list[str], i: int) -> bool:
    """Whether line i opens a paragraph in a block with no blank line between paragraphs,
    as a resolution copied from a PDF gives it: a preambular clause after a line that ends
    as a clause does ("...of the United Nations,\nReaffirming ..."), the body that speaks
    on a line of its own before one ("The Human Rights Council,"), or a title after its
    document's number ("36/5. Unaccompanied migrant children ...")."""
    line = lines[i].strip()
    before = lines[i - 1].strip() if i else ""
    if not before:
        return False
    if _NUMBERED_TITLE.match(line):
        return True
    if _preambular_line(line) and re.search(r"[,;:]$", before):
        return True
    following = lines[i + 1].strip() if i + 1 < len(lines) else ""
    words = line.rstrip(",").split()
    speaking = line.endswith(",") and 2 <= len(words) <= 10 and line[:1].isupper()
    return speaking and (_preambular_line(following) or bool(_MARKER.match(following)))


def _unwrapped_blocks(lines: list[str]) -> list[bool]:
    """For each line, whether its block (the lines between blank lines) holds a line wider
    than any page, not counting web addresses: such a block was not broken into lines as a
    page is, and each of its line breaks ends a paragraph (a web page's text, one
    paragraph a line)."""
    out = [False] * len(lines)
    start = 0
    for end in range(len(lines) + 1):
        if end == len(lines) or not lines[end].strip():
            wide = any(
                len(_LONG_TOKEN.sub("", line.strip())) > PAGE_WIDTH
                and not _COMMENT_META.match(line.strip())
                for line in lines[start:end]
            )
            out[start:end] = [wide] * (end - start)
            start = end + 1
    return out


def _numbered_title(items: list[_Item], text: str) -> tuple[int, re.Match[str]] | None:
    """Where a title after its document's number stands above the text, and its parts.
    Only above the text: the search ends at the first item that is numbered, bulleted, or
    ends as a sentence or a clause does ("The General Assembly,")."""
    for at, it in enumerate(items):
        line = normalise(text[it.start : it.end])
        m = _NUMBERED_TITLE.match(line)
        if m and it.number is None and not it.bullet:
            return at, m
        if it.number is not None or it.bullet or re.search(r"[,.;:!?]$", line):
            return None
    return None


def _speaking_body(items: list[_Item], text: str) -> int | None:
    """Where the body that adopts a resolution is named on a line of its own above it,
    after a masthead ("L'ASSEMBLÉE GÉNÉRALE,", "Le Conseil des droits de l'homme,"): a line
    of 2 to 10 words that ends with a comma, with no number, bullet or clause before it."""
    for at, it in enumerate(items[:12]):
        line = normalise(text[it.start : it.end])
        if it.number is not None or it.bullet:
            return None
        if "\n" not in text[it.start : it.end].strip() and line.endswith(","):
            return at if at and 2 <= len(line.split()) <= 10 and line[:1].isupper() else None
        if _CLAUSE_END.search(line) and not _BRACKETED.match(line):
            return None
    return None


def _title_like(line: str) -> bool:
    """Whether a line of a masthead may be the text's title: more than one word, and
    neither a date nor a field ("5 juin 2001", "Original: espagnol", "Distr. générale")."""
    return (
        len(line.split()) > 1
        and not find_dates(line)
        and not _SYMBOL.match(line)
        and not (re.match(r"^[\w.]+\s?:\s", line) and len(line.split()) <= 3)
        and not re.match(r"^Distr\.", line, re.IGNORECASE)
    )


def _enacting_formula(items: list[_Item], text: str) -> int | None:
    """Where the formula adopting the text that follows stands above it ("The General
    Assembly / Adopts the following outcome document ...:"), if it does. Only above the
    text: nothing before it numbered, bulleted, or a clause of a preamble (a line ending
    as one does: "Recalling its resolutions,"), and the title of the adopted text after it
    (where items follow instead, "Adopts the following conclusions: (a) ...", the formula
    is the text's own chapeau)."""
    for at, it in enumerate(items[:-1]):
        if it.number is not None or it.bullet:
            return None
        line = normalise(text[it.start : it.end])
        if _ENACTING.search(line):
            return at if _heading_item(items[at + 1], text) else None
        if re.search(r"[,;]$", line) and len(line.split()) > 4:
            return None
    return None


_ENDNOTE = re.compile(r"^[ \t]*(?P<number>\d{1,3})[ \t]+\S")
"""A footnote, at the end of a text or under a rule between pages: its number, without a
period (a paragraph's number has one), then its text ("1 Voir la résolution A/RES/71/1")."""
_FOOTNOTE_RULE = re.compile(r"^[ \t]*[_—–-]{5,}[ \t]*$")
"""The rule above a page's footnotes: "_______________"."""


def _without_endnotes(items: list[_Item], text: str, metadata: dict[str, str]) -> list[_Item]:
    """items without the notes that end a text, numbered 1, 2 ... without a period (a
    paragraph's number has one); they go to metadata["notes"]."""
    k, numbers = len(items), list[int]()
    while k > 1:
        it = items[k - 1]
        line = text[it.start : it.end]
        note = _ENDNOTE.match(line)
        if note is None or it.number is not None or it.bullet:
            break
        if any(d.start == 0 for d in find_dates(line)):
            break  # "21 de diciembre de 2016": a closing line's date
        numbers.insert(0, int(note["number"]))
        k -= 1
    if not numbers or numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        return items
    _add_notes(items[k:], text, metadata)
    return items[:k]


def _add_notes(notes: list[_Item], text: str, metadata: dict[str, str]) -> None:
    """Add the lines of notes to metadata["notes"], one note a line."""
    if not notes:
        return
    rows = [row for it in notes for row in text[it.start : it.end].splitlines()]
    lines = [metadata.get("notes", "")] + [normalise(row) for row in rows if row.strip()]
    metadata["notes"] = "\n".join(line for line in lines if line)


def _without_closing(items: list[_Item], text: str, metadata: dict[str, str]) -> list[_Item]:
    """items without the lines that close a document: "Fait à Rabat, le 11 juillet 2006."
    (metadata["done"]) and the short lines after it (signatures); and after the last
    numbered paragraph, short lines without a sentence's end ("53rd plenary meeting / 19
    December 2034"). Those go to metadata["closing"]. A numbered paragraph cut off ("6.
    Expresan su rechazo a") is the text's own and stays."""
    for k in range(len(items) - 1, 0, -1):
        it = items[k]
        line = normalise(text[it.start : it.end])
        if it.number is None and not it.bullet and _DONE_AT.match(line):
            if len(line.split()) <= 25:
                after = [
                    normalise(row)
                    for i in items[k + 1 :]
                    for row in text[i.start : i.end].splitlines()
                    if row.strip()
                ]
                if all(len(a.split()) <= 12 and not a.endswith(".") for a in after):
                    metadata.setdefault("done", line)
                    if after:
                        metadata.setdefault("closing", "\n".join(after))
                    return items[:k]
            break
        if k < len(items) - 6:
            break  # a signature block is a few lines
    last = max((k for k, it in enumerate(items) if it.number is not None), default=None)
    if last is None:
        # an unnumbered text: its last line, if it only places and dates it ("Buenos
        # Aires, 15 de mayo de 2019")
        line = normalise(text[items[-1].start : items[-1].end]) if len(items) > 1 else ""
        if _DATELINE_LIKE.search(line) and _only_place_and_date(line):
            metadata.setdefault("closing", line)
            return items[:-1]
        return items
    tail = items[last + 1 :]
    closing = [normalise(text[it.start : it.end]) for it in tail]
    if not tail or any(
        it.bullet or _TERMINAL_ANY.search(line) or len(line.split()) > 12
        for it, line in zip(tail, closing, strict=True)
    ):
        return items
    metadata.setdefault("closing", "\n".join(closing))
    return items[: last + 1]


def _finish(doc: _Doc, text: str, source: str) -> Segmented:
    """Tell headings and title from paragraphs, join broken ones, and number them."""
    # the footnotes printed under a rule between pages: not text
    _add_notes([it for it in doc.items if it.note], text, doc.metadata)
    items = [it for it in doc.items if not it.note]
    front: list[str] = []  # the lines above the first paragraph other than the title
    numbered_title = _numbered_title(items, text)
    if numbered_title is not None:
        # "89/141. Protection of migrants": the title, and whatever is above it (a
        # masthead, a session, an agenda item, "Resolution adopted by ...") front matter
        at, m = numbered_title
        front = [normalise(text[it.start : it.end]) for it in items[:at]]
        doc.metadata.setdefault("number", m["number"])
        doc.title = doc.title or normalise(m["title"])
        items = items[at + 1 :]
    enacting = _enacting_formula(items, text)
    if enacting is not None:
        front += [normalise(text[it.start : it.end]) for it in items[: enacting + 1]]
        items = items[enacting + 1 :]
    items = _without_closing(_without_endnotes(items, text, doc.metadata), text, doc.metadata)
    titled = bool(doc.title or doc.metadata.get("title"))
    # above the first numbered paragraph, short blocks that no clause's punctuation ends
    # are a masthead, a title and a dateline ("Grupo de Río / Declaración de la XII Cumbre /
    # 4-5 de septiembre de 1998 / "Declaración de Panamá" / 1) Nosotros, ...")
    first_numbered = next((k for k, it in enumerate(items) if it.number is not None), 0)
    masthead = next(
        (
            k
            for k, it in enumerate(items[:first_numbered])
            if it.number is not None or it.bullet or not _above_the_numbers(text[it.start : it.end])
        ),
        first_numbered,
    )  # the run of such blocks that opens the text: not "DECLARAN" alone after a chapeau
    # above the body that speaks ("L'ASSEMBLÉE GÉNÉRALE,"): a masthead, the title, a note
    body_at = _speaking_body(items, text) or 0
    for n, it in enumerate(items):
        raw = text[it.start : it.end]
        plain = it.number is None and not it.bullet
        if n < body_at or n < masthead:
            it.heading = True
        elif n == 0 and plain and not titled and len(items) > 1 and _title_block(raw):
            # 'DECLARACIÓN DE BRASIL / "Un Marco de Cooperación ..."'; a masthead if a
            # title follows ("REGIONAL CONFERENCE ON MIGRATION / XXIII Vice-Ministerial
            # Meeting", then "Declaration")
            it.heading = True
            second = normalise(text[items[1].start : items[1].end])
            it.masthead = (
                len(items) > 2
                and _heading_item(items[1], text)
                and not _DATELINE_LIKE.search(second)
            )
        elif plain and "\n" not in raw.strip():
            later = items[n + 1 :]
            line = normalise(raw)
            it.heading = bool(later) and (
                _is_heading(line, raw, first=n == 0 and not titled)
                or _subtitle(line, items[:n], later[0])
            )
        elif plain:
            stripped = raw.strip()
            it.heading = (
                stripped.startswith("**")
                and stripped.endswith("**")
                and bool(items[n + 1 :])
                and stripped.count("**") == 2
            )
    title = doc.metadata.get("title")
    title = normalise(title) if title else doc.title
    # of the lines above the body that speaks, the title is the first that may be one
    # (not "RÉSOLUTION", a date, or "Original: espagnol")
    titles = [
        n
        for n, it in enumerate(items[:body_at])
        if it.heading and _title_like(normalise(text[it.start : it.end]))
    ]
    kept: list[_Item] = []
    for n, it in enumerate(items):
        if it.heading:
            line = normalise(text[it.start : it.end]).lstrip("# ").strip()
            bracket = _BRACKETED.match(line) if n < body_at else None
            if bracket:  # a note in parentheses on several lines
                note = bracket["note"] or bracket["parenthesised"]
                doc.metadata.setdefault("note", normalise(note))
            elif it.masthead or (titles and n < body_at and n != titles[0]):
                front.append(line)
            elif title is None and not kept:
                title = line
            elif not kept:
                front.append(line)
            continue
        body = normalise(text[it.start : it.end])
        if not kept and it.number is None and not it.bullet and _ADOPTION_LINE.match(body):
            front.append(body)
            continue
        if kept and it.bullet and any(k.number is not None for k in kept):
            # an item of a numbered paragraph's list ("2. We commit to: (a) ...; (b) ...")
            # belongs to that paragraph, so that the numbers stay the document's own
            kept[-1].end = it.end
            continue
        if kept and it.number is None and not it.bullet:
            before = normalise(text[kept[-1].start : kept[-1].end])
            continuing = not _TERMINAL_ANY.search(before) and body[:1].islower()
            if continuing or (kept[-1].number is not None and body[:1].islower()):
                kept[-1].end = it.end
                continue
        kept.append(it)
    if front:
        doc.metadata.setdefault("front", "\n".join(front))
        above = doc.items[: doc.items.index(kept[0])] if kept else doc.items
        symbols = (
            m["symbol"]
            for it in above
            for m in map(_SYMBOL.match, text[it.start : it.end].splitlines())
            if m and not _SERIES.search(m["symbol"])
        )
        symbol = next(symbols, None)  # in a masthead: "Naciones Unidas / A/RES/71/237"
        if symbol:
            doc.metadata.setdefault("symbol", symbol)
    if not kept:
        raise StructureError(f"{source}: no recognisable paragraphs")
    numbered = all(it.number is not None for it in kept)
    # where only some paragraphs are numbered (a resolution's operative ones), their
    # numbers are still the document's own if they run 1, 2, 3 ...
    printed = [it.number for it in kept if it.number is not None]
    trusted = printed == list(range(1, len(printed) + 1))
    warnings = list(doc.warnings)
    paragraphs: list[Paragraph] = []
    seen: set[int] = set()
    previous = 0
    for position, it in enumerate(kept, start=1):
        if numbered and it.number is not None:
            if it.number in seen:
                return _finish_by_position(doc, text, source, kept, title, warnings)
            seen.add(it.number)
            if it.number != previous + 1:
                warnings.append(
                    f"{source}:{it.line}: paragraph number {it.number} where {previous + 1} "
                    "was expected"
                )
            previous = it.number
        # the work numbers its paragraphs by position; a printed number that differs (a
        # skipped one, "1.", "17.") is the paragraph's printed number
        paragraphs.append(
            Paragraph(
                position,
                position,
                paragraph_text(text, it.start, it.end),
                it.start,
                it.end,
                it.line,
                it.bullet,
                it.number if numbered or trusted else None,
            )
        )
    return _done(doc, source, title, paragraphs, warnings, numbered and trusted)


def _finish_by_position(
    doc: _Doc, text: str, source: str, kept: list[_Item], title: str | None, warnings: list[str]
) -> Segmented:
    warnings.append(f"{source}: paragraph numbers repeat; paragraphs numbered by position")
    paragraphs = [
        Paragraph(
            n, n, paragraph_text(text, it.start, it.end), it.start, it.end, it.line, it.bullet
        )
        for n, it in enumerate(kept, start=1)
    ]
    return _done(doc, source, title, paragraphs, warnings, False)


def _done(
    doc: _Doc,
    source: str,
    title: str | None,
    paragraphs: list[Paragraph],
    warnings: list[str],
    numbered: bool,
) -> Segmented:
    last = paragraphs[-1]
    if not _TERMINAL_ANY.search(last.text):
        warnings.append(
            f"{source}:{last.line}: paragraph {last.number} ends mid-sentence "
            f"({last.text[-30:]!r}): the text may be cut off"
        )
    spans = [(p.source_start, p.source_end) for p in paragraphs]
    outside = doc.lines + [
        (it.start, it.end)
        for it in doc.items
        if not any(start < it.end and it.start < end for start, end in spans)
    ]
    return Segmented(
        title, paragraphs, warnings, dict(doc.metadata), numbered, tuple(sorted(outside))
    )


__all__ = [
    "SUBITEM_NUMBER",
    "Paragraph",
    "Segmented",
    "normalise",
    "segment",
    "segment_documents",
]
