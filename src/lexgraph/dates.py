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

One day written in words, as the closing lines of declarations write it, is matched too:
"a los tres días del mes de diciembre de dos mil once", "on the twenty-first day of October
of the year two thousand and twenty-one", "le premier décembre deux mille onze"
(:data:`NUMBER_WORDS`).

Days in words may be a list or a range in one month ("los días dos y tres de diciembre de dos
mil once", "the second and third days of December").

Not matched: a month and year alone ("décembre 2011"), days without a year ("le 3 décembre"),
numeric dates ("03/12/2011"), a range in words across months, abbreviated months
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

NUMBER_WORDS: dict[str, dict[str, int]] = {
    "fr": {
        "un": 1, "une": 1, "premier": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5,
        "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12,
        "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16, "vingt": 20, "vingts": 20,
        "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100,
        "cents": 100, "mille": 1000, "mil": 1000,
    },
    "es": {
        "un": 1, "uno": 1, "una": 1, "primero": 1, "primer": 1, "dos": 2, "tres": 3,
        "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10,
        "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15, "dieciséis": 16,
        "diecisiete": 17, "dieciocho": 18, "diecinueve": 19, "veinte": 20, "veintiuno": 21,
        "veintiún": 21, "veintiuna": 21, "veintidós": 22, "veintitrés": 23, "veinticuatro": 24,
        "veinticinco": 25, "veintiséis": 26, "veintisiete": 27, "veintiocho": 28,
        "veintinueve": 29, "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60,
        "setenta": 70, "ochenta": 80, "noventa": 90, "cien": 100, "ciento": 100,
        "novecientos": 900, "mil": 1000,
    },
    "en": {
        "one": 1, "first": 1, "two": 2, "second": 2, "three": 3, "third": 3, "four": 4,
        "fourth": 4, "five": 5, "fifth": 5, "six": 6, "sixth": 6, "seven": 7, "seventh": 7,
        "eight": 8, "eighth": 8, "nine": 9, "ninth": 9, "ten": 10, "tenth": 10,
        "eleven": 11, "eleventh": 11, "twelve": 12, "twelfth": 12, "thirteen": 13,
        "thirteenth": 13, "fourteen": 14, "fourteenth": 14, "fifteen": 15, "fifteenth": 15,
        "sixteen": 16, "sixteenth": 16, "seventeen": 17, "seventeenth": 17, "eighteen": 18,
        "eighteenth": 18, "nineteen": 19, "nineteenth": 19, "twenty": 20, "twentieth": 20,
        "thirty": 30, "thirtieth": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
    },
}  # fmt: skip
"""The number words of days and years in each language, with their values. A number is
read by adding them, a hundred or a thousand multiplying what comes before ("dos mil
veintiuno", "two thousand and twenty-one", "mil novecientos ochenta y cuatro", "quatre-vingt-
dix": four twenties and ten)."""

_NUMBER_GLUE = {"fr": ("et",), "es": ("y",), "en": ("and",)}
"""The word that may join the parts of a number: "vingt et un", "treinta y uno"."""

_WORDS_DATE = {
    "fr": r"(?P<d>{days})\s+(?P<m>{month})\s+(?:de\s+l['’]\s?an\s+)?(?P<y>{n})",
    "es": (
        r"(?P<d>{days})\s+(?:días?\s+del\s+mes\s+)?de\s+(?P<m>{month})"
        r",?\s+(?:del?\s+(?:año\s+)?)?(?P<y>{n})"
    ),
    "en": (
        r"(?P<d>{days})\s+days?\s+of\s+(?P<m>{month}),?\s+(?:in\s+)?(?:of\s+)?"
        r"(?:the\s+year\s+)?(?P<y>{n})"
    ),
}
"""Days written in words, between their days, month and year: "trois décembre deux mille
onze", "tres días del mes de diciembre de dos mil once", "twenty-first day of October of
the year two thousand and twenty-one", "second and third days of December ..."."""

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
def _month_names(lang: str) -> str:
    """Any month's name in lang, as one alternation (a regular-expression fragment)."""
    return _either(n for names in DATE_WORDS[lang].months for n in names)


@cache
def _number_values(lang: str) -> dict[str, int]:
    """The value of each number word of lang, by :func:`_key` of the word."""
    return {_key(w): v for w, v in NUMBER_WORDS[lang].items()}


@cache
def _patterns(lang: str) -> tuple[re.Pattern[str], ...]:
    """The patterns of date expressions in lang, built from :data:`DATE_WORDS`.

    Each has the groups d1 (the days before the first month), m1, y1 (optional), then, for a
    range or list across months, d2 and m2 (both optional), and always y, the last year.
    """
    words = DATE_WORDS[lang]
    month = rf"(?:{_month_names(lang)})(?!\w)"
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


def _number(words: str, lang: str) -> int | None:
    """The value of a number in words, or None.

    >>> _number("dos mil veintiuno", "es"), _number("two thousand and twenty-one", "en")
    (2021, 2021)
    >>> _number("mil novecientos ochenta y cuatro", "es"), _number("vingt et un", "fr")
    (1984, 21)
    >>> _number("quatre-vingt-dix-neuf", "fr"), _number("mil neuf cent quatre-vingt-quatre", "fr")
    (99, 1984)
    """
    values = _number_values(lang)
    glue = set(_NUMBER_GLUE[lang])
    total, current, previous = 0, 0, 0
    for word in re.split(rf"\s+|{_DASH}", _key(words)):
        if word in glue or not word:
            continue
        value = values.get(word)
        if value is None:
            return None
        if value == 1000:
            total, current, previous = total + (current or 1) * 1000, 0, 1000
            continue
        if value == 100 and current:
            current *= 100
        elif value == 20 and previous == 4 and lang == "fr":  # "quatre-vingt": four twenties
            current += 4 * 20 - 4
        elif previous and (previous < 10 or value >= previous):
            return None  # two numbers, not one: "dos y tres", "second and third"
        else:
            current += value
        previous = value
    return total + current


@cache
def _month_pattern(lang: str) -> re.Pattern[str]:
    """Any month's name in lang."""
    return re.compile(rf"(?<!\w)(?:{_month_names(lang)})(?!\w)", re.IGNORECASE)


@cache
def _words_pattern(lang: str) -> re.Pattern[str]:
    """The pattern of one day written in words in lang (:data:`_WORDS_DATE`)."""
    month = rf"(?:{_month_names(lang)})(?!\w)"
    word = _either(NUMBER_WORDS[lang])
    glue = _either(_NUMBER_GLUE[lang])
    number = rf"(?:{word})(?:(?:\s+(?:{glue})\s+|\s+|{_DASH})(?:{word}))*(?!\w)"
    words = DATE_WORDS[lang]
    between = _either(words.and_words + words.range_words)
    days = rf"{number}(?:,?\s+(?:{between})\s+{number})*"  # "dos y tres", "second to fourth"
    return re.compile(
        r"(?<!\w)" + _WORDS_DATE[lang].format(n=number, days=days, month=month), re.IGNORECASE
    )


def _word_day_numbers(words: str, lang: str) -> list[int] | None:
    """The days a list or range of days in words names, in order, or None.

    One number wins over a list where the words read as both ("veinte y dos" is 22).

    >>> _word_day_numbers("dos y tres", "es"), _word_day_numbers("veinte y dos", "es")
    ([2, 3], [22])
    >>> _word_day_numbers("vingt et un au vingt-trois", "fr")
    [21, 23]
    """
    whole = _number(words, lang)
    if whole is not None:
        return [whole]
    dates = DATE_WORDS[lang]
    between = _either(dates.and_words + dates.range_words)
    # the longest first number first: "vingt et un au vingt-trois" is 21 to 23, not 20, 1, 23
    for found in reversed(list(re.finditer(rf",?\s+(?:{between})\s+", words, re.IGNORECASE))):
        head = _number(words[: found.start()], lang)
        rest = _word_day_numbers(words[found.end() :], lang)
        if head is not None and rest is not None:
            return [head, *rest]
    return None


def _word_days(match: re.Match[str], lang: str) -> tuple[date, date] | None:
    """The first and last day a date in words names, or None if it names none."""
    days, year = _word_day_numbers(match["d"], lang), _number(match["y"], lang)
    if days is None or year is None or not 1000 <= year <= 2999:
        return None
    if not all(1 <= d <= 31 for d in days) or days != sorted(set(days)):
        return None  # no such day, or days that run backwards
    try:
        month = _month_numbers(lang)[_key(match["m"])]
        return date(year, month, days[0]), date(year, month, days[-1])
    except ValueError:
        return None


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
    >>> show("a los tres días del mes de diciembre de dos mil once", "es")
    6 52 'tres días del mes de diciembre de dos mil once' 2011-12-03 2011-12-03
    """
    candidates: list[tuple[int, int, tuple[date, date] | None]] = []
    for code in _languages(lang):
        for pattern in _patterns(code):
            pos = 0
            # search from each start, not finditer: a match must not hide one that begins inside
            while (match := pattern.search(text, pos)) is not None:
                candidates.append((match.start(), match.end(), _days(match, code)))
                pos = match.start() + 1
        if _month_pattern(code).search(text):  # most texts name no month: skip the slow part
            for match in _words_pattern(code).finditer(text):
                candidates.append((match.start(), match.end(), _word_days(match, code)))
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


__all__ = ["DATE_WORDS", "NUMBER_WORDS", "DateMatch", "DateWords", "find_dates", "parse_date"]
