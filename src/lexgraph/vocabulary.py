"""The vocabulary in ``ontology/`` as a gazetteer: what to look for in a text.

Every speech act, principle, topic, event type, document type, actor and place is an
entry whose SKOS labels (pref, alt and hidden, in fr, es and en) are the surface forms
matched against a text; so is every instrument (``lexid:instrument/{key}``), whose
titles (``dcterms:title``) stand for the preferred labels. Adding an operative verb or a
principle is a change to ``ontology/``, never to this code.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SDO, SKOS

from lexgraph import iris, paths
from lexgraph.lang import (
    ENCLITIC_REFLEXIVE,
    INFINITIVE_LEADS,
    INFINITIVES,
    INFLECTIONS,
    LEADING_ADVERBS,
    MEDIAL_ADVERBS,
    STEM_CHANGES,
)
from lexgraph.namespaces import ELI, LEX
from lexgraph.store import load_graph

CONCEPT_KINDS = ("speech-act", "principle", "topic", "event-type", "document-type")
"""Concept schemes whose labels are matched against texts (the others are not)."""

ACTOR_CLASSES = (
    URIRef("http://xmlns.com/foaf/0.1/Group"),
    URIRef("http://xmlns.com/foaf/0.1/Organization"),
    URIRef("http://xmlns.com/foaf/0.1/Agent"),
    URIRef("http://www.w3.org/ns/org#FormalOrganization"),
    SDO.GovernmentOrganization,
    SDO.Organization,
)
PLACE_CLASSES = (SDO.City, SDO.Country, SDO.Place, SDO.AdministrativeArea, SDO.Continent)

_LABELS = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
_INSTRUMENT_LABELS = (DCTERMS.title, SKOS.altLabel, SKOS.hiddenLabel)
_APOSTROPHES = str.maketrans(
    {"\u2019": "'", "\u02bc": "'", "`": "'", "\u2010": "-", "\u2011": "-", "\u00ad": "-"}
)
DIRECTIVE = iris.concept_iri("speech-act", "directive")
RIGHTS_HOLDER = iris.concept_iri("actor-role", "rights-holder")
_NOT_COPIED = frozenset({SKOS.hasTopConcept, SKOS.narrower, LEX.citedByInferenceIn})
"""Not copied with an entry: the inverse of what a graph states, and the citations of an
instrument by other documents' paragraphs (``ontology/instruments.ttl``)."""
_FOLLOWED = frozenset(
    {
        SKOS.inScheme,
        SKOS.broader,
        SDO.containedInPlace,
        DCTERMS.hasPart,
        ELI.is_about,
        LEX.role,
        ORG.subOrganizationOf,
    }
)


def _alternation(phrases: Iterable[str]) -> str:
    """A regular expression matching any of phrases, longest first, their words separated
    by any spaces."""
    ordered = sorted(phrases, key=lambda p: (-len(p), p))
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in ordered)


