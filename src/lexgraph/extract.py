"""Find what a segmented text says: clauses and their speech acts, actors, meetings,
places, dates, principles, topics and editorial marks, each with its span.

The second stage of the pipeline: it takes a :class:`~lexgraph.segment.Segmented` text
and a :class:`~lexgraph.vocabulary.Vocabulary` and returns an :class:`Extraction`, plain
data that :mod:`lexgraph.assemble` turns into RDF. Every rule here is general: what it
looks for comes from the vocabulary, and what grammar needs from :mod:`lexgraph.lang`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol, TypeVar

from rdflib import URIRef

from lexgraph import iris
from lexgraph.dates import DateMatch, find_dates
from lexgraph.lang import (
    BARE_INFINITIVE_LEADS,
    CITY_PREPOSITIONS,
    CONJUNCTIONS,
    DETERMINERS,
    EDITORIAL_MARKS,
    FUTURE_ACT,
    FUTURE_OPENINGS,
    INFINITIVE_MARKERS,
    LIST_ITEM_INFINITIVES,
    LOCATIVES,
    MEETING_CLOSERS,
    NOMINAL_ITEMS,
    RELATIVES,
    SPEAKERS,
    STOPWORDS,
    THAT_ITEMS,
    guess_language,
    is_preambular_opening,
)
from lexgraph.segment import SUBITEM_NUMBER, Paragraph, Segmented, normalise
from lexgraph.vocabulary import Match, Vocabulary, fold

_SENTENCE_END = re.compile(r"(?<!\.\d)(?<!\.\d\d)[.;!?](?=\s)")
"""A sentence's end; not the period after a subparagraph's number ("2.1. Acordamos")."""
_SUBITEM_NUMBER = re.compile(rf"{SUBITEM_NUMBER}\s+")
_NEXT_SUBITEM = re.compile(rf"\s+{SUBITEM_NUMBER}\s+$")
"""The number of the subparagraph that follows a clause, which ends before it."""
_CONTEXT = 32


@dataclass(frozen=True)
class Mention:
    """Words of a paragraph that the graph records as evidence for a fact."""

    paragraph: int
    kind: str  # a key of the mention-kind scheme
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    rule: str
    body: URIRef | None = None
    label: str | None = None  # the vocabulary label that matched
    note: str | None = None  # for editorial notes: the mark ("sic")


@dataclass(frozen=True)
class Clause:
    """A stretch of a paragraph opened by a verb that carries one speech act."""

    paragraph: int
    index: int
    start: int
    end: int
    text: str
    verb: str | None  # None in a list item, whose verb is in its lead-in (governed_by)
    act: URIRef
    standard_form: str | None
    receiver: URIRef | None
    governed_by: tuple[int, int] | None = None  # (paragraph, clause index) of the lead-in


@dataclass(frozen=True)
class Meeting:
    """A meeting a paragraph names, with what the sentence says of its date and place."""

    iri: URIRef
    paragraph: int
    name: str
    event_type: URIRef
    first: str | None
    last: str | None
    place: URIRef | None


@dataclass
class Extraction:
    """What the pipeline found in one text."""

    lang: str
    title: str | None
    doctype: URIRef | None
    date: str | None = None
    last_day: str | None = None  # where the chapeau dates the text by a meeting's days
    place: URIRef | None = None
    author: URIRef | None = None
    framework_event: URIRef | None = None
    symbol: str | None = None  # the document symbol its text prints ("A/RES/66/172")
    paragraphs: list[Paragraph] = field(default_factory=list)
    kinds: dict[int, str] = field(default_factory=dict)
    clauses: list[Clause] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    line_mentions: list[Mention] = field(default_factory=list)
    """Mentions in the lines outside the paragraphs (a dateline, a closing line) that date
    or place the text; their offsets are in the source text (``paragraph`` 0)."""
    meetings: list[Meeting] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def _bodies(self, number: int, kinds: tuple[str, ...]) -> list[URIRef]:
        """What a paragraph's mentions of some kinds name, sorted, each once."""
        return sorted(
            {m.body for m in self.mentions if m.paragraph == number and m.kind in kinds and m.body}
        )

    def about(self, number: int) -> list[URIRef]:
        """Principles and topics a paragraph invokes."""
        return self._bodies(number, ("principle", "topic"))

    def cites(self, number: int) -> list[URIRef]:
        """Instruments a paragraph names."""
        return self._bodies(number, ("instrument",))

    def references(self, number: int) -> list[URIRef]:
        """Meetings a paragraph refers to."""
        return sorted({m.iri for m in self.meetings if m.paragraph == number})


