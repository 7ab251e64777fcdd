"""Tests of lexgraph.dates: date expressions in French, Spanish and English text."""

from __future__ import annotations

from datetime import date

import pytest

from lexgraph.dates import DATE_WORDS, DateMatch, find_dates, parse_date

D = date

# (lang, text, expected matches as (exact, first, last)); lang None tries all three
CASES: list[tuple[str | None, str, list[tuple[str, date, date]]]] = [
    # French, real sentences
    (
        "fr",
        "Les chefs d'État ..., réunis à Caracas, République Bolivarienne du Venezuela, "
        "le 3 décembre 2011, dans le cadre du Sommet",
        [("3 décembre 2011", D(2011, 12, 3), D(2011, 12, 3))],
    ),
    (
        "fr",
        "Réunion régionale sur la protection des personnes migrantes, "
        "tenue les 27 et 28 juin 2011 à Lima, Pérou ;",
        [("27 et 28 juin 2011", D(2011, 6, 27), D(2011, 6, 28))],
    ),
    (
        "fr",
        "tenue à Mexico le 8 octobre 2010, et exhortent",
        [("8 octobre 2010", D(2010, 10, 8), D(2010, 10, 8))],
    ),
    # French forms
    ("fr", "à compter du 1er janvier 2010", [("1er janvier 2010", D(2010, 1, 1), D(2010, 1, 1))]),
    ("fr", "le 1ᵉʳ janvier 2010", [("1ᵉʳ janvier 2010", D(2010, 1, 1), D(2010, 1, 1))]),
    (
        "fr",
        "réunie du 27 juin au 2 juillet 2011 à Genève",
        [("27 juin au 2 juillet 2011", D(2011, 6, 27), D(2011, 7, 2))],
    ),
    ("fr", "les 27-28 juin 2011", [("27-28 juin 2011", D(2011, 6, 27), D(2011, 6, 28))]),
    ("fr", "les 27–28 juin 2011", [("27–28 juin 2011", D(2011, 6, 27), D(2011, 6, 28))]),
    (
        "fr",
        "du 30 décembre 2010 au 2 janvier 2011",
        [("30 décembre 2010 au 2 janvier 2011", D(2010, 12, 30), D(2011, 1, 2))],
    ),
    (
        "fr",
        "du 30 décembre au 2 janvier 2011",
        [("30 décembre au 2 janvier 2011", D(2010, 12, 30), D(2011, 1, 2))],
    ),
    (
        "fr",
        "les 27, 28 et 29 juin 2011",
        [("27, 28 et 29 juin 2011", D(2011, 6, 27), D(2011, 6, 29))],
    ),
    (
        "fr",
        "les 30 juin et 1er juillet 2011",
        [("30 juin et 1er juillet 2011", D(2011, 6, 30), D(2011, 7, 1))],
    ),
    ("fr", "le 3 decembre 2011", [("3 decembre 2011", D(2011, 12, 3), D(2011, 12, 3))]),
    ("fr", "le 14 fevrier 2011", [("14 fevrier 2011", D(2011, 2, 14), D(2011, 2, 14))]),
    ("fr", "le 15 AOÛT 2011", [("15 AOÛT 2011", D(2011, 8, 15), D(2011, 8, 15))]),
    ("fr", "le 15 aout 2011", [("15 aout 2011", D(2011, 8, 15), D(2011, 8, 15))]),
    (
        "fr",
        "le 3\u202fdécembre\u00a02011",  # narrow and ordinary no-break spaces
        [("3\u202fdécembre\u00a02011", D(2011, 12, 3), D(2011, 12, 3))],
    ),
    (
        "fr",
        "le 3 de\u0301cembre 2011",  # decomposed accent
        [("3 de\u0301cembre 2011", D(2011, 12, 3), D(2011, 12, 3))],
    ),
    # Spanish
    ("es", "3 de diciembre de 2011", [("3 de diciembre de 2011", D(2011, 12, 3), D(2011, 12, 3))]),
    (
        "es",
        "Reunidos en Caracas el 3 de diciembre de 2011, los Jefes de Estado",
        [("3 de diciembre de 2011", D(2011, 12, 3), D(2011, 12, 3))],
    ),
    (
        "es",
        "[Aprobado el 3 de Diciembre de 2011]",
        [("3 de Diciembre de 2011", D(2011, 12, 3), D(2011, 12, 3))],
    ),
    (
        "es",
        "celebrada los días 27 y 28 de junio de 2011 en Lima",
        [("27 y 28 de junio de 2011", D(2011, 6, 27), D(2011, 6, 28))],
    ),
    (
        "es",
        "27 y 28 de junio de 2011",
        [("27 y 28 de junio de 2011", D(2011, 6, 27), D(2011, 6, 28))],
    ),
    (
        "es",
        "del 27 de junio al 2 de julio de 2011",
        [("27 de junio al 2 de julio de 2011", D(2011, 6, 27), D(2011, 7, 2))],
    ),
    ("es", "el 1º de enero de 2010", [("1º de enero de 2010", D(2010, 1, 1), D(2010, 1, 1))]),
    ("es", "el 1 de enero de 2010", [("1 de enero de 2010", D(2010, 1, 1), D(2010, 1, 1))]),
    (
        "es",
        "el 15 de setiembre de 2011 y el 16 de septiembre de 2011",
        [
            ("15 de setiembre de 2011", D(2011, 9, 15), D(2011, 9, 15)),
            ("16 de septiembre de 2011", D(2011, 9, 16), D(2011, 9, 16)),
        ],
    ),
    (
        "es",
        "a los 3 días del mes de diciembre del año 2011",
        [("3 días del mes de diciembre del año 2011", D(2011, 12, 3), D(2011, 12, 3))],
    ),
    (
        "es",
        "del 27 al 29 de junio de 2011",
        [("27 al 29 de junio de 2011", D(2011, 6, 27), D(2011, 6, 29))],
    ),
    # English
    ("en", "on 3 December 2011", [("3 December 2011", D(2011, 12, 3), D(2011, 12, 3))]),
    ("en", "on December 3, 2011,", [("December 3, 2011", D(2011, 12, 3), D(2011, 12, 3))]),
    ("en", "held June 27-28, 2011", [("June 27-28, 2011", D(2011, 6, 27), D(2011, 6, 28))]),
    (
        "en",
        "held on 27 and 28 June 2011 in Lima",
        [("27 and 28 June 2011", D(2011, 6, 27), D(2011, 6, 28))],
    ),
    (
        "en",
        "held on June 27 and 28, 2011",
        [("June 27 and 28, 2011", D(2011, 6, 27), D(2011, 6, 28))],
    ),
    (
        "en",
        "from 27 June to 2 July 2011",
        [("27 June to 2 July 2011", D(2011, 6, 27), D(2011, 7, 2))],
    ),
    (
        "en",
        "27 June to 2 July 2011",
        [("27 June to 2 July 2011", D(2011, 6, 27), D(2011, 7, 2))],
    ),
    (
        "en",
        "June 30, 2010 to July 2, 2011",
        [("June 30, 2010 to July 2, 2011", D(2010, 6, 30), D(2011, 7, 2))],
    ),
    (
        "en",
        "On 10 June 2022, 12 States signed; on June 10, 2022 others",
        [
            ("10 June 2022", D(2022, 6, 10), D(2022, 6, 10)),
            ("June 10, 2022", D(2022, 6, 10), D(2022, 6, 10)),
        ],
    ),
    ("en", "as of 1st January 2010", [("1st January 2010", D(2010, 1, 1), D(2010, 1, 1))]),
    (
        "en",
        "Done this 3rd day of December, 2011",
        [("3rd day of December, 2011", D(2011, 12, 3), D(2011, 12, 3))],
    ),
    (
        "en",
        "the 27, 28, and 29 June 2011",
        [("27, 28, and 29 June 2011", D(2011, 6, 27), D(2011, 6, 29))],
    ),
    (
        "en",
        "resolution 65/230 of 21 December 2010",
        [("21 December 2010", D(2010, 12, 21), D(2010, 12, 21))],
    ),
    (
        "en",
        "adopted on 3 December 2011 and 2 June 2012",  # two dates, not a range
        [
            ("3 December 2011", D(2011, 12, 3), D(2011, 12, 3)),
            ("2 June 2012", D(2012, 6, 2), D(2012, 6, 2)),
        ],
    ),
    # any language
    (
        None,
        "le 3 décembre 2011 ; June 27-28, 2011 ; 27 y 28 de junio de 2011",
        [
            ("3 décembre 2011", D(2011, 12, 3), D(2011, 12, 3)),
            ("June 27-28, 2011", D(2011, 6, 27), D(2011, 6, 28)),
            ("27 y 28 de junio de 2011", D(2011, 6, 27), D(2011, 6, 28)),
        ],
    ),
    # negatives: numbers that are not dates, months without a day, days that do not exist
    ("fr", "paragraphe 10.7 du rapport", []),
    ("en", "Article 3 of the 1990 Convention", []),
    (None, "Article 3 of the 1990 Convention", []),
    ("fr", "le 31 juin 2011", []),
    ("fr", "le 30 février 2012", []),
    ("fr", "en décembre 2011", []),
    ("fr", "le 3 décembre", []),
    ("fr", "du 28 au 27 juin 2011", []),  # runs backwards
    ("fr", "du 30 juin au 31 juin 2011", []),  # a bad day spoils the whole range
    ("en", "between 3 and 2 June 2011", []),
    ("en", "10.7 June 2011", []),
    ("en", "in 2011, 12 delegations and 3 observers", []),
    ("es", "el artículo 3 de la Convención de 1990", []),
    ("es", "30 de febrero de 2012", []),
]


