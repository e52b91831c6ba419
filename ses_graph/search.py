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

import pyoxigraph as ox

from . import terms
from .resources import internal_query

class _StripCombining(dict):
    """A ``str.translate`` table that drops combining marks, filled as characters are met."""

    def __missing__(self, code: int) -> int | None:
        self[code] = None if unicodedata.combining(chr(code)) else code
        return self[code]


STRIP_COMBINING = _StripCombining()
#: The properties whose values are names: main, preferred and alternative labels.
LABEL_PROPERTIES = (ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                    ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
                    ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel"))
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
    """The ``ses:searchKey`` statements of (entity, label) pairs, in the search graph (a key found twice is stated twice)."""
    quads = []
    for entity, label in labels:
        key = normalize(label.value)
        if key:
            quads.append(ox.Quad(entity, terms.searchKey, ox.Literal(key), terms.SEARCH_GRAPH))
    return quads


def own_labels(pairs: Iterable[tuple]) -> Iterator[tuple[ox.NamedNode, ox.Literal]]:
    """The (entity, label) pairs of ``pairs`` whose entity is one of the graph's own (``id:``) and whose label is a literal."""
    return ((s, o) for s, o in pairs if type(s) is ox.NamedNode and type(o) is ox.Literal and s.value.startswith(terms.ID))


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


def resolve(store: ox.Store, value: str) -> list[ox.NamedNode]:
    """Entities named ``value`` in any spelling; an absolute IRI resolves to itself."""
    if re.match(r"^[a-z][a-z0-9+.-]*://", value, re.IGNORECASE):
        return [ox.NamedNode(value)]
    key = normalize(value)
    rows = store.query(internal_query("resolve"), substitutions={ox.Variable("key"): ox.Literal(key)})
    return [row["entity"] for row in rows]
