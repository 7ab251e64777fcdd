"""What the grammar of French, Spanish and English needs, and nothing more.

The words a clause or a meeting name opens with come from the vocabulary in
``ontology/``; this module holds only closed-class words (conjunctions, participles that
close a meeting's name, articles) and the language guess.

>>> guess_language("Les chefs d'État et de gouvernement de la région, réunis à Caracas")
'fr'
>>> guess_language("We reaffirm our commitment to the protection of the rights of migrants")
'en'
>>> guess_language("Reafirmamos nuestro compromiso con los derechos de las personas migrantes")
'es'
>>> ISO639_3["fr"]
'fra'
"""

from __future__ import annotations

import re

LANGUAGES = ("fr", "es", "en")

ISO639_3 = {"fr": "fra", "es": "spa", "en": "eng"}
"""Two-letter tags (literals) to the three-letter codes of ELI and EU language IRIs."""

STOPWORDS = {
    "fr": {"le", "la", "les", "des", "et", "du", "à", "leur", "leurs", "ils", "une", "dans", "sur"},
    "es": {"el", "los", "las", "y", "del", "en", "su", "sus", "una", "con", "por", "para"},
    "en": {"the", "and", "of", "to", "in", "we", "their", "our", "for", "with", "on", "a"},
}

CONJUNCTIONS = {"fr": ("et",), "es": ("y", "e"), "en": ("and",)}
"""Coordinating words that may open a second clause in one sentence."""

INFINITIVE_MARKERS: dict[str, tuple[str, ...]] = {"fr": ("en",), "es": (), "en": ("to",)}
"""Words that make the verb after them a complement of an earlier act of its sentence, not
a clause of its own: the English infinitive, which is the bare verb ("Urges States to adopt
measures"), and the French gérondif ("Exhortent les États à agir en tenant compte de ...").
French and Spanish infinitives ("adopter", "adoptar") are not forms of the vocabulary, and
the Spanish gerund has no marker."""

DETERMINERS: dict[str, tuple[str, ...]] = {
    "fr": (
        "un",
        "une",
        "des",
        "du",
        "au",
        "aux",
        "son",
        "sa",
        "ses",
        "notre",
        "nos",
        "votre",
        "cette",
        "ces",
        "cet",
    ),
    "es": (
        "el",
        "un",
        "una",
        "unos",
        "unas",
        "del",
        "al",
        "su",
        "sus",
        "nuestro",
        "nuestra",
        "nuestros",
        "nuestras",
        "este",
        "esta",
        "estos",
        "estas",
    ),
    "en": (
        "the",
        "a",
        "an",
        "its",
        "their",
        "our",
        "his",
        "her",
        "this",
        "these",
        "those",
        "as",  # "as noted in", "as reaffirmed in": an act of the text cited
        "been",  # "has been called upon to": a passive, no act of this text
        "being",
    ),
}
"""Words after which a form of the vocabulary is a noun, not a verb ("the value of",
"a request", "un appui", "el apoyo"), an act of a text this one cites ("as noted in
the report"), or a passive ("has been called upon to"). Left out: the words that are
also pronouns before a verb ("les encouragent", "los exhortan", "leur demandent")."""

INFLECTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "fr": (
        # third person singular: "réaffirment" -> "réaffirme", "prennent" -> "prend"
        ("ent", "e"),
        ("ennent", "end"),
        ("iennent", "ient"),
        ("aissent", "aît"),
        ("issent", "it"),
        # present participle: "condamnent" -> "condamnant", "encouragent" -> "encourageant"
        ("ent", "ant"),
        ("gent", "geant"),
        ("ennent", "enant"),
        ("iennent", "enant"),
        ("uient", "uyant"),
        # an adjective agreeing with one body, of either gender: "préoccupés" ->
        # "préoccupée", "convaincus" -> "convaincue", "désireux" -> "désireuse"
        ("és", "ée"),
        ("és", "é"),
        ("us", "ue"),
        ("us", "u"),
        ("eux", "euse"),
        ("ts", "te"),  # "conscients" -> "consciente"
    ),
    "es": (
        ("an", "a"),  # "reafirman" -> "reafirma"
        ("en", "e"),  # "acogen" -> "acoge"
        ("an", "ando"),  # "exhortan" -> "exhortando"
        ("en", "iendo"),  # "reconocen" -> "reconociendo"
        # an adjective agreeing with one body: "preocupados" -> "preocupada",
        # "convencidos" -> "convencido", "deseosos" -> "deseosa"
        ("os", "a"),
        ("os", "o"),
        ("tes", "te"),  # "conscientes" -> "consciente"
    ),
    "en": (
        ("", "s"),  # "request" -> "requests"
        ("", "es"),  # "stress" -> "stresses"
        ("y", "ies"),
        ("", "ing"),  # "affirm" -> "affirming"
        ("e", "ing"),  # "welcome" -> "welcoming"
        ("t", "tting"),  # "regret" -> "regretting"
    ),
}
"""How the vocabulary's verb forms (the third person plural, which is also the English
base form) inflect into forms a paragraph may open with (form ending, inflected ending):
the third person singular of a text whose author is one body ("The General Assembly, ...
Requests", "L'Assemblée générale ... Prie", "La Asamblea General ... Insta"), and the
present participle of a preambular paragraph ("Welcoming", "Condamnant", "Acogiendo"), and
the singular of a preambular adjective ("Préoccupée par", "Convencida de"). The first word
of a form with the ending is the one inflected ("se félicitent": "se félicite"). Every
ending that fits makes a candidate ("prennent note": "prenne note", "prend note"); only a
paragraph's opening words are compared with them."""

INFINITIVES: dict[str, tuple[tuple[str, str], ...]] = {
    "fr": (
        ("ent", "er"),  # "exhortent" -> "exhorter", "remercient" -> "remercier"
        ("èrent", "érer"),  # "réitèrent" -> "réitérer"
        ("ellent", "eler"),  # "rappellent" -> "rappeler"
        ("uient", "uyer"),  # "appuient" -> "appuyer"
        ("issent", "ir"),  # "accomplissent" -> "accomplir"
        ("llent", "llir"),  # "accueillent" -> "accueillir"
        ("aissent", "aître"),  # "reconnaissent" -> "reconnaître"
        ("aissent", "aitre"),
        ("ennent", "endre"),  # "prennent note" -> "prendre note"
        ("iennent", "enir"),  # "soutiennent" -> "soutenir"
    ),
    "es": (
        ("an", "ar"),  # "exhortan" -> "exhortar"
        ("en", "er"),  # "reconocen" -> "reconocer"
        ("en", "ir"),  # "deciden" -> "decidir"
        ("yen", "ir"),  # "instruyen" -> "instruir"
    ),
    "en": (),
}
"""How the vocabulary's verb forms inflect into the infinitive that opens each item of a
list under "ACUERDAN:" or "DÉCIDENT :" ("1. Reconocer los avances ...", "2. D'exhorter les
États ...", "Comprometerse a ..."). English items open with "To" and the base form, which
is the vocabulary's own form. A Spanish reflexive's pronoun follows the infinitive ("se
comprometen": "comprometerse"); a French one stays before it ("se féliciter")."""

INFINITIVE_LEADS: dict[str, str] = {
    "fr": r"d(?:e\s+|'\s*)",
    "es": "",
    "en": "",
}
"""What may come before an infinitive that opens an item: "De reconnaître", "D'exhorter"
(matched on the text with its apostrophes made straight)."""

LIST_ITEM_INFINITIVES: dict[str, re.Pattern[str]] = {
    "fr": re.compile(
        rf"(?:{INFINITIVE_LEADS['fr']})?(?:se\s+|s')?"
        r"(?!(?:entre|contre|notre|votre|outre|autre|leur|pour|par|sur)(?!\w))"
        r"\w{2,}(?:er|ir|re)(?!\w)",
        re.IGNORECASE,
    ),
    "es": re.compile(
        r"(?!(?:lugar|mujer|hogar|nivel|par|mar|ser)(?!\w))\w{2,}(?:ar|er|ir)(?:se)?(?!\w)",
        re.IGNORECASE,
    ),
    "en": re.compile(r"to\s+\w+", re.IGNORECASE),
}
"""An infinitive opening an item of a list under a lead-in ("DECLARAN: ... 4. Fortalecer la
lucha contra la trata", "DÉCIDENT : ... De poursuivre", "AGREE: ... To continue"), whatever
the verb: the item goes on the lead-in's act when its verb is none of the vocabulary's. A
few words shaped like infinitives are not ("Entre", "Lugar"). Matched on the opening with
its apostrophes made straight."""