def _mention(p: Paragraph, kind: str, start: int, end: int, rule: str, **kw: object) -> Mention:
    text = p.text
    return Mention(
        p.number,
        kind,
        start,
        end,
        text[start:end],
        text[max(0, start - _CONTEXT) : start],
        text[end : end + _CONTEXT],
        rule,
        **kw,  # type: ignore[arg-type]
    )


def _from_match(p: Paragraph, m: Match, kind: str | None = None) -> Mention:
    return _mention(p, kind or m.kind, m.start, m.end, "gazetteer", body=m.entry, label=m.label)


def _sentence_start(text: str, pos: int) -> int:
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, pos):
        start = m.end()
    while start < len(text) and text[start].isspace():
        start += 1
    number = _SUBITEM_NUMBER.match(text, start, pos)
    return number.end() if number else start  # "1.1 Reconocemos": the clause is the words


_NOUN_KINDS = ("document-type", "actor", "place", "principle", "topic")
"""The kinds of the vocabulary whose forms are nouns and names."""


def _future_opening(vocab: Vocabulary, text: str, lang: str) -> Match | None:
    """A paragraph opening in the future tense of the first person plural ("Nous
    continuerons à", "Promoveremos"): the authors commit themselves (see
    :data:`lexgraph.lang.FUTURE_OPENINGS`)."""
    pattern = FUTURE_OPENINGS.get(lang)
    m = re.match(pattern, fold(text), re.IGNORECASE) if pattern else None
    if m is None:
        return None
    act = iris.concept_iri("speech-act", FUTURE_ACT)
    return Match("speech-act", act, 0, m.end(), text[: m.end()], vocab.label(act, lang))


def _fuzzy_opening_verb(vocab: Vocabulary, p: Paragraph, lang: str) -> Match | None:
    """The paragraph's first word, matched to the nearest known one-word verb form,
    unless it is a word of the vocabulary of another kind ("Declaración de la CELAC ...",
    a title: not "declaran"), or the paragraph is too short to be a clause (a table's
    header, "Comments": not "commend")."""
    first = re.match(r"\w+", p.text)
    if not first or not first.group()[:1].isupper() or len(p.text.split()) < 3:
        return None
    if any(vocab.find(first.group(), kind, lang) for kind in _NOUN_KINDS):
        return None
    close = vocab.nearest_single_word(first.group().lower(), "speech-act", lang)
    if close is None or abs(len(close) - len(first.group())) > 2:
        return None  # a misspelling keeps about its length: "Estamos" is not "resaltamos"
    entry = vocab.single_word_forms("speech-act", lang)[close]
    return Match("speech-act", entry.iri, first.start(), first.end(), first.group(), close)


def _clauses(
    vocab: Vocabulary, p: Paragraph, acts: list[Mention], actors: list[Match], lang: str
) -> list[Clause]:
    text = p.text
    starts: list[int] = []
    for i, act in enumerate(acts):
        sentence = _sentence_start(text, act.start)
        if i == 0 or acts[i - 1].start < sentence:
            starts.append(sentence if i else 0)
            continue
        before = text[: act.start].rstrip()
        start = act.start
        for conj in CONJUNCTIONS[lang]:
            if re.search(rf"(?<!\w){conj}$", before, re.IGNORECASE):
                start = len(before) - len(conj)
        starts.append(start)
    clauses = []
    for i, act in enumerate(acts):
        start = starts[i]
        end = starts[i + 1] if i + 1 < len(acts) else len(text)
        body = _NEXT_SUBITEM.sub("", text[start:end]).rstrip(" ,")
        end = start + len(body)
        receiver = None
        if act.body in vocab.directive_acts:
            for actor in actors:
                gap = text[act.end : actor.start]
                if act.end <= actor.start < end and re.fullmatch(r"\s+(?:\w+\s+){0,2}", gap):
                    receiver = actor.entry
                    break
        standard = None
        if act.rule == "fuzzy-verb" and act.label:
            standard = (
                act.label[:1].upper() + act.label[1:] if act.exact[:1].isupper() else act.label
            )
        assert act.body is not None
        clauses.append(
            Clause(p.number, i + 1, start, end, body, act.exact, act.body, standard, receiver)
        )
    return clauses