@pytest.mark.parametrize(("lang", "text", "expected"), CASES, ids=[c[1][:40] for c in CASES])
def test_find_dates(lang: str | None, text: str, expected: list[tuple[str, date, date]]) -> None:
    found = find_dates(text, lang)
    assert [(m.exact, m.first, m.last) for m in found] == expected
    for m in found:
        assert text[m.start : m.end] == m.exact


def test_languages_agree_without_lang() -> None:
    for lang, text, expected in CASES:
        if lang is not None and expected:
            assert [(m.exact, m.first, m.last) for m in find_dates(text)] == expected


def test_match_offsets_and_type() -> None:
    text = "tenue à Mexico le 8 octobre 2010, et exhortent"
    assert find_dates(text, "fr") == [
        DateMatch(18, 32, "8 octobre 2010", D(2010, 10, 8), D(2010, 10, 8))
    ]


def test_span_leaves_out_articles_and_prepositions() -> None:
    for lang, text in [
        ("fr", "le 3 décembre 2011"),
        ("fr", "les 27 et 28 juin 2011"),
        ("fr", "du 27 juin au 2 juillet 2011"),
        ("es", "el 3 de diciembre de 2011"),
        ("es", "los días 27 y 28 de junio de 2011"),
        ("es", "del 27 de junio al 2 de julio de 2011"),
        ("en", "the 3rd of December 2011"),
        ("en", "from 27 June to 2 July 2011"),
    ]:
        (match,) = find_dates(text, lang)
        assert match.exact[0].isdigit(), text
        assert match.exact.endswith("2011"), text