THAT_ITEMS: dict[str, re.Pattern[str]] = {
    "fr": re.compile(r"qu(?:e(?!\w)|')", re.IGNORECASE),
    "es": re.compile(r"que(?!\w)", re.IGNORECASE),
    "en": re.compile(r"that(?!\w)", re.IGNORECASE),
}
"""The conjunction that opens each item under "CONSIDERANDO:", "CONSIDÉRANT :" or
"WHEREAS:" ("Que la migración es ...;"): an item that completes the lead-in's verb, as an
infinitive completes "ACUERDAN:"."""

BARE_INFINITIVE_LEADS: dict[str, re.Pattern[str] | None] = {
    "fr": None,
    "es": None,
    "en": re.compile(r"(?<!\w)to\s*:$", re.IGNORECASE),
}
"""A lead-in that ends with the infinitive's marker ("We commit to:", "AGREE TO:"), whose
items open with bare infinitives ("1. Strengthen ...") that nothing else marks as such. The
French and Spanish infinitives show by their endings (``LIST_ITEM_INFINITIVES``)."""

RELATIVES: dict[str, re.Pattern[str]] = {
    "fr": re.compile(
        r"(?<!\w)(?:qui|lequel|laquelle|lesquel(?:le)?s|qu['’]\s?(?:il|elle)s?)"
        r"(?:\s+(?:la|le|les|en|y|lui|leur))?\s+$",
        re.IGNORECASE,
    ),
    "es": re.compile(
        r"(?:,\s*que|(?<!\w)(?:quien(?:es)?|(?:el|la|los|las|lo)\s+(?:que|cual(?:es)?)))\s+$",
        re.IGNORECASE,
    ),
    "en": re.compile(r"(?<!\w)(?:which|who)\s+$", re.IGNORECASE),
}
"""The relative pronoun right before a verb, which makes the verb another subject's: "la
Déclaration universelle des droits de l'homme, qui proclame ...", "les libertés qu'elle
proclame", "la Declaración, que proclama ...", "the Declaration, which proclaims ..." (the
Declaration proclaims; the speakers do not). Spanish "que" is relative only after a comma
or an article: "Reafirman que ..." opens what the speakers reaffirm."""

SPEAKERS: dict[str, re.Pattern[str]] = {
    "fr": re.compile(r"(?<!\w)nous(?!\w)", re.IGNORECASE),
    "es": re.compile(r"(?<!\w)nosotr[oa]s(?!\w)", re.IGNORECASE),
    "en": re.compile(r"(?<!\w)we(?!\w)", re.IGNORECASE),
}
"""The speakers' own pronoun, as the subject of a verb: "To advance these priorities, we
will ..." is their statement, not an item of the list before it."""

NOMINAL_ITEMS: dict[str, re.Pattern[str]] = {
    "fr": re.compile(r"(?i:leurs?|notre|nos)(?!\w)|(?i:les?\s|la\s|l['’]\s?)(?=[a-zà-ÿ])"),
    "es": re.compile(r"(?i:sus?|nuestr[oa]s?)(?!\w)|(?i:el|la|los|las|lo)\s(?=[a-záéíóúñü])"),
    "en": re.compile(r"(?i:their|our)(?!\w)|(?i:the|an?)\s(?=[a-z])"),
}
"""What opens a numbered item under a lead-in that is what the speakers declare, without a
verb of its own: their possessive, pointing back to the lead-in's subject ("DECLARAN: / 1. Su
compromiso con ...", "DECLARE: / 1. Their commitment to ..."), or an article before a word
in lower case ("2. La necesidad de ...", "3. L'importance de ...", "4. The need to ...").
An article before a name ("La Secretaría Técnica presentará ...") opens a statement of
another subject, which the lead-in does not govern. The possessive and the article are
matched in any case; the noun after the article must be in lower case."""

CITY_PREPOSITIONS: dict[str, re.Pattern[str] | None] = {
    "fr": re.compile(r"(?<!\w)à\s+$", re.IGNORECASE),
    "es": None,
    "en": None,
}
"""The preposition, just before a place's name, that makes it a city where a country and its
city share the name: French "à Panama" is in the city, "au Panama" in the country. Spanish
and English use one preposition for both ("en Panamá", "in Panama")."""

