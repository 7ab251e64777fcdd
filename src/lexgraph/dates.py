"""Find and parse date expressions in French, Spanish and English legal and diplomatic text.

A date expression names whole days and a year: one day ("3 décembre 2011", "December 3, 2011"),
a list or range of days in one month ("les 27 et 28 juin 2011", "June 27-28, 2011") or a range
across months and years ("du 30 décembre 2010 au 2 janvier 2011"). Each is returned as a
:class:`DateMatch` with its span in the text and its first and last day; a list of days is read
as the period from its first to its last day.

The words each language uses (month names, "and", "to", the glue between day, month and year)
are data, in :data:`DATE_WORDS`; the patterns are built from that table. Accents are optional
(in precomposed or decomposed form) and case is ignored, so "decembre", "Février", "aout" and
"setiembre" all match.

>>> for m in find_dates("réunis le 3 décembre 2011 ; tenue les 27 et 28 juin 2011 à Lima"):
...     print(repr(m.exact), m.first, m.last)
'3 décembre 2011' 2011-12-03 2011-12-03
'27 et 28 juin 2011' 2011-06-27 2011-06-28

Not matched: a month and year alone ("décembre 2011"), days without a year ("le 3 décembre"),
numeric dates ("03/12/2011"), numbers in words ("le premier janvier"), abbreviated months
("3 Dec. 2011"), and expressions naming a day that does not exist ("31 juin 2011") or a range
that runs backwards ("du 28 au 27 juin 2011").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache


@dataclass(frozen=True)
class DateMatch:
    """A date expression found in a text: its span and the days it names."""

    start: int
    """0-based code-point offset of the first character, inclusive."""
    end: int
    """Offset just after the last character, exclusive."""
    exact: str
    """The matched text, ``text[start:end]``."""
    first: date
    """The first day named."""
    last: date
    """The last day named; equal to :attr:`first` for a single day."""


@dataclass(frozen=True)
class DateWords:
    """How one language writes a date: month names and the words around the numbers.

    Every field but ``months`` is a regular-expression fragment (``re.VERBOSE``, so a space
    is written ``\\s``); non-ASCII letters in any field are matched with or without their
    accent (see :func:`_fold`).
    """

    months: tuple[tuple[str, ...], ...]
    """Twelve entries, January first; each lists the names of that month."""
    ordinal: str
    """What may follow a day number: "1er", "1º", "1st"."""
    day_month: str
    """Between the day and the month, spaces included."""
    month_year: str
    """Between the month and the year, spaces included."""
    and_words: tuple[str, ...]
    """Words joining the days of a list: "27 et 28"."""
    range_words: tuple[str, ...]
    """Words joining the ends of a range: "27 au 29", "27 juin au 2 juillet"."""
    lead_in: tuple[str, ...]
    """Words that may precede an expression and stay outside its span (for :func:`parse_date`)."""
    month_first: bool = False
    """Whether the month may come before the day: "December 3, 2011"."""


DATE_WORDS: dict[str, DateWords] = {
    "fr": DateWords(
        months=(
            ("janvier",),
            ("février",),
            ("mars",),
            ("avril",),
            ("mai",),
            ("juin",),
            ("juillet",),
            ("août",),
            ("septembre",),
            ("octobre",),
            ("novembre",),
            ("décembre",),
        ),
        ordinal=r"er|ᵉʳ",
        day_month=r"\s+",
        month_year=r"\s+",
        and_words=("et",),
        range_words=("au", r"jusqu['’]\s?au"),
        lead_in=("le", "les", "du", "entre", "depuis"),
    ),
    "es": DateWords(
        months=(
            ("enero",),
            ("febrero",),
            ("marzo",),
            ("abril",),
            ("mayo",),
            ("junio",),
            ("julio",),
            ("agosto",),
            ("septiembre", "setiembre"),
            ("octubre",),
            ("noviembre",),
            ("diciembre",),
        ),
        ordinal=r"\.?[º°ª]|o",
        # "3 de junio", "3 días del mes de junio", "3 junio"
        day_month=r"\s+(?:(?:días?\s+del\s+mes\s+)?de\s+)?",
        # "junio de 2011", "junio del año 2011", "junio 2011"
        month_year=r",?\s+(?:del?\s+(?:año\s+)?)?",
        and_words=("y",),
        range_words=("al", "a", r"hasta(?:\s+el)?"),
        lead_in=("el", "los", "días", "del", "entre", "desde"),
    ),
    "en": DateWords(
        months=(
            ("January",),
            ("February",),
            ("March",),
            ("April",),
            ("May",),
            ("June",),
            ("July",),
            ("August",),
            ("September",),
            ("October",),
            ("November",),
            ("December",),
        ),
        ordinal=r"st|nd|rd|th",
        # "3 June", "3rd of June", "3rd day of June"
        day_month=r"\s+(?:(?:day\s+)?of\s+)?",
        month_year=r",?\s+",
        and_words=("and",),
        range_words=("to", "until", "through"),
        lead_in=("on", "the", "from", "between"),
        month_first=True,
    ),
}
"""The words of dates in each language, by two-letter code; the only place they are listed."""

_DASH = r"[-‐‑‒–—]"
"""Hyphen, non-breaking hyphen, figure dash, en dash, em dash."""

_START = r"(?<!\w)(?<!\d[.,/-])"
"""A day starts a word and is not the tail of a number ("10.7", "3/4")."""


def _key(word: str) -> str:
    """A month name without accents, case-folded, to look it up.

    >>> _key("Février"), _key("AOÛT"), _key("de\\u0301cembre")
    ('fevrier', 'aout', 'decembre')
    """
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _fold(fragment: str) -> str:
    """A regular-expression fragment whose accented letters also match without their accent.

    A decomposed accent (the letter, then a combining mark) matches too. Regex syntax is
    ASCII, so only letters are touched.

    >>> print(_fold("août"))
    ao(?:û|u[\\u0300-\\u036f]?)t
    >>> re.fullmatch(_fold("décembre"), "decembre") is not None
    True
    """
    out = []
    for char in fragment:
        base = unicodedata.normalize("NFD", char)[0]
        if base != char and base.isascii() and base.isalpha():
            out.append(f"(?:{char}|{base}[\\u0300-\\u036f]?)")
        else:
            out.append(char)
    return "".join(out)


def _either(fragments: Iterable[str]) -> str:
    """One alternation of fragments, longest first so that no prefix hides a longer word."""
    return "|".join(_fold(f) for f in sorted(fragments, key=lambda f: (-len(f), f)))


@cache
def _month_numbers(lang: str) -> dict[str, int]:
    """Month number by :func:`_key` of each of its names in lang."""
    return {
        _key(name): number
        for number, names in enumerate(DATE_WORDS[lang].months, start=1)
        for name in names
    }


@cache
def _patterns(lang: str) -> tuple[re.Pattern[str], ...]:
    """The patterns of date expressions in lang, built from :data:`DATE_WORDS`.

    Each has the groups d1 (the days before the first month), m1, y1 (optional), then, for a
    range or list across months, d2 and m2 (both optional), and always y, the last year.
    """
    words = DATE_WORDS[lang]
    month = rf"(?:{_either(n for names in words.months for n in names)})(?!\w)"
    day = rf"[0-3]?\d(?!\d)(?:{_fold(words.ordinal)})?"
    year = r"[12]\d{3}(?!\w)"
    and_ = _either(words.and_words)
    to = _either(words.range_words)
    # days of one month: "3", "27-28", "27 et 28", "27, 28 y 29", "27 to 29", "1st, 2nd, and 3rd"
    days = rf"""
        {day}
        (?:
            (?: \s*{_DASH}\s*                   # 27-28
              | \s*,\s*(?:(?:{and_})\s+)?       # 27, 28 | 28, and 29
              | \s+(?:{and_}|{to})\s+           # 27 et 28 | 27 au 29
            )
            {day}
        ){{0,6}}
    """

    def joint(month_year: str) -> str:
        """Between the two parts of a range or list across months."""
        return rf"""
            (?: (?: {month_year} (?P<y1>{year}) )?            # a range may repeat the year:
                (?: \s*{_DASH}\s* | ,?\s+(?:{to})\s+ )       # "30 décembre 2010 au"
              | ,?\s+(?:{and_})\s+                           # a list shares it: "30 juin et"
            )
        """

    month_year = _fold(words.month_year)
    comma_year = r",?\s+"  # month first: "June 30, 2010"
    day_month = _fold(words.day_month)
    day_first = rf"""
        {_START}
        (?P<d1>{days}) {day_month} (?P<m1>{month})            # 27 et 28 juin | 30 décembre
        (?: {joint(month_year)}
            (?P<d2>{days}) {day_month} (?P<m2>{month})        # au 2 janvier
        )?
        {month_year} (?P<y>{year})                            # 2011
    """
    patterns = [day_first]
    if words.month_first:
        patterns.append(
            rf"""
            (?<!\w)
            (?P<m1>{month}) \s+ (?P<d1>{days})                # June 27-28 | June 30
            (?: {joint(comma_year)}
                (?P<m2>{month}) \s+ (?P<d2>{days})            # to July 2
            )?
            {comma_year} (?P<y>{year})                        # , 2011
            """
        )
    return tuple(re.compile(p, re.VERBOSE | re.IGNORECASE) for p in patterns)


def _days(match: re.Match[str], lang: str) -> tuple[date, date] | None:
    """The first and last day a match names, or None if a day does not exist or runs back."""
    months = _month_numbers(lang)
    m1 = months[_key(match["m1"])]
    days1 = [int(d) for d in re.findall(r"\d+", match["d1"])]
    year = int(match["y"])
    if match["m2"] is None:
        m2, days2 = m1, []
        y1 = year
    else:
        m2 = months[_key(match["m2"])]
        days2 = [int(d) for d in re.findall(r"\d+", match["d2"])]
        # "du 30 décembre au 2 janvier 2011": the first part is in the year before
        y1 = int(match["y1"]) if match["y1"] else year - 1 if m1 > m2 else year
    try:
        named = [date(y1, m1, d) for d in days1] + [date(year, m2, d) for d in days2]
    except ValueError:  # "31 juin", "30 février"
        return None
    if any(later < earlier for earlier, later in zip(named, named[1:], strict=False)):
        return None
    return named[0], named[-1]


def _languages(lang: str | None) -> tuple[str, ...]:
    """The language codes to try: lang, or all of :data:`DATE_WORDS` when None."""
    if lang is None:
        return tuple(DATE_WORDS)
    if lang not in DATE_WORDS:
        raise ValueError(f"Unknown language for dates: {lang!r} (expected one of fr, es, en)")
    return (lang,)


def find_dates(text: str, lang: str | None = None) -> list[DateMatch]:
    """All date expressions in text, in order, non-overlapping (longest wins).

    lang is "fr", "es" or "en"; None tries all three. Articles and prepositions before an
    expression ("le", "les", "el", "los días", "du", "del", "the", "from") are not part of its
    span. An expression that names a day that does not exist, or a range that runs backwards,
    is skipped as a whole: no shorter expression inside it is reported.

    >>> def show(text, lang=None):
    ...     for m in find_dates(text, lang):
    ...         print(m.start, m.end, repr(m.exact), m.first, m.last)
    >>> show("Réunion tenue les 27 et 28 juin 2011 à Lima", "fr")
    18 36 '27 et 28 juin 2011' 2011-06-27 2011-06-28
    >>> show("du 30 décembre 2010 au 2 janvier 2011")
    3 37 '30 décembre 2010 au 2 janvier 2011' 2010-12-30 2011-01-02
    >>> show("[Aprobado el 3 de Diciembre de 2011]", "es")
    13 35 '3 de Diciembre de 2011' 2011-12-03 2011-12-03
    >>> show("los días 27 y 28 de junio de 2011")
    9 33 '27 y 28 de junio de 2011' 2011-06-27 2011-06-28
    >>> show("held on June 27-28, 2011 and on 10 June 2022", "en")
    8 24 'June 27-28, 2011' 2011-06-27 2011-06-28
    32 44 '10 June 2022' 2022-06-10 2022-06-10
    >>> show("le 31 juin 2011, décembre 2011, paragraphe 10.7")
    """
    candidates: list[tuple[int, int, tuple[date, date] | None]] = []
    for code in _languages(lang):
        for pattern in _patterns(code):
            pos = 0
            # search from each start, not finditer: a match must not hide one that begins inside
            while (match := pattern.search(text, pos)) is not None:
                candidates.append((match.start(), match.end(), _days(match, code)))
                pos = match.start() + 1
    chosen: list[tuple[int, int, tuple[date, date] | None]] = []
    for start, end, days in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        if not any(start < e and s < end for s, e, _ in chosen):
            chosen.append((start, end, days))
    return [
        DateMatch(start, end, text[start:end], days[0], days[1])
        for start, end, days in sorted(chosen, key=lambda c: c[0])
        if days is not None
    ]


def parse_date(expr: str, lang: str | None = None) -> tuple[date, date]:
    """The first and last day of one whole date expression.

    The expression may start with an article or preposition ("le", "el", "the", "from") and
    be surrounded by spaces; anything else around or inside it is an error.

    >>> parse_date("27-28 juin 2011")
    (datetime.date(2011, 6, 27), datetime.date(2011, 6, 28))
    >>> parse_date("el 1º de enero de 2010", "es")
    (datetime.date(2010, 1, 1), datetime.date(2010, 1, 1))
    >>> parse_date("from 27 June to 2 July 2011")
    (datetime.date(2011, 6, 27), datetime.date(2011, 7, 2))
    >>> parse_date("30 février 2012")
    Traceback (most recent call last):
    ...
    ValueError: Invalid date expression: '30 février 2012'
    """
    matches = find_dates(expr, lang)
    if len(matches) == 1:
        match = matches[0]
        lead_in = _either(w for code in _languages(lang) for w in DATE_WORDS[code].lead_in)
        head = re.fullmatch(rf"\s*(?:(?:{lead_in})\s+)*", expr[: match.start], re.IGNORECASE)
        if head is not None and not expr[match.end :].strip():
            return match.first, match.last
    raise ValueError(f"Invalid date expression: {expr!r}")


__all__ = ["DATE_WORDS", "DateMatch", "DateWords", "find_dates", "parse_date"]