@pytest.mark.parametrize(
    ("expr", "lang", "expected"),
    [
        ("3 décembre 2011", "fr", (D(2011, 12, 3), D(2011, 12, 3))),
        ("  le 3 décembre 2011 ", None, (D(2011, 12, 3), D(2011, 12, 3))),
        ("les 27, 28 et 29 juin 2011", "fr", (D(2011, 6, 27), D(2011, 6, 29))),
        ("los días 27 y 28 de junio de 2011", "es", (D(2011, 6, 27), D(2011, 6, 28))),
        ("from 27 June to 2 July 2011", "en", (D(2011, 6, 27), D(2011, 7, 2))),
        ("December 3, 2011", None, (D(2011, 12, 3), D(2011, 12, 3))),
    ],
)
def test_parse_date(expr: str, lang: str | None, expected: tuple[date, date]) -> None:
    assert parse_date(expr, lang) == expected


@pytest.mark.parametrize(
    ("expr", "lang"),
    [
        ("", None),
        ("décembre 2011", "fr"),
        ("31 juin 2011", "fr"),
        ("réunis le 3 décembre 2011", "fr"),  # words before that are not articles
        ("3 décembre 2011 à Caracas", "fr"),  # words after
        ("3 December 2011 and 2 June 2012", "en"),  # two expressions
        ("3 décembre 2011", "en"),  # wrong language
    ],
)
def test_parse_date_rejects(expr: str, lang: str | None) -> None:
    with pytest.raises(ValueError, match="^Invalid date expression: "):
        parse_date(expr, lang)


def test_unknown_language() -> None:
    with pytest.raises(ValueError, match="Unknown language"):
        find_dates("3 Dezember 2011", "de")