STEM_CHANGES: dict[str, tuple[tuple[str, str], ...]] = {
    "fr": (),
    "es": (("ue", "o"), ("ie", "e")),
    "en": (),
}
"""Vowels a verb's stem changes under stress, which its infinitive does not have: Spanish
"aprueban", "promueven", "sugieren" are "aprobar", "promover", "sugerir"."""

ENCLITIC_REFLEXIVE: dict[str, str] = {"fr": "", "es": "se", "en": ""}
"""The reflexive pronoun that a language writes after its infinitive, joined to it."""

MEDIAL_ADVERBS: dict[str, tuple[str, ...]] = {
    "fr": ("également", "aussi", "en outre", "de nouveau", "à nouveau", "une fois de plus"),
    "es": ("igualmente", "también", "asimismo", "además", "nuevamente", "una vez más"),
    "en": ("also", "further", "again", "once again"),
}
"""Adverbs that may stand after the first word of a speech act's set phrase ("Teniendo
igualmente presente", "Prenant également note", "Toman asimismo nota", "Taking also into
account"): the phrase is still read, its span taking the adverb in."""

LEADING_ADVERBS: dict[str, tuple[str, ...]] = {
    "fr": (),
    "es": (),
    "en": (
        "also",
        "further",
        "again",
        "once again",
        "strongly",
        "firmly",
        "urgently",
        "solemnly",
        "deeply",
        "fully",
    ),
}
"""Adverbs that may come before the verb a paragraph opens with ("Also requests", "Further
invites", "Strongly urges"). French and Spanish put them after it ("Prie également",
"Solicita también")."""

FUTURE_OPENINGS: dict[str, str] = {
    "fr": r"nous\s+(?:nous\s+|ne\s+|n'\s*)?\w+rons(?!\w)",
    "es": r"(?:nos\s+|no\s+)?\w+[aeidbr]remos(?!\w)",
    "en": "",
}
"""The first person plural of the future opening a paragraph ("Nous continuerons à
promouvoir", "Nous nous efforcerons de", "Continuaremos", "Nos esforzaremos por"): the
authors commit themselves (:data:`FUTURE_ACT`), as English says with "We will" and "We
shall", which are forms of the vocabulary. Matched on the text with its apostrophes made
straight (:func:`lexgraph.vocabulary.fold`). The Spanish stem ends as a future's does
(continua-, promove-, segui-, pond-, sab-, quer-), so that "Extremos" or "Supremos" do
not read as one."""

FUTURE_ACT = "commit"
"""The speech act of a paragraph that opens in the future tense (:data:`FUTURE_OPENINGS`)."""

MEETING_CLOSERS = {
    "fr": ("tenue", "tenu", "tenues", "tenus", "qui s'est tenue", "qui s'est tenu"),
    "es": ("celebrada", "celebrado", "realizada", "realizado", "llevada a cabo", "que tuvo lugar"),
    "en": ("held", "convened", "which took place", "hosted"),
}
"""Participles that end a meeting's name ("Réunion régionale ..., tenue les 27 ...")."""

LOCATIVES: dict[str, tuple[str, ...]] = {
    "fr": ("à", "au", "aux"),
    "es": ("en",),
    "en": ("in", "at"),
}
"""Prepositions that say where something happened. They end a meeting's name before the
place where it met ("Troisième Sommet des Amériques à Québec", "the Summit of the Americas
in Los Angeles"): before a place the vocabulary knows, and in French before any capitalised
word ("à" opens no word of a name that a capital follows). And of the countries a chapeau
names, the one after them is where the text was adopted ("reunidos en Panamá"), not the
first of a list of signatory States ("We, the leaders of Barbados, Canada, ...")."""