def _trie(forms: Iterable[str], after_first: str) -> str:
    """A regular expression matching any of forms (their words separated by after_first
    after the first word, by any spaces after the others), as a trie of their characters:
    the engine follows one branch where an alternation of every form would try each in
    turn at each position of a text. Continuations come before the end of a shorter form,
    so that the longest form matches, as longest-first alternatives would.

    >>> print(_trie(["Lima", "Lima Group", "Lisbon"], r"\\s+"))
    li(?:ma(?:\\s+group)?|sbon)
    """
    end = ""  # a key no token has: a form ends here
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for form in forms:
        node = root
        first, *rest = form.lower().split()
        tokens = [re.escape(c) for c in first]
        for n, word in enumerate(rest):
            tokens += [after_first if n == 0 else r"\s+", *(re.escape(c) for c in word)]
        for token in tokens:
            node = node.setdefault(token, {})
        node[end] = {}

    def render(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
        branches = [token + render(child) for token, child in sorted(node.items()) if token]
        if not branches:
            return ""
        if end in node:
            return f"(?:{'|'.join(branches)})?"
        return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"

    return render(root)


def _unchanged_stem(stem: str, changed: str, plain: str) -> str:
    """A stem with its last changed vowel put back ("aprueb" to "aprob"), or "" if it has
    none."""
    at = stem.rfind(changed)
    return stem[:at] + plain + stem[at + len(changed) :] if at > 0 else ""


def fold(text: str) -> str:
    """Text with every apostrophe made straight and every hyphen plain; same length.

    >>> fold("l’Amérique")
    "l'Amérique"
    >>> fold("Co\u2011operative")
    'Co-operative'
    """
    return text.translate(_APOSTROPHES)


@dataclass(frozen=True)
class Match:
    """Words of a text that name a vocabulary entry."""

    kind: str
    entry: URIRef
    start: int
    end: int
    exact: str
    label: str


@dataclass(frozen=True)
class Entry:
    iri: URIRef
    kind: str
    key: str
    forms: dict[str, tuple[str, ...]]


class Vocabulary:
    """The graph of ``ontology/`` and the gazetteer drawn from it."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.entries: dict[URIRef, Entry] = {}
        self._hidden: set[tuple[URIRef, str]] = set()  # (entry, form in lower case)
        for iri, kind in self._kinds():
            forms: dict[str, list[str]] = {}
            for prop in _INSTRUMENT_LABELS if kind == "instrument" else _LABELS:
                for label in graph.objects(iri, prop):
                    if isinstance(label, Literal) and label.language:
                        forms.setdefault(label.language, []).append(fold(str(label)))
                        if prop == SKOS.hiddenLabel:
                            self._hidden.add((iri, fold(str(label)).lower()))
            key = str(iri).rsplit("/", 1)[-1]
            self.entries[iri] = Entry(
                iri, kind, key, {lang: tuple(sorted(set(f))) for lang, f in forms.items()}
            )
        self._patterns: dict[tuple[str, str], tuple[re.Pattern[str], dict[str, Entry]]] = {}
        self._senses: dict[tuple[str, str], dict[str, tuple[URIRef, ...]]] = {}
        self._single: dict[tuple[str, str], dict[str, Entry]] = {}
        self._nearest: dict[tuple[str, str, str], str | None] = {}
        self._labels: dict[tuple[URIRef, str, str], str] = {}
        self._folded: tuple[str, str] = ("", "")  # the last text find() folded, folded
        self._inflected: dict[
            tuple[str, str], tuple[re.Pattern[str], dict[str, Match], set[str]]
        ] = {}

    @classmethod
    def load(cls, directory: Path | None = None) -> Vocabulary:
        """The vocabulary of every ``*.ttl`` in ``ontology/``."""
        folder = directory or paths.ontology_dir()
        return cls(load_graph(sorted(folder.glob("*.ttl"))))

    def _kinds(self) -> Iterator[tuple[URIRef, str]]:
        g = self.graph
        for kind in CONCEPT_KINDS:
            concepts = g.subjects(SKOS.inScheme, iris.concept_iri(kind))
            for concept in sorted(c for c in concepts if isinstance(c, URIRef)):
                yield concept, kind
        for kind, classes in (("actor", ACTOR_CLASSES), ("place", PLACE_CLASSES)):
            found = {s for c in classes for s in g.subjects(RDF.type, c) if isinstance(s, URIRef)}
            for s in sorted(found):
                yield s, kind
        events = {e for e in g.subjects(RDF.type, SDO.Event) if isinstance(e, URIRef)}
        for e in sorted(events):
            yield e, "meeting"
        resources = g.subjects(RDF.type, ELI.LegalResource)
        instruments = {r for r in resources if isinstance(r, URIRef)}
        for r in sorted(i for i in instruments if str(i).startswith(iris.INSTRUMENT_BASE)):
            yield r, "instrument"

    @cached_property
    def directive_acts(self) -> frozenset[URIRef]:
        """Speech acts whose category is directive: they may name an addressee."""
        return frozenset(
            s
            for s in self.graph.transitive_subjects(SKOS.broader, DIRECTIVE)
            if isinstance(s, URIRef) and s != DIRECTIVE
        )

    def is_rights_holder(self, actor: URIRef) -> bool:
        """Whether the vocabulary gives actor the role of a rights-holder (migrants,
        refugees): the people a text speaks of, never its author."""
        return (actor, LEX.role, RIGHTS_HOLDER) in self.graph

    def is_city(self, place: URIRef) -> bool:
        """Whether the vocabulary says place is a city."""
        return (place, RDF.type, SDO.City) in self.graph

    def is_country(self, place: URIRef) -> bool:
        """Whether the vocabulary says place is a country."""
        return (place, RDF.type, SDO.Country) in self.graph

    def meeting(self, iri: URIRef) -> tuple[URIRef, str | None, str | None, URIRef | None]:
        """What ``ontology/meetings.ttl`` says of a meeting: its type, first and last day
        (ISO 8601) and place."""
        g = self.graph
        kind, start, end, place = (
            g.value(iri, p) for p in (DCTERMS.type, SDO.startDate, SDO.endDate, SDO.location)
        )
        assert isinstance(kind, URIRef), iri
        return (
            kind,
            str(start) if start is not None else None,
            str(end) if end is not None else None,
            place if isinstance(place, URIRef) else None,
        )

    def containers(self, place: URIRef) -> set[URIRef]:
        """Every place that contains place, transitively."""
        out = set(self.graph.transitive_objects(place, SDO.containedInPlace))
        out.discard(place)
        return {p for p in out if isinstance(p, URIRef)}

    def label(self, iri: URIRef, lang: str = "en") -> str:
        """The preferred label of an entry in a language, else its rdfs:label, else its key."""
        for prop in (SKOS.prefLabel, RDFS.label):
            for value in self.graph.objects(iri, prop):
                if isinstance(value, Literal) and value.language == lang:
                    return str(value)
        return str(iri).rsplit("/", 1)[-1]

    def forms(self, kind: str, lang: str) -> list[tuple[str, Entry]]:
        """Every surface form of a kind in a language, longest first; of entries that share
        a form, the one that does not hide it first (its default sense)."""
        pairs = [
            (form, e)
            for e in self.entries.values()
            if e.kind == kind
            for form in e.forms.get(lang, ())
        ]
        return sorted(
            pairs,
            key=lambda p: (
                -len(p[0]),
                p[0].lower(),
                (p[1].iri, p[0].lower()) in self._hidden,
                str(p[1].iri),
            ),
        )

    def senses(self, m: Match, lang: str) -> tuple[URIRef, ...]:
        """Every entry of m's kind with the form m matched, its default sense first: more
        than one where entries share a label ("General Assembly", the United Nations' and
        the Organization of American States')."""
        self._pattern(m.kind, lang)
        return self._senses[(m.kind, lang)].get(m.label.lower(), (m.entry,))

    def symbol_series(self, entry: URIRef) -> set[str]:
        """The first components of the symbols of the documents entry adopts ("A", "AG")."""
        return {str(v) for v in self.graph.objects(entry, LEX.symbolSeries)}

    def parents(self, entry: URIRef) -> set[URIRef]:
        """The organisations entry is an organ of (org:subOrganizationOf)."""
        return {
            o for o in self.graph.objects(entry, ORG.subOrganizationOf) if isinstance(o, URIRef)
        }

    def _pattern(self, kind: str, lang: str) -> tuple[re.Pattern[str], dict[str, Entry]]:
        cached = self._patterns.get((kind, lang))
        if cached is None:
            by_form: dict[str, Entry] = {}
            senses: dict[str, tuple[URIRef, ...]] = {}
            alternatives = []
            medial = self._medial(kind, lang)
            after_first = rf"\s+(?:(?:{medial})\s+)?" if medial else r"\s+"
            for form, entry in self.forms(kind, lang):
                if by_form.setdefault(form.lower(), entry) is not entry:
                    senses.setdefault(form.lower(), (by_form[form.lower()].iri,))
                    senses[form.lower()] += (entry.iri,)
                    continue
                alternatives.append(form)
            body = _trie(alternatives, after_first) or r"(?!x)x"
            pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)
            cached = self._patterns[(kind, lang)] = (pattern, by_form)
            self._senses[(kind, lang)] = senses
        return cached

    @staticmethod
    @functools.cache
    def _medial(kind: str, lang: str) -> str:
        """The adverbs (``lang.MEDIAL_ADVERBS``) that may follow the first word of a speech
        act's phrase, as a regular expression; empty for other kinds."""
        if kind != "speech-act":
            return ""
        return _alternation(MEDIAL_ADVERBS[lang])

    def _form_key(self, matched: str, kind: str, lang: str, by_form: dict[str, Entry]) -> str:
        """The known form a match is of: its words, without an adverb after the first."""
        key = " ".join(matched.split()).lower()
        medial = self._medial(kind, lang)
        if key in by_form or not medial:
            return key
        return re.sub(rf"^(\S+)\s+(?:{medial})\s+", r"\1 ", key, flags=re.IGNORECASE)

    def find(self, text: str, kind: str, lang: str) -> list[Match]:
        """Every mention of an entry of a kind in text, leftmost-longest, non-overlapping."""
        pattern, by_form = self._pattern(kind, lang)
        last, folded = self._folded  # one text is searched for every kind in turn
        if last is not text:
            folded = fold(text)
            self._folded = (text, folded)
        out = []
        for m in pattern.finditer(folded):
            key = self._form_key(m.group(), kind, lang, by_form)
            entry = by_form[key]
            label = self._labels.get((entry.iri, lang, key))
            if label is None:
                label = next(f for f in entry.forms[lang] if f.lower() == key)
                self._labels[(entry.iri, lang, key)] = label
            out.append(Match(kind, entry.iri, m.start(), m.end(), text[m.start() : m.end()], label))
        return out

    def single_word_forms(self, kind: str, lang: str) -> dict[str, Entry]:
        """The one-word surface forms of a kind, for near matches of misspelt words."""
        cached = self._single.get((kind, lang))
        if cached is None:
            forms = {f.lower(): e for f, e in self.forms(kind, lang) if " " not in f}
            cached = self._single[(kind, lang)] = forms
        return dict(cached)

    def inflected_opening(self, text: str, kind: str, lang: str) -> Match | None:
        """A known form inflected by the grammar (``lang.INFLECTIONS``) at the start of
        text, after any leading adverbs (``lang.LEADING_ADVERBS``): "Requests" (request),
        "Also requests", "Prie" (prient), "Welcoming" (welcome), "Acogiendo" (acogen),
        "Préoccupée par" (préoccupés par); its label is the known form. Only at the start:
        in mid-sentence these words are often nouns or adjectives ("requests", "demande",
        "welcoming")."""
        cached = self._inflected.get((kind, lang))
        if cached is None:
            known = {f.lower() for f, _ in self.forms(kind, lang)}
            made: dict[str, Match] = {}  # the inflected form (lower case): its known form
            infinitives: set[str] = set()  # the variants that are infinitives
            reflexive = ENCLITIC_REFLEXIVE[lang]
            for form, entry in self.forms(kind, lang):
                words = form.split()
                endings = [(e, i, False) for e, i in INFLECTIONS[lang]]
                endings += [(e, i, True) for e, i in INFINITIVES[lang]]
                for ending, inflected, infinitive in endings:
                    at = next((i for i, w in enumerate(words) if w.endswith(ending)), None)
                    if at is None:
                        continue
                    stem = words[at][: len(words[at]) - len(ending)]
                    stems = [stem]
                    if infinitive:  # "aprueban": "aprobar"
                        stems += [
                            _unchanged_stem(stem, old, new) for old, new in STEM_CHANGES[lang]
                        ]
                    for verb in dict.fromkeys(s + inflected for s in stems if s):
                        before = words[:at]
                        if infinitive and reflexive and before[-1:] == [reflexive]:
                            before, verb = before[:-1], verb + reflexive  # "comprometerse"
                        variant = " ".join([*before, verb, *words[at + 1 :]]).lower()
                        if variant not in known:
                            made.setdefault(variant, Match(kind, entry.iri, 0, 0, "", form))
                            if infinitive:
                                infinitives.add(variant)
            body = _alternation(made)
            adverbs = _alternation(LEADING_ADVERBS[lang])
            lead = rf"(?:(?:{adverbs})\s+)*" if adverbs else ""
            if INFINITIVE_LEADS[lang]:
                lead = rf"(?P<to>{INFINITIVE_LEADS[lang]})?{lead}"
            pattern = re.compile(rf"{lead}(?P<verb>{body or '(?!x)x'})(?!\w)", re.IGNORECASE)
            cached = self._inflected[(kind, lang)] = (pattern, made, infinitives)
        pattern, made, infinitives = cached
        m = pattern.match(fold(text))
        if m is None:
            return None
        verb = " ".join(m.group("verb").split()).lower()
        if "to" in pattern.groupindex and m.group("to") and verb not in infinitives:
            return None  # "De" before a verb that is not an infinitive
        known_form = made[verb]
        start, end = m.span("verb")
        return replace(known_form, start=start, end=end, exact=text[start:end])

    def nearest_single_word(self, word: str, kind: str, lang: str) -> str | None:
        """The one-word form of a kind closest to word (lower case), if close enough
        (difflib's ratio of 0.8 at least); remembered, as opening words repeat."""
        key = (word, kind, lang)
        if key not in self._nearest:
            forms = self._single.get((kind, lang)) or self.single_word_forms(kind, lang)
            close = difflib.get_close_matches(word, list(forms), n=1, cutoff=0.8)
            self._nearest[key] = close[0] if close else None
        return self._nearest[key]

    def describe(self, resources: Sequence[URIRef]) -> Graph:
        """The vocabulary's triples about resources and what they lead to in ``lexid:``."""
        out = Graph()
        seen: set[URIRef] = set()
        todo = list(resources)
        prefix = str(iris.entity_iri("x"))[: -len("x")]
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            for p, o in self.graph.predicate_objects(node):
                if p in _NOT_COPIED:
                    continue
                out.add((node, p, o))
                if p in _FOLLOWED and isinstance(o, URIRef) and str(o).startswith(prefix):
                    todo.append(o)
        return out


__all__ = ["Entry", "Match", "Vocabulary", "fold"]