_WORD_BEFORE = re.compile(r"(?<!\w)(\w+)\s+$")


def _after_determiner(text: str, start: int, lang: str) -> bool:
    """Whether the word at start follows a determiner, which makes it a noun ("We
    recognize the value of ...": "value" is no act of appreciating)."""
    before = _WORD_BEFORE.search(text, max(0, start - 24), start)  # determiners are short
    return before is not None and before.group(1).lower() in DETERMINERS[lang]


def _another_subjects(text: str, act: _Span, instruments: list[Match], lang: str) -> bool:
    """Whether a verb is another subject's than the speakers': after a relative pronoun ("la
    Déclaration, qui proclame"), or right after the name of an instrument, its subject ("the
    Universal Declaration of Human Rights proclaims")."""
    if RELATIVES[lang].search(text, max(0, act.start - 24), act.start):
        return True
    return any(i.end <= act.start and not text[i.end : act.start].strip() for i in instruments)


def _without_complements(text: str, acts: list[Mention], lang: str) -> list[Mention]:
    """acts without the infinitives that complete an earlier act of their sentence
    ("Urges States to adopt measures": one clause, an urging)."""
    markers = "|".join(re.escape(m) for m in INFINITIVE_MARKERS[lang])
    if not markers:
        return acts
    kept: list[Mention] = []
    for act in acts:
        complement = (
            kept
            and kept[-1].start >= _sentence_start(text, act.start)
            and re.search(rf"(?<!\w)(?:{markers})\s+$", text[: act.start], re.IGNORECASE)
        )
        if not complement:
            kept.append(act)
    return kept


_NOT_VERBS = {"this", "these", "those", "they", "all", "each", "such", "its", "his", "her"}
"""English words that open a sentence and are no bare infinitive, beside the stopwords and
the determiners."""


def _bare_infinitive(lead: Clause, text: str, lang: str) -> re.Match[str] | None:
    """The bare infinitive opening an item under a lead-in that ends with its marker
    ("Commit to:" then "1. Strengthen ..."): a first word that is no pronoun, article or
    preposition ("We also urge ..." is a paragraph of its own)."""
    marker = BARE_INFINITIVE_LEADS[lang]
    word = re.match(r"[^\W\d_]{3,}(?!\w)", text)
    if marker is None or word is None or not marker.search(lead.text.rstrip(" *")):
        return None
    first = word.group().lower()
    if first in STOPWORDS[lang] or first in DETERMINERS[lang] or first in _NOT_VERBS:
        return None
    return word


def _list_item(
    vocab: Vocabulary,
    p: Paragraph,
    lead: Clause,
    acts: list[Mention],
    actors: list[Match],
    lang: str,
) -> list[Clause]:
    """The clauses of a list item after a lead-in ("we intend to work together to:"): the
    first carries the lead-in's speech act (no verb of its own), then one for each act of
    the item's later sentences."""
    own = _clauses(vocab, p, acts, actors, lang)
    if own:
        start = _sentence_start(p.text, acts[0].start)
        own[0] = replace(own[0], start=start, text=p.text[start : own[0].end])
    end = own[0].start if own else len(p.text)
    body = p.text[:end].rstrip(" ,")
    item = Clause(
        p.number,
        1,
        0,
        len(body),
        body,
        None,
        lead.act,
        None,
        lead.receiver,
        governed_by=(lead.paragraph, lead.index),
    )
    return [item, *(replace(c, index=c.index + 1) for c in own)]


def _editorial_marks(p: Paragraph) -> list[Mention]:
    """Each "(sic)" as a note on the word it follows."""
    marks = "|".join(re.escape(m) for m in EDITORIAL_MARKS)
    out = []
    for m in re.finditer(rf"[(\[]\s*({marks})\s*[)\]]", p.text, re.IGNORECASE):
        words = list(re.finditer(r"\w[\w'’-]*", p.text[: m.start()]))
        word = words[-1] if words else None
        if word is not None:
            out.append(
                _mention(
                    p,
                    "editorial-note",
                    word.start(),
                    word.end(),
                    "editorial-mark",
                    note=m.group(1).lower(),
                )
            )
    return out


