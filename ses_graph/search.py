"""Find entities by any spelling of their name.

Labels are normalised (Unicode decomposition, accents and case dropped, punctuation and
"le"/"la"/"l'" articles removed) into ``ses:searchKey`` values when the graph is built, so that
SPARQL, the command line and the HTTP API find "PESAD21", "Pesad 21" or "pesad-21" alike. The keys
are derived data: they live in their own named graph (``terms.SEARCH_GRAPH``), beside the curated
default graph, as the mediator scores do.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

import pyoxigraph as ox
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from . import terms


class _StripCombining(dict):
    """A ``str.translate`` table that drops combining marks, filled as characters are met."""

    def __missing__(self, code: int) -> int | None:
        self[code] = None if unicodedata.combining(chr(code)) else code
        return self[code]


STRIP_COMBINING = _StripCombining()
#: The properties whose values are names: main, preferred and alternative labels.
LABEL_PROPERTIES = (terms.rdfs_label, terms.skos_prefLabel, terms.skos_altLabel)
ARTICLES = re.compile(r"^(?:le|la|les|l|the)\s+")
NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalize(text: str) -> str:
    """Case-, accent- and punctuation-insensitive key of a name.

    >>> normalize("Pôle d'Économie Solidaire 21")
    'pole d economie solidaire 21'
    >>> normalize("LE MIRAMAP") == normalize("Miramap")
    True
    """
    if not text.isascii():  # ASCII has nothing to decompose
        text = unicodedata.normalize("NFKD", text).translate(STRIP_COMBINING)
    key = NON_ALNUM.sub(" ", text.lower()).strip()
    return ARTICLES.sub("", key)


def search_keys(labels: Iterable[tuple[ox.NamedNode, ox.Literal]]) -> list[ox.Quad]:
    """The ``ses:searchKey`` statements of (entity, label) pairs, in the search graph (a key found twice is stated
    twice)."""
    quads = []
    for entity, label in labels:
        key = normalize(label.value)
        if key:
            quads.append(ox.Quad(entity, terms.searchKey, ox.Literal(key), terms.SEARCH_GRAPH))
    return quads


def own_labels(pairs: Iterable[tuple]) -> Iterator[tuple[ox.NamedNode, ox.Literal]]:
    """The (entity, label) pairs of ``pairs`` whose entity is one of the graph's own (``id:``) and whose label is a
    literal."""
    return (
        (s, o) for s, o in pairs if type(s) is ox.NamedNode and type(o) is ox.Literal and s.value.startswith(terms.ID)
    )


def search_key_quads(store: ox.Store) -> list[ox.Quad]:
    """The ``ses:searchKey`` statements for every label of the store's entities (default graph)."""
    return search_keys(own_labels((q.subject, q.object) for p in LABEL_PROPERTIES
                                  for q in store.quads_for_pattern(None, p, None, ox.DefaultGraph())))


def refresh(store: ox.Store) -> None:
    """Recompute the search graph from the store's labels, after a write that may have changed them.

    It reads every label again: 43 ms on the curated graph, 2 to 3 s at 500,000 triples.
    """
    keys = search_key_quads(store)
    store.update(f"DROP SILENT GRAPH <{terms.SEARCH_GRAPH.value}>")
    store.extend(keys)


# Ranking: one rule for every place that finds an entity by name (entity-search through the SPARQL
# function ses:searchMatch, parameter resolution, the editor and the API, the map's own search).
# A query and a key are both normalised; the rank is TIER * STEP + edits, smaller is better.
EXACT, SAME_WORDS, TYPO, PREFIX, CONTAINS, WORDS = range(6)
STEP = 10
#: The least rapidfuzz WRatio (0-100) of a suggestion.
NEAREST_CUTOFF = 70
ABSOLUTE_IRI = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def allowance(text: str) -> int:
    """Edits tolerated in ``text``: none up to 3 letters, one up to 7, two beyond.

    >>> [allowance(t) for t in ("mes", "apes", "miramap", "ripess europe")]
    [0, 1, 1, 2]
    """
    letters = len(text) - text.count(" ")
    return 0 if letters <= 3 else 1 if letters <= 7 else 2


@lru_cache(maxsize=65536)
def _words(key: str) -> tuple[str, ...]:
    """The key's words, a final plural ``s`` dropped (on words of more than 3 letters)."""
    return tuple(word[:-1] if len(word) > 3 and word.endswith("s") else word for word in key.split())


def _canonical(key: str) -> str:
    return " ".join(sorted(_words(key)))


def _word_edits(typed: tuple[str, ...], words: tuple[str, ...]) -> int | None:
    """Edits for each typed word to reach a distinct word of the key (or its beginning), None if one cannot."""
    left, total = list(words), 0
    for word in typed:
        allow = allowance(word)
        best, found = allow + 1, -1
        for i, candidate in enumerate(left):
            edits = OSA.distance(word, candidate, score_cutoff=allow)
            if len(candidate) > len(word):
                edits = min(edits, OSA.distance(word, candidate[:len(word)], score_cutoff=allow))
            if edits < best:
                best, found = edits, i
        if found < 0:
            return None
        total += best
        del left[found]
    return total