def test_month_table_has_twelve_distinct_months_per_language() -> None:
    from lexgraph.dates import _key

    for lang, words in DATE_WORDS.items():
        assert len(words.months) == 12, lang
        keys = [_key(name) for names in words.months for name in names]
        assert len(keys) == len(set(keys)), lang


def test_every_month_name_matches_in_any_case_and_without_accents() -> None:
    from lexgraph.dates import _key

    for lang, words in DATE_WORDS.items():
        for number, names in enumerate(words.months, start=1):
            for name in names:
                for spelled in {name, name.upper(), name.capitalize(), _key(name)}:
                    text = f"1 {spelled} 2010" if lang != "es" else f"1 de {spelled} de 2010"
                    (match,) = find_dates(text, lang)
                    assert match.first == D(2010, number, 1), (lang, spelled)


@pytest.mark.parametrize(
    ("lang", "text", "exact", "day"),
    [
        (
            "es",
            "Dada en la ciudad de Panamá, a los ocho días del mes de abril de dos mil quince.",
            "ocho días del mes de abril de dos mil quince",
            date(2015, 4, 8),
        ),
        (
            "es",
            "Hecho en Caracas, el veintiún de diciembre del año mil novecientos noventa y nueve",
            "veintiún de diciembre del año mil novecientos noventa y nueve",
            date(1999, 12, 21),
        ),
        (
            "en",
            "Done in Mexico City, on the twenty-first day of October of the year two thousand "
            "twenty-one.",
            "twenty-first day of October of the year two thousand twenty-one",
            date(2021, 10, 21),
        ),
        (
            "en",
            "Done at Geneva this third day of December, two thousand and eleven",
            "third day of December, two thousand and eleven",
            date(2011, 12, 3),
        ),
        (
            "fr",
            "Fait à Rabat, le vingt et un juillet deux mille six.",
            "vingt et un juillet deux mille six",
            date(2006, 7, 21),
        ),
        (
            "fr",
            "le premier décembre de l'an mil neuf cent quatre-vingt-dix-neuf",
            "premier décembre de l'an mil neuf cent quatre-vingt-dix-neuf",
            date(1999, 12, 1),
        ),
    ],
)
def test_a_day_written_in_words(lang: str, text: str, exact: str, day: date) -> None:
    (m,) = find_dates(text, lang)
    assert (m.exact, m.first, m.last) == (exact, day, day)
    assert text[m.start : m.end] == exact


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("es", "el treinta y uno de junio de dos mil once"),  # no such day
        ("es", "uno de los objetivos de mayo de un año"),  # no year
        ("en", "the first day of May of the year one"),  # no year of this era
        ("fr", "un des deux mille migrants"),  # no month
    ],
)
def test_words_that_name_no_day_are_no_date(lang: str, text: str) -> None:
    assert find_dates(text, lang) == []


@pytest.mark.parametrize(
    ("lang", "text", "exact", "first", "last"),
    [
        (
            "es",
            "reunidos en Lima los días dos y tres de diciembre de dos mil once",
            "dos y tres de diciembre de dos mil once",
            date(2011, 12, 2),
            date(2011, 12, 3),
        ),
        (
            "fr",
            "réunis les vingt et un au vingt-trois juin deux mille six",
            "vingt et un au vingt-trois juin deux mille six",
            date(2006, 6, 21),
            date(2006, 6, 23),
        ),
        (
            "en",
            "on the second and third days of December of the year two thousand and eleven",
            "second and third days of December of the year two thousand and eleven",
            date(2011, 12, 2),
            date(2011, 12, 3),
        ),
        (  # one number, not a list of two: the old form of "veintidós"
            "es",
            "a los veinte y dos días del mes de mayo de dos mil uno",
            "veinte y dos días del mes de mayo de dos mil uno",
            date(2001, 5, 22),
            date(2001, 5, 22),
        ),
    ],
)
def test_days_in_words_a_list_or_range(
    lang: str, text: str, exact: str, first: date, last: date
) -> None:
    """Two numbers joined by "and" are two days, never their sum ("dos y tres" was the 5th)."""
    (m,) = find_dates(text, lang)
    assert (m.exact, m.first, m.last) == (exact, first, last)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("es", "los días tres y dos de diciembre de dos mil once"),  # runs backwards
        ("fr", "les trente et trente-deux mai deux mille onze"),  # no 32nd
    ],
)
def test_days_in_words_that_name_no_period_are_no_date(lang: str, text: str) -> None:
    assert find_dates(text, lang) == []