def _place_groups(
    vocab: Vocabulary, places: list[Match], text: str
) -> list[tuple[Match, int, int]]:
    """Places with the containers that follow them ("Lima, Pérou"): (head, start, end). A
    city whose country the vocabulary does not say is in the country that follows it, as
    an address writes it ("Quito, Ecuador")."""
    groups: list[tuple[Match, int, int]] = []
    for m in places:
        if groups:
            head, start, end = groups[-1]
            between = text[end : m.start]
            if re.fullmatch(r"\s*,\s*", between):
                containers = vocab.containers(head.entry)
                addressed = (
                    not containers
                    and start == head.start
                    and head.end == end
                    and vocab.is_city(head.entry)
                    and vocab.is_country(m.entry)
                )
                if m.entry in containers or addressed:
                    groups[-1] = (head, start, m.end)
                    continue
        groups.append((m, m.start, m.end))
    return groups


def _capitalised_words_before(text: str, pos: int, floor: int) -> int:
    """Where a name begins that ends in a head noun: "the Regional Meeting" -> "Regional"."""
    while True:
        m = re.search(r"(?<!\w)([A-ZÀ-Þ][\w'’-]*)\s+$", text[floor:pos])
        if not m or floor + m.start(1) == floor:
            return pos
        pos = floor + m.start(1)


