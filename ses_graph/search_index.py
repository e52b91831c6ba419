"""The search graph that the build writes: each label's key, and an index of words that standard SPARQL reads by
equality alone.

Each label of the graph's own entities gives its entity a ``ses:searchKey`` (the normalised label:
:func:`ses_graph.search.normalize`) and a ``ses:searchName``: the node of the key's words (a final plural
``s`` dropped), shared by every key with the same words; on each word's node, its spelling, its spellings
with one or two letters fewer (as SymSpell does: a word typed with a typo or two shares one of them), its
beginnings and its ends. A number (a word of digits only, 7 at most) is stored with its spelling and its
beginnings alone: its alphabet is ten digits, so the numbers one typo away from a typed word are few
enough to be spelled out when searching (:func:`ses_graph.search.numbers_near`), and its ends name
nothing a person types. The keys and the index are derived data: they live in their own named graph
(``terms.SEARCH_GRAPH``), beside the curated default graph, as the mediator scores do.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

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
        typed = words(key)
        name = _canonical(typed)
        yield ox.Quad(entity, terms.searchKey, ox.Literal(key), terms.SEARCH_GRAPH)
        yield ox.Quad(entity, terms.searchName, ox.NamedNode(terms.SEARCH_NAME + name.replace(" ", "-")),
                      terms.SEARCH_GRAPH)
        if name not in names:
            names.add(name)
            yield from name_quads(name)
            for word, written in zip(typed, key.split(), strict=True):
                if word not in seen:
                    seen.add(word)
                    yield from word_quads(word, written)


def name_quads(name: str) -> Iterator[ox.Quad]:
    """The node of a name (its words sorted, joined by spaces): its number of words and each word."""
    node, found = ox.NamedNode(terms.SEARCH_NAME + name.replace(" ", "-")), name.split()
    yield ox.Quad(node, terms.searchLength, ox.Literal(str(len(found)), datatype=terms.xsd_integer), terms.SEARCH_GRAPH)
    for word in sorted(set(found)):
        yield ox.Quad(node, terms.searchWord, ox.NamedNode(terms.SEARCH_WORD + word), terms.SEARCH_GRAPH)


def word_quads(word: str, written: str) -> Iterator[ox.Quad]:
    """The node of a word (``written``: as a name writes it, a plural ``s`` kept, the first time it is met): its
    spelling, its spellings with one letter fewer (2 letters or more, not for a number: :func:`is_number`) and two
    (within the :func:`typos` of the word as written), the beginnings and the ends of at least 3 letters (not for
    digits only) of the word as written, each a literal that a query finds by equality."""
    node = ox.NamedNode(terms.SEARCH_WORD + word)
    forms = [(terms.searchSpelling, {word})]
    if len(word) >= 2 and not is_number(word):  # one edit in a short word is tolerated in a longer name
        gaps = letters_out(word)
        forms += [(terms.searchReplaced, {f"{probe}:{at}" for probe, at, _ in gaps}),
                  (terms.searchSwapped, {f"{probe}:{at}:{letter}" for probe, at, letter in gaps})]
    if typos(written) > 1:
        forms.append((terms.searchDeletion2, deletions(word, 2)))
    forms.append((terms.searchPrefix, {written[:i] for i in range(1, len(written))}))
    if not written.isdigit():
        forms.append((terms.searchSuffix, {written[i:] for i in range(1, len(written) - 2)}))
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




def _canonical(found: tuple[str, ...]) -> str:
    return " ".join(sorted(found))
