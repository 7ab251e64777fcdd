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

MEETING_CLOSERS = {
    "fr": ("tenue", "tenu", "tenues", "tenus", "qui s'est tenue", "qui s'est tenu"),
    "es": ("celebrada", "celebrado", "realizada", "realizado", "llevada a cabo", "que tuvo lugar"),
    "en": ("held", "convened", "which took place", "hosted"),
}
"""Participles that end a meeting's name ("Réunion régionale ..., tenue les 27 ...")."""

EDITORIAL_MARKS = ("sic",)
"""Marks written in parentheses or brackets after the words they qualify."""


def guess_language(text: str) -> str:
    """The language of text among fr, es, en, by counting closed-class words."""
    words = re.findall(r"\w+", text.lower())
    scores = {lang: sum(w in STOPWORDS[lang] for w in words) for lang in LANGUAGES}
    return max(LANGUAGES, key=lambda lang: scores[lang])


__all__ = [
    "CONJUNCTIONS",
    "EDITORIAL_MARKS",
    "ISO639_3",
    "LANGUAGES",
    "MEETING_CLOSERS",
    "STOPWORDS",
    "guess_language",
]