@functools.cache
def _locatives(lang: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A locative preposition (``lang.LOCATIVES``) before a word, the word's first letter
    in group 1; and one that ends a text, an article after it or not ("reunidos en ")."""
    words = "|".join(re.escape(w) for w in LOCATIVES[lang])
    return (
        re.compile(rf"\s+(?:{words})\s+(?=(\w))"),
        re.compile(rf"(?<!\w)(?:{words})\s+(?:(?:the|el|la|le|les)\s+|l['’])?$", re.IGNORECASE),
    )


_ORDINAL_BEFORE = re.compile(r"(?<!\w)\d{1,3}(?:e|er|ère|ème|º|ª|o|a|st|nd|rd|th)\.?\s+$")
"""A number written as an ordinal right before a word: "9e", "9º", "9th"."""


def _meetings(
    vocab: Vocabulary,
    p: Paragraph,
    lang: str,
    dates: list[DateMatch],
    places: list[Match],
    known: list[Meeting],
    names: Sequence[Match] = (),
) -> tuple[list[Meeting], list[Mention]]:
    """The meetings a paragraph names, but not inside names of instruments or actors ("the
    Declaration of the ... Conference", "the Regional Conference on Migration")."""
    text = p.text
    closers = "|".join(re.escape(c) for c in MEETING_CLOSERS[lang])
    meetings: list[Meeting] = []
    mentions: list[Mention] = []
    groups = _place_groups(vocab, places, text)
    # a common noun ("la réunion") is not a meeting's name; a head in lower case is one
    # after an ordinal number ("9e sommet des Amériques", as French typography writes it)
    heads = [
        h
        for h in _outside(vocab.find(text, "event-type", lang), names)
        if h.exact[:1].isupper() or _ORDINAL_BEFORE.search(text, 0, h.start)
    ]
    conjunctions = "|".join(re.escape(c) for c in CONJUNCTIONS[lang])
    described = vocab.find(text, "meeting", lang) if heads else []  # ontology/meetings.ttl
    for n, head in enumerate(heads):
        # a meeting the vocabulary describes, by a name it knows ("the Ninth Summit of the
        # Americas"): that meeting, with its days and place
        curated = next((m for m in described if m.start <= head.start < m.end), None)
        if curated is not None and any(k.start == curated.start for k in mentions):
            continue  # a second head in the same name ("... Forum ... Summit")
        if curated is not None:
            event_type, first, last, place = vocab.meeting(curated.entry)
            name = text[curated.start : curated.end]
            meetings.append(Meeting(curated.entry, p.number, name, event_type, first, last, place))
            mentions.append(
                _mention(
                    p,
                    "meeting",
                    curated.start,
                    curated.end,
                    "gazetteer",
                    body=curated.entry,
                    label=curated.label,
                )
            )
            continue
        sentence_start = _sentence_start(text, head.start)
        end_match = _SENTENCE_END.search(text, head.end)
        sentence_end = end_match.start() if end_match else len(text)
        stop = sentence_end
        if n + 1 < len(heads) and heads[n + 1].start < stop:
            # the next meeting's name ends this one ("... (CRM) y la Conferencia ...")
            following = _capitalised_words_before(text, heads[n + 1].start, head.end)
            between = text[head.end : following]
            cut = re.search(rf"\s+(?:{conjunctions})(?:\s+\w{{1,3}})?\s*$", between)
            stop = head.end + (cut.start() if cut else len(between))
        for pattern in (rf"\s*,|\s*;|\s+(?:{closers})(?!\w)", r"\s+(?:le|les|el|los|on)?\s*\d"):
            regex = re.compile(pattern, re.IGNORECASE)
            found = regex.search(text, head.end, stop)
            # a comma inside an instrument's name does not end the meeting's ("the
            # Conference to Adopt the Global Compact for Safe, Orderly and Regular Migration")
            while found and (
                inside := next((n for n in names if n.start < found.start() < n.end), None)
            ):
                found = regex.search(text, inside.end, stop)
            if found:
                stop = found.start()
        for d in dates:
            if head.end <= d.start < stop:
                stop = d.start
        # "... des Amériques à Québec", "... in Los Angeles": where it met, not its name
        for found in _locatives(lang)[0].finditer(text, head.end, stop):
            at = found.end()
            if any(g[1] == at for g in groups) or (lang == "fr" and found[1].isupper()):
                stop = found.start()
                break
        begin = _capitalised_words_before(text, head.start, sentence_start)
        ordinal = _ORDINAL_BEFORE.search(text, sentence_start, begin)
        begin = ordinal.start() if ordinal else begin
        name = text[begin:stop].rstrip()
        end = begin + len(name)
        # a date or place is this meeting's if no other meeting is named between them
        # ("the World Conference on Human Rights, ... and the World Conference against
        # Racism, held in Durban ... 2001": Durban's date is the last one's only)
        upto = min(sentence_end, heads[n + 1].start) if n + 1 < len(heads) else sentence_end
        since = max(sentence_start, heads[n - 1].end) if n else sentence_start
        after = [d for d in dates if end <= d.start < upto]
        before = [d for d in dates if since <= d.start and d.end <= begin]
        date = after[0] if after else (before[-1] if before else None)
        # a place after the name locates it only if it follows closely ("..., tenue à Lima")
        g_after = [g for g in groups if end <= g[1] < upto and g[1] - end <= 60]
        g_before = [g for g in groups if since <= g[1] and g[2] <= begin]
        group = g_after[0] if g_after else (g_before[-1] if g_before else None)
        place = group[0].entry if group else None
        first = date.first.isoformat() if date else None
        last = date.last.isoformat() if date else None
        type_key = str(head.entry).rsplit("/", 1)[-1]
        same_name = [k for k in known if k.name.lower() == name.lower()]
        if first is None and same_name:
            iri = same_name[0].iri
        else:
            place_key = str(place).rsplit("/", 1)[-1] if place else None
            iri = iris.event_iri(first, place_key, type_key, name)
        meetings.append(Meeting(iri, p.number, name, head.entry, first, last, place))
        mentions.append(
            _mention(p, "meeting", begin, end, "meeting-phrase", body=iri, label=head.label)
        )
    return meetings, mentions


def _chapeau(
    out: Extraction,
    vocab: Vocabulary,
    text: str,
    actors: list[Match],
    dates: list[DateMatch],
    places: list[Match],
    meetings: list[Meeting],
) -> None:
    """Who adopts the text, when, where and at which meeting, from its chapeau. The
    author is the first actor named who is not a rights-holder ("Los Jefes de Estado ...,
    preocupados por los migrantes": the Heads of State)."""
    authors = [a for a in actors if not vocab.is_rights_holder(a.entry)]
    if authors:
        out.author = authors[0].entry
    if dates:
        out.date = dates[0].first.isoformat()
        out.last_day = dates[0].last.isoformat()
    main = _main_place(vocab, places, text, out.lang)
    out.place = main.entry if main else None
    if meetings:
        out.framework_event = meetings[0].iri


_RESOLUTION_SYMBOL = re.compile(r"/RES(?:[/.]|$)")
"""A resolution's symbol, as the United Nations and the Organization of American States
give them: "A/RES/71/1", "AG/RES. 2883 (XLVI-O/16)"."""


def _main_place(vocab: Vocabulary, places: list[Match], text: str, lang: str) -> Match | None:
    """Where a text was adopted, of the places its chapeau or dateline names: the city if
    one is named (the others are often signatory States), else the only place, else the
    first after a locative preposition ("reunidos en Panamá"); none of a list of States."""
    groups = _place_groups(vocab, places, text)
    cities = [g for g in groups if vocab.is_city(g[0].entry)]
    if cities or len(groups) == 1:
        return (cities or groups)[0][0]
    before = _locatives(lang)[1]
    located = [g for g in groups if before.search(text, max(0, g[1] - 16), g[1])]
    return located[0][0] if located else None


def _places(vocab: Vocabulary, text: str, lang: str) -> list[Match]:
    """The places a text names. A name a country and its city share is the country's,
    unless the grammar places it in the city (``lang.CITY_PREPOSITIONS``: "réunis à Panama",
    where "au Panama" is the country)."""
    found = vocab.find(text, "place", lang)
    preposition = CITY_PREPOSITIONS[lang]
    if preposition is None:
        return found
    out = []
    for m in found:
        senses = vocab.senses(m, lang)
        if len(senses) > 1 and preposition.search(fold(text[: m.start])):
            city = next((s for s in senses if vocab.is_city(s)), m.entry)
            m = replace(m, entry=city)
        out.append(m)
    return out


def place_named(vocab: Vocabulary, line: str, lang: str) -> Match | None:
    """The place a dateline ("Managua, Nicaragua, 26 y 27 de junio de 2016") names."""
    return _main_place(vocab, _places(vocab, line, lang), line, lang)


def dateline(vocab: Vocabulary, line: str, lang: str) -> tuple[DateMatch | None, Match | None]:
    """The day and the place a line such as "Fait à Rabat, le 11 juillet 2006" or "Hecho
    en Lima, Perú, el 3 de mayo de 2016" names: the day only if it names one."""
    days = [d for d in find_dates(line, lang) if d.first == d.last]
    return (days[0] if days else None), place_named(vocab, line, lang)


def line_mention(
    text: str,
    outside: Sequence[tuple[int, int]],
    line: str,
    found: DateMatch | Match,
) -> Mention | None:
    """The mention, in the source text, of a date or place found in a line outside the
    paragraphs (normalised, as the metadata holds it): its words in the first span of
    ``outside`` whose line it is. None where the words were broken across lines in the
    source, so that they cannot be quoted as printed."""
    exact = line[found.start : found.end]
    for start, end in outside:
        raw = text[start:end]
        at = raw.find(exact)
        if at < 0 or line not in normalise(raw):
            continue
        at += start
        before, after = text[max(0, at - _CONTEXT) : at], text[at + len(exact) :][:_CONTEXT]
        if isinstance(found, Match):
            kind, rule, body, label = "place", "gazetteer", found.entry, found.label
        else:
            kind, rule, label = "date", "date-expression", None
            body = iris.period_iri(found.first.isoformat(), found.last.isoformat())
        return Mention(0, kind, at, at + len(exact), exact, before, after, rule, body, label)
    return None


class _Span(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


_S = TypeVar("_S", bound=_Span)


def _outside(matches: Sequence[_S], longer: Sequence[_Span]) -> list[_S]:
    """Matches not inside a longer match of another kind ("States" in "United States");
    mentions and dates too ("of 1949" in "the Geneva Conventions of 1949")."""
    return [
        m
        for m in matches
        if not any(
            o.start <= m.start and m.end <= o.end and o.end - o.start > m.end - m.start
            for o in longer
        )
    ]


class _Senses:
    """Chooses the sense of a label that several entries share ("General Assembly": the
    United Nations' or the Organization of American States') from the document: the entry
    whose symbol series begins the document's symbol ("AG/RES. 2883" is the OAS's), else
    the one whose organisation the document names, else the default sense."""

    def __init__(self, vocab: Vocabulary, doc: Segmented, lang: str) -> None:
        self.vocab, self.doc, self.lang = vocab, doc, lang
        self._named: set[URIRef] | None = None

    def named(self) -> set[URIRef]:
        """Every actor the document names, above the text or in it (found once, when
        a shared label first needs it)."""
        if self._named is None:
            texts = [self.doc.title or "", self.doc.metadata.get("front", "")]
            texts += [p.text for p in self.doc.paragraphs]
            found = (self.vocab.find(t, "actor", self.lang) for t in texts)
            self._named = {m.entry for matches in found for m in matches}
        return self._named

    def choose(self, m: Match) -> Match:
        senses = self.vocab.senses(m, self.lang)
        if len(senses) == 1:
            return m
        symbol = self.doc.metadata.get("symbol", "")
        chosen = next(
            (
                s
                for s in senses
                if any(symbol.startswith(f"{series}/") for series in self.vocab.symbol_series(s))
            ),
            None,
        ) or next((s for s in senses if self.vocab.parents(s) & self.named()), m.entry)
        return replace(m, entry=chosen)


def extract(doc: Segmented, vocab: Vocabulary, lang: str | None = None) -> Extraction:
    """Everything the vocabulary and the grammar tables can find in a segmented text."""
    lang = lang or guess_language(" ".join(p.text for p in doc.paragraphs))
    doctype = None
    # the title names the type ("Communiqué spécial ..."), or a line above the text does
    # ("Resolution adopted by the General Assembly on ...")
    for line in (doc.title, doc.metadata.get("front")):
        types = vocab.find(line, "document-type", lang) if line else []
        if types:
            doctype = types[0].entry
            break
    if doctype is None and _RESOLUTION_SYMBOL.search(doc.metadata.get("symbol", "")):
        doctype = iris.concept_iri("document-type", "resolution")  # "A/RES/71/1"
    out = Extraction(lang, doc.title, doctype, paragraphs=list(doc.paragraphs))
    lead: Clause | None = None  # the clause of a lead-in ("... we intend to:") over its items
    senses = _Senses(vocab, doc, lang)

    for p in doc.paragraphs:
        acts = [
            _from_match(p, m)
            for m in vocab.find(p.text, "speech-act", lang)
            if not _after_determiner(p.text, m.start, lang)
        ]
        # an opening verb the vocabulary does not list: a form it lists inflected by the
        # grammar ("Requests", "Welcoming"), else the nearest form (a misspelling, read
        # with a warning). Where a listed form opens the paragraph too, the longer reading
        # wins: "Notes with appreciation" (note with appreciation), not "Notes" (take note).
        inflected = vocab.inflected_opening(p.text, "speech-act", lang)
        if inflected is not None and acts and acts[0].start < inflected.end:
            if acts[0].end >= inflected.end:
                inflected = None
            else:
                acts = [a for a in acts if a.start >= inflected.end]
        fuzzy: Match | None = None
        future: Match | None = None
        if not inflected and (not acts or acts[0].start > 0):
            future = _future_opening(vocab, p.text, lang)
            fuzzy = None if future else _fuzzy_opening_verb(vocab, p, lang)
        unlisted = inflected or future or fuzzy
        # an item of a list under a lead-in ("We commit to:", "DECLARAN:"): a bullet, or
        # an item that opens with an infinitive ("4. Fortalecer la lucha ...")
        stripped = p.text.lstrip(" *")
        infinitive = LIST_ITEM_INFINITIVES[lang].match(fold(stripped))
        if infinitive is None and lead is not None:
            infinitive = _bare_infinitive(lead, stripped, lang) or THAT_ITEMS[lang].match(stripped)
        # or an item that opens with the speakers' possessive or an article before a noun
        # and has no verb of its own in its first sentence: what they declare ("DECLARAN: /
        # 1. Su compromiso con ... / 2. La necesidad de ...")
        first = _SENTENCE_END.search(p.text)
        first_end = first.end() if first else len(p.text)
        verbless = unlisted is None and not any(a.start < first_end for a in acts)
        if infinitive is None and lead is not None and verbless and p.printed is not None:
            infinitive = NOMINAL_ITEMS[lang].match(stripped)  # numbered: not after bullets
        # "To advance these priorities, we will ...": an infinitive of purpose before the
        # speakers' own verb opens no item
        spoken = any(
            a.start < first_end and SPEAKERS[lang].search(p.text, max(0, a.start - 12), a.end)
            for a in acts
        )
        if spoken and not p.bullet:
            infinitive = None
        item = lead is not None and (p.bullet or infinitive is not None)
        # "To recognize ...": the infinitive is an act of the vocabulary, the item's own
        own_infinitive = (
            infinitive is not None
            and bool(acts)
            and acts[0].start < len(p.text) - len(stripped) + infinitive.end()
        )
        governed = item and (not acts or acts[0].start > 0) and not unlisted and not own_infinitive
        acts = _without_complements(p.text, acts, lang)
        if governed:
            # an item of the lead-in's list: its first sentence goes on the lead-in's verb,
            # and a verb inside it ("to review financial support ...") opens no clause
            acts = [a for a in acts if a.start >= first_end]
        elif not item:
            lead = None  # the list ends, unless an item opens with a verb of its own
        if not governed and unlisted is not None:
            rule = "inflected-verb" if inflected else "future-tense" if future else "fuzzy-verb"
            acts.insert(
                0,
                _mention(
                    p,
                    "speech-act",
                    unlisted.start,
                    unlisted.end,
                    rule,
                    body=unlisted.entry,
                    label=unlisted.label,
                ),
            )
            if fuzzy:
                out.warnings.append(
                    f"paragraph {p.number}: verb {unlisted.exact!r} read as {unlisted.label!r}"
                )
        # the name of an instrument names no place, actor or date of the text ("the New
        # York Declaration for Refugees and Migrants"); its topics are the paragraph's too
        # ("the Universal Declaration of Human Rights")
        instruments = vocab.find(p.text, "instrument", lang)
        acts = [
            a
            for a in _outside(acts, instruments)
            if a.start == 0 or not _another_subjects(p.text, a, instruments, lang)
        ]
        places = _outside(_places(vocab, p.text, lang), instruments)
        actors = _outside(
            [senses.choose(m) for m in vocab.find(p.text, "actor", lang)], places + instruments
        )
        # a place named inside an actor's name ("... de l'Amérique latine") locates nothing
        located = [m for m in places if not any(a.start <= m.start < a.end for a in actors)]
        organs = [a for a in actors if not vocab.is_rights_holder(a.entry)]
        dates = _outside(find_dates(p.text, lang), instruments)
        out.mentions += acts
        out.mentions += [_from_match(p, m) for m in instruments]
        out.mentions += [_from_match(p, m) for m in actors]
        out.mentions += [_from_match(p, m) for m in places]
        # a topic inside an organ's name ("... High Commissioner for Human Rights") is no
        # topic of the text; inside an instrument's name it is
        for kind in ("principle", "topic"):
            found = vocab.find(p.text, kind, lang)
            out.mentions += [_from_match(p, m) for m in _outside(found, organs)]
        for d in dates:
            out.mentions.append(
                _mention(
                    p,
                    "date",
                    d.start,
                    d.end,
                    "date-expression",
                    body=iris.period_iri(d.first.isoformat(), d.last.isoformat()),
                )
            )
        out.mentions += _editorial_marks(p)
        # the name of a forum ("the Regional Conference on Migration") names no meeting
        meetings, meeting_mentions = _meetings(
            vocab, p, lang, dates, located, out.meetings, instruments + actors
        )
        out.meetings += meetings
        out.mentions += meeting_mentions

        opening = p.text.lstrip(" *\"'«“(")
        if governed:
            assert lead is not None
            out.kinds[p.number] = out.kinds[lead.paragraph]
            out.clauses += _list_item(vocab, p, lead, acts, actors, lang)
        elif acts:
            preambular = is_preambular_opening(opening, lang) and all(
                is_preambular_opening(a.exact, lang) for a in acts
            )
            out.kinds[p.number] = "preambular" if preambular else "operative"
            clauses = _clauses(vocab, p, acts, actors, lang)
            out.clauses += clauses
            if p.text.rstrip(" *").endswith(":"):
                lead = clauses[-1]
            if p.position == 1:
                # "We, the Heads of State ..., gathered in Los Angeles, reiterate ...": the
                # words before the first verb are a chapeau
                head = acts[0].start
                _chapeau(
                    out,
                    vocab,
                    p.text,
                    [a for a in actors if a.end <= head],
                    [d for d in dates if d.end <= head],
                    [m for m in located if m.end <= head],
                    [m for m, mm in zip(meetings, meeting_mentions, strict=True) if mm.end <= head],
                )
        elif not out.clauses and (p.position == 1 or p.text.rstrip(" *").endswith((",", ":"))):
            # before the first clause, a paragraph without a verb that opens the text or
            # ends as a chapeau does ("The Executive Committee,") is the chapeau
            out.kinds[p.number] = "chapeau"
            _chapeau(out, vocab, p.text, actors, dates, located, meetings)
        elif is_preambular_opening(opening, lang):
            out.kinds[p.number] = "preambular"
        else:
            out.kinds[p.number] = "operative"
            out.warnings.append(f"paragraph {p.number}: no speech act found")
    out.mentions.sort(key=lambda m: (m.paragraph, m.start, m.end, m.kind))
    return out


__all__ = [
    "Clause",
    "Extraction",
    "Meeting",
    "Mention",
    "dateline",
    "extract",
    "line_mention",
    "place_named",
]
