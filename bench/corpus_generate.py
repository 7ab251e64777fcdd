"""Generate a corpus of declarations shaped like the real ones, for the benchmark.

Each declaration has 10 to 40 paragraphs in 2 or 3 languages (fr, es, en; the versions
say the same thing), a chapeau naming its authors, city and date, and operative
paragraphs that open with a speech act and name actors, principles, topics, places,
dates and earlier meetings. Half are numbered ("1."), half are unnumbered with a YAML
header, as the real inputs are. The words come from the vocabulary in ontology/.

    python bench/corpus_generate.py 1000 /tmp/corpus-1000
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SDO, SKOS

from lexgraph import iris
from lexgraph.vocabulary import Vocabulary

LANGS = ("fr", "es", "en")
MONTHS = {
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre",
    "en": "January February March April May June July August September October November December",
}
WORDS = {
    "fr": {
        "title": "Déclaration sur {topic}",
        "chapeau": "Les {actor}, réunis à {city}, le {date},",
        "object": "leur engagement en faveur de la {principle} et de la lutte contre {topic}",
        "addressee": "les {actor} à renforcer la coopération en matière de {topic}",
        "meeting": "Ils rappellent les résultats de la Réunion régionale sur {topic}, "
        "tenue le {date} à {city}.",
        "also": "De même, ils soulignent la situation des {actor}.",
    },
    "es": {
        "title": "Declaración sobre {topic}",
        "chapeau": "Los {actor}, reunidos en {city}, el {date},",
        "object": "su compromiso con la {principle} y la lucha contra {topic}",
        "addressee": "a los {actor} a fortalecer la cooperación en materia de {topic}",
        "meeting": "Recuerdan los resultados de la Reunión regional sobre {topic}, "
        "celebrada el {date} en {city}.",
        "also": "Asimismo, destacan la situación de los {actor}.",
    },
    "en": {
        "title": "Declaration on {topic}",
        "chapeau": "We, the {actor}, gathered in {city} on {date},",
        "object": "our commitment to {principle} and to addressing {topic}",
        "addressee": "the {actor} to strengthen cooperation on {topic}",
        "meeting": "We recall the results of the Regional Meeting on {topic}, "
        "held on {date} in {city}.",
        "also": "We also stress the situation of {actor}.",
    },
}


def _label(vocab: Vocabulary, iri: URIRef, lang: str) -> str:
    for value in vocab.graph.objects(iri, SKOS.prefLabel):
        if isinstance(value, Literal) and value.language == lang:
            return str(value)
    return str(iri).rsplit("/", 1)[-1]


def _when(day: date, lang: str) -> str:
    month = MONTHS[lang].split()[day.month - 1]
    if lang == "fr":
        return f"{day.day} {month} {day.year}"
    if lang == "es":
        return f"{day.day} de {month} de {day.year}"
    return f"{day.day} {month} {day.year}"


@dataclass
class Pools:
    acts: list[URIRef]
    directive: list[URIRef]
    actors: list[URIRef]
    authors: list[URIRef]
    """The actors that may adopt a declaration: not the rights-holders (migrants,
    refugees...), whom lexgraph, as the shapes expect, never reads as authors."""
    principles: list[URIRef]
    topics: list[URIRef]
    cities: list[URIRef]


def pools(vocab: Vocabulary) -> Pools:
    kinds: dict[str, list[URIRef]] = {}
    for entry in vocab.entries.values():
        if all(lang in entry.forms for lang in LANGS):
            kinds.setdefault(entry.kind, []).append(entry.iri)
    categories = {c for c in kinds["speech-act"] if (c, SKOS.topConceptOf, None) in vocab.graph}
    acts = [a for a in kinds["speech-act"] if a not in vocab.directive_acts | categories]
    cities = [p for p in kinds["place"] if (p, RDF.type, SDO.City) in vocab.graph]
    return Pools(
        sorted(acts),
        sorted(vocab.directive_acts & set(kinds["speech-act"])),
        sorted(kinds["actor"]),
        sorted(a for a in kinds["actor"] if not vocab.is_rights_holder(a)),
        sorted(kinds["principle"]),
        sorted(kinds["topic"]),
        sorted(cities),
    )


def _opening(vocab: Vocabulary, act: URIRef, lang: str) -> str:
    verb = _label(vocab, act, lang)
    if lang == "en":
        return f"We {verb}"
    return verb[:1].upper() + verb[1:]


def declaration(vocab: Vocabulary, p: Pools, rng: random.Random, n: int) -> dict[str, str]:
    """One declaration in 2 or 3 languages: {lang: text}."""
    langs = rng.sample(LANGS, rng.choice((2, 3)))
    day = date(2000, 1, 1) + timedelta(days=rng.randrange(9000))
    topic = rng.choice(p.topics)
    city = rng.choice(p.cities)
    author = rng.choice(p.authors)
    plan = []
    for _ in range(rng.randrange(9, 40)):
        plan.append(
            (
                rng.choice(p.acts),
                rng.choice(p.directive),
                rng.choice(p.actors),
                rng.choice(p.principles),
                rng.choice(p.topics),
                rng.choice(p.cities),
                day - timedelta(days=rng.randrange(30, 3000)),
                rng.random(),
            )
        )
    numbered = rng.random() < 0.5
    out = {}
    for lang in langs:
        w = WORDS[lang]
        L = lambda iri, lang=lang: _label(vocab, iri, lang)  # noqa: E731
        title = w["title"].format(topic=L(topic))
        paras = [w["chapeau"].format(actor=L(author), city=L(city), date=_when(day, lang))]
        for act, directive, actor, principle, top, where, when, dice in plan:
            what = w["object"].format(principle=L(principle), topic=L(top))
            text = f"{_opening(vocab, act, lang)} {what}."
            if dice < 0.3:
                text += " " + w["meeting"].format(
                    topic=L(top), date=_when(when, lang), city=L(where)
                )
            elif dice < 0.6:
                whom = w["addressee"].format(actor=L(actor), topic=L(top))
                text = f"{_opening(vocab, directive, lang)} {whom}."
            elif dice < 0.8:
                text += " " + w["also"].format(actor=L(actor))
            paras.append(text)
        if numbered:
            body = "\n\n".join(f"{k}. {t}" for k, t in enumerate(paras, start=1))
            out[lang] = f"{title}\n\n{body}\n"
        else:
            header = f"---\ntitle: \"{title}\"\ndate: '{day.isoformat()}'\n---\n\n"
            out[lang] = header + "\n\n".join(paras) + "\n"
    return out


def generate(count: int, folder: Path, seed: int = 6) -> list[Path]:
    """Write count declarations (each in 2-3 language files) to folder."""
    vocab = Vocabulary.load()
    p = pools(vocab)
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for n in range(count):
        for lang, text in declaration(vocab, p, rng, n).items():
            path = folder / f"decl-{n:05d}-{lang}.txt"
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


if __name__ == "__main__":
    files = generate(int(sys.argv[1]), Path(sys.argv[2]))
    print(f"{len(files)} files in {sys.argv[2]}")
    _ = iris  # the IRIs the ingest will mint follow lexgraph.iris
