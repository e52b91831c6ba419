"""The search graph that the build writes: each label's key, and an index of words that standard SPARQL reads by
equality alone.

Each label of the graph's own entities gives its entity a ``ses:searchKey`` (the normalised label:
:func:`ses_graph.search.normalize`) and a ``ses:searchName``: the node of the key's words (a final plural
``s`` dropped), shared by every key with the same words; on each word's node, its spelling, its spellings
with one or two letters fewer (as SymSpell does: a word typed with a typo or two shares one of them), its
beginnings and its ends, all made from the word alone: the search graph is a function of the set of
labels, whatever the order they come in (a build's files, a write's labels). A number (a word of digits
only, 7 at most) is stored with its spelling and its beginnings alone: its alphabet is ten digits, so the
numbers one typo away from a typed word are few enough to be spelled out when searching
(:func:`ses_graph.search.numbers_near`), and its ends name nothing a person types. The keys and the index
are derived data: they live in their own named graph (``terms.SEARCH_GRAPH``), beside the curated default
graph, as the mediator scores do; a write keeps them so (:func:`unused`: what it leaves behind goes).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import cast

import pyoxigraph as ox

from . import terms
from .search import LABEL_PROPERTIES, deletions, is_number, letters_out, normalize, typos, words


def search_keys(labels: Iterable[tuple[ox.NamedNode, ox.Literal]]) -> Iterator[ox.Quad]:
    """The statements of the search graph for (entity, label) pairs, as they are made (a statement found twice may be
    given twice).

    Each label gives the entity its ``ses:searchKey`` (the normalised label) and its ``ses:searchName``, the node of
    the key's words (:func:`name_quads`), each word's node once (:func:`word_quads`).
    """
    names: set[str] = set()
    seen: set[str] = set()
    for entity, label in labels:
        key = normalize(label.value)
        if not key:
            continue
        name = _canonical(words(key))
        yield ox.Quad(entity, terms.searchKey, ox.Literal(key), terms.SEARCH_GRAPH)
        yield ox.Quad(entity, terms.searchName, ox.NamedNode(terms.SEARCH_NAME + name.replace(" ", "-")),
                      terms.SEARCH_GRAPH)
        if name not in names:
            names.add(name)
            yield from name_quads(name)
            for word in name.split():
                if word not in seen:
                    seen.add(word)
                    yield from word_quads(word)


def name_quads(name: str) -> Iterator[ox.Quad]:
    """The node of a name (its words sorted, joined by spaces): its number of words and each word."""
    node, found = ox.NamedNode(terms.SEARCH_NAME + name.replace(" ", "-")), name.split()
    yield ox.Quad(node, terms.searchLength, ox.Literal(str(len(found)), datatype=terms.xsd_integer), terms.SEARCH_GRAPH)
    for word in sorted(set(found)):
        yield ox.Quad(node, terms.searchWord, ox.NamedNode(terms.SEARCH_WORD + word), terms.SEARCH_GRAPH)


def word_quads(word: str) -> Iterator[ox.Quad]:
    """The node of a word (a final plural ``s`` dropped: :func:`ses_graph.search.words`), a function of the word alone,
    however a label writes it (``Territoires`` and ``territoire`` give the same node, whichever comes first): its
    spelling, its spellings with one letter fewer (2 letters or more, not for a number: :func:`is_number`) and two
    (within its :func:`typos`), its beginnings and its ends of at least 3 letters (not for digits only), each a literal
    that a query finds by equality (:func:`ses_graph.search.probes` looks the typed words up in the same forms). A
    word of 4 letters or more that ends in ``s`` can only come from a spelling in ``ss`` (``CRESS``: ``cres``): it
    also ends with that spelling's 3 last letters (``ess``, a typed word too short to lose its ``s``)."""
    node = ox.NamedNode(terms.SEARCH_WORD + word)
    forms = [(terms.searchSpelling, {word})]
    if len(word) >= 2 and not is_number(word):  # one edit in a short word is tolerated in a longer name
        gaps = letters_out(word)
        forms += [(terms.searchReplaced, {f"{probe}:{at}" for probe, at, _ in gaps}),
                  (terms.searchSwapped, {f"{probe}:{at}:{letter}" for probe, at, letter in gaps})]
    if typos(word) > 1:
        forms.append((terms.searchDeletion2, deletions(word, 2)))
    forms.append((terms.searchPrefix, {word[:i] for i in range(1, len(word))}))
    if not word.isdigit():
        ends = {word[i:] for i in range(1, len(word) - 2)}
        if len(word) > 3 and word.endswith("s"):  # spelt with ss (CRESS: cres), its end of 3 letters typed as it is
            ends.add(word[-2:] + "s")
        forms.append((terms.searchSuffix, ends))
    for property, values in forms:
        for value in sorted(values):
            yield ox.Quad(node, property, ox.Literal(value), terms.SEARCH_GRAPH)


def own_labels(pairs: Iterable[tuple]) -> Iterator[tuple[ox.NamedNode, ox.Literal]]:
    """The (entity, label) pairs of ``pairs`` whose entity is one of the graph's own (``id:``) and whose label is a
    literal."""
    return (
        (s, o) for s, o in pairs if type(s) is ox.NamedNode and type(o) is ox.Literal and s.value.startswith(terms.ID)
    )


def search_key_quads(store: ox.Store) -> Iterator[ox.Quad]:
    """The search graph's statements for every label of the store's entities (default graph); the labels are read
    first, so that the statements may go into the same store as they are made."""
    return search_keys(list(own_labels((q.subject, q.object) for p in LABEL_PROPERTIES
                                       for q in store.quads_for_pattern(None, p, None, ox.DefaultGraph()))))


def unused(store: ox.Store, names: Iterable[ox.NamedNode], leaving: set) -> list[ox.Quad]:
    """The statements of those of the name nodes ``names`` that no entity links to but those ``leaving`` (whose search
    names a write takes away), and of their words that no other name links to: what the search graph would keep
    after the write, though no build from its labels would make it."""
    graph = terms.SEARCH_GRAPH
    gone = {name for name in names
            if all(q.subject in leaving for q in store.quads_for_pattern(None, terms.searchName, name, graph))}
    found = {cast(ox.NamedNode, q.object) for name in gone
             for q in store.quads_for_pattern(name, terms.searchWord, None, graph)}
    found = {word for word in found
             if all(q.subject in gone for q in store.quads_for_pattern(None, terms.searchWord, word, graph))}
    return [q for node in sorted(gone | found, key=str) for q in store.quads_for_pattern(node, None, None, graph)]


def _canonical(found: tuple[str, ...]) -> str:
    return " ".join(sorted(found))