def match(key: str, query: str) -> int | None:
    """Rank of the normalised ``key`` for the normalised ``query``: smaller is better, None when it does not match.

    Tiers, best first: the same key; the same words (any order, plural ``s`` ignored); the whole
    name within :func:`allowance` edits (insertions, deletions, substitutions, transpositions);
    the key starts with the query (or each typed word starts a word of it); the key contains the
    query; each typed word is within its allowance of a word of the key.

    >>> match("apes", "apes"), match("combes josette", "josette combes"), match("miramap", "miramp")
    (0, 10, 21)
    >>> match("apes", "apse"), match("ess france", "ess"), match("essec", "ess"), match("pesad 21", "sad 21")
    (21, 30, 31, 40)
    >>> match("josette combes", "josete"), match("apes", "opale") is None
    (51, True)
    """
    if not key or not query:
        return None
    if key == query:
        return EXACT
    if _canonical(key) == _canonical(query):
        return SAME_WORDS * STEP
    allow = allowance(query)
    if allow:
        edits = min(OSA.distance(query, key, score_cutoff=allow),
                    OSA.distance(_canonical(query), _canonical(key), score_cutoff=allow))
        if edits <= allow:
            return TYPO * STEP + edits
    typed, words = query.split(), key.split()
    if key.startswith(query) or all(any(w.startswith(t) for w in words) for t in typed):
        return PREFIX * STEP + sum(t not in words for t in typed)  # a typed word that is a whole word is better
    if query in key:
        return CONTAINS * STEP
    word_edits = _word_edits(_words(query), _words(key))
    return None if word_edits is None else WORDS * STEP + word_edits


def sparql_match(key: ox.Literal, query: ox.Literal) -> ox.Literal | None:
    """``ses:searchMatch(?key, ?q)``: :func:`match` as a SPARQL function (unbound when it does not match)."""
    if type(key) is not ox.Literal or type(query) is not ox.Literal:
        return None
    rank = match(key.value, normalize(query.value))
    return None if rank is None else ox.Literal(str(rank), datatype=terms.xsd_integer)


#: The project's SPARQL functions, for ``Store.query(custom_functions=...)``.
FUNCTIONS = {terms.searchMatch: sparql_match}


@dataclass(frozen=True, order=True)
class Match:
    """An entity found for a query: its rank (see :func:`match`), the words of the key left over, the key, the entity.

    Two matches are equally good when they have the same ``rank`` and ``extra``: of two keys that
    both start with the query, the one with fewer words besides is the better.
    """

    rank: int
    extra: int
    key: str
    entity: str


def rank(store: ox.Store, value: str, limit: int | None = None) -> list[Match]:
    """The entities whose labels match ``value``, best first (one :class:`Match` per entity)."""
    query = normalize(value)
    typed = len(query.split())
    best: dict[str, Match] = {}
    for quad in store.quads_for_pattern(None, terms.searchKey, None, terms.SEARCH_GRAPH):
        key = cast(ox.Literal, quad.object).value  # the search graph, written by the build: IRI, key, literal
        found = match(key, query)
        if found is not None:
            entity = cast(ox.NamedNode, quad.subject).value
            extra = max(0, len(key.split()) - typed) if found >= PREFIX * STEP else 0
            candidate = Match(found, extra, key, entity)
            if entity not in best or candidate < best[entity]:
                best[entity] = candidate
    ordered = sorted(best.values(), key=lambda m: (m.rank, m.extra, len(m.key), m.key, m.entity))
    return ordered if limit is None else ordered[:limit]


def resolve(store: ox.Store, value: str) -> list[ox.NamedNode]:
    """The entities ``value`` names best, in any spelling: one, several equally good, or none.

    An absolute IRI resolves to itself.
    """
    if ABSOLUTE_IRI.match(value):
        return [ox.NamedNode(value)]
    found = rank(store, value)
    top = found[:1]
    return [ox.NamedNode(m.entity) for m in found if (m.rank, m.extra) == (top[0].rank, top[0].extra)] if top else []


def nearest(value: str, choices: Iterable[str], limit: int = 3) -> list[str]:
    """The ``choices`` closest to ``value`` (a mistyped query name, a name that matched nothing), best first."""
    typed = normalize(value)
    keyed = {choice: normalize(choice) for choice in choices}
    found = process.extract(typed, keyed, scorer=fuzz.WRatio, score_cutoff=NEAREST_CUTOFF, limit=limit)
    return [choice for _, _, choice in found]


def suggestions(store: ox.Store, value: str, limit: int = 3) -> list[str]:
    """Labels of the entities nearest to ``value`` when :func:`rank` finds none ("did you mean")."""
    keys = {cast(ox.Literal, q.object).value: cast(ox.NamedNode, q.subject)
            for q in store.quads_for_pattern(None, terms.searchKey, None, terms.SEARCH_GRAPH)}
    labels = []
    for key in nearest(value, keys, limit * 2):
        label = label_of(store, keys[key])
        if label not in labels:
            labels.append(label)
    return labels[:limit]


def label_of(store: ox.Store, entity: ox.NamedNode) -> str:
    """The entity's label (French or untagged first), else its IRI."""
    labels = (cast(ox.Literal, q.object) for q in store.quads_for_pattern(entity, LABEL_PROPERTIES[0], None,
                                                                            ox.DefaultGraph()))
    found = sorted((label.language not in ("fr", ""), label.value) for label in labels)
    return found[0][1] if found else entity.value