PREAMBULAR_OPENINGS = {
    "fr": re.compile(
        r"(?:\w+ment\s+)?(?:nous\s+|se\s+|s['’])?(?:\w{3,}ant|ayant|préoccupée?s?|convaincue?s?|consciente?s?"
        r"|déterminée?s?|alarmée?s?|guidée?s?|soucieu(?:x|ses?)|désireu(?:x|ses?)|résolue?s?)"
        r"(?!\w)",
        re.IGNORECASE,
    ),
    "es": re.compile(
        r"(?:\w+mente\s+)?(?:\w{2,}(?:ando|iendo|yendo)|preocupad[oa]s?|convencid[oa]s?"
        r"|conscientes?|decidid[oa]s?|alarmad[oa]s?|guiad[oa]s?|resuelt[oa]s?|deseos[oa]s?)"
        r"(?!\w)",
        re.IGNORECASE,
    ),
    "en": re.compile(
        r"(?:\w+ly\s+)?(?:\w{3,}ing|concerned|convinced|conscious|mindful|aware|cognizant"
        r"|determined|alarmed|guided|resolved|whereas)(?!\w)",
        re.IGNORECASE,
    ),
}
"""The participles and adjectives that open a preambular clause ("Reconnaissant",
"Reconociendo", "Recognizing", "Préoccupés par", "Deeply concerned"), and "Whereas"."""

ORDINALS: dict[str, tuple[str, ...]] = {
    "fr": (
        "premièrement",
        "deuxièmement",
        "troisièmement",
        "quatrièmement",
        "cinquièmement",
        "sixièmement",
        "septièmement",
        "huitièmement",
        "neuvièmement",
        "dixièmement",
    ),
    "es": (
        "primer",
        "segund",
        "tercer",
        "cuart",
        "quint",
        "sext",
        "séptim",
        "octav",
        "noven",
        "décim",
        "undécim",
        "duodécim",
        "decimotercer",
        "decimocuart",
        "decimoquint",
        "decimosext",
        "decimoséptim",
        "decimoctav",
        "decimonoven",
        "vigésim",
    ),
    "en": (
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
        "twentieth",
    ),
}
"""Ordinal words that number a text's items in place of figures, in order from one: the
Cartagena Declaration's "Primera. Promover ...", "Segunda. ...". Spanish ones are stems
that take -o or -a ("Primera", "Primero"); "Decimotercera" is also "Décima tercera"."""


def ordinal(word: str) -> int | None:
    """The number an ordinal word of ``ORDINALS`` stands for, in any of the languages."""
    folded = word.lower().replace("décima ", "decimo").replace("decima ", "decimo")
    for lang, words in ORDINALS.items():
        for n, stem in enumerate(words, start=1):
            plain = stem.replace("é", "e")
            if lang == "es" and folded[:-1] in (stem, plain) and folded[-1:] in "oa":
                return n
            if lang != "es" and folded == stem:
                return n
    return None


EDITORIAL_MARKS = ("sic",)
"""Marks written in parentheses or brackets after the words they qualify."""


def guess_language(text: str) -> str:
    """The language of text among fr, es, en, by counting closed-class words."""
    return detect_language(text)[0]


def detect_language(text: str) -> tuple[str, float]:
    """The language of text among fr, es, en and the share of closed-class words it won.

    >>> detect_language("Reafirmamos nuestro compromiso con los derechos de las personas")
    ('es', 1.0)
    >>> detect_language("12 34")
    ('fr', 0.0)
    """
    words = re.findall(r"\w+", text.lower())
    scores = {lang: sum(w in STOPWORDS[lang] for w in words) for lang in LANGUAGES}
    best = max(LANGUAGES, key=lambda lang: scores[lang])
    total = sum(scores.values())
    return best, round(scores[best] / total, 2) if total else 0.0


def is_preambular_opening(text: str, lang: str) -> bool:
    """Whether text opens with a participle or adjective of a preambular clause.

    >>> is_preambular_opening("Reconociendo la importancia", "es")
    True
    >>> is_preambular_opening("Deeply concerned by", "en")
    True
    >>> is_preambular_opening("Réaffirment leur engagement", "fr")
    False
    """
    return PREAMBULAR_OPENINGS[lang].match(text) is not None


__all__ = [
    "CITY_PREPOSITIONS",
    "NOMINAL_ITEMS",
    "RELATIVES",
    "SPEAKERS",
    "CONJUNCTIONS",
    "EDITORIAL_MARKS",
    "ISO639_3",
    "LANGUAGES",
    "MEETING_CLOSERS",
    "LOCATIVES",
    "PREAMBULAR_OPENINGS",
    "STOPWORDS",
    "detect_language",
    "guess_language",
    "is_preambular_opening",
]
