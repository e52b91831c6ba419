"""The public view: the graph without the people who hold no public mandate.

A person appears in the public view only when a fact stated by a source document (a membership, a
seat) gives them a role of the collection ``role:public-mandates`` of ``ontology/schemes.ttl``
(``sparql/public-hidden-persons.rq``). Everyone else is *hidden*, and the view is the full graph
less what would show them:

- every statement about a hidden person, or pointing to one, is left out: their IRI, labels, notes;
- a node that a shape requires to hold people (``sh:minCount`` of a membership's or a seat's member,
  a participation's participant, an action's actors: ``sparql/public-required-links.rq``) and that
  keeps too few of them once the hidden people are gone is left out whole, with every statement
  pointing to it: a hidden person's memberships and participations go, with their quotes;
- in the literals kept (quotes, descriptions, labels, notes), every spelling of a hidden person's
  name (their label and alternative labels, in any case, with or without accents) becomes ``[…]``.

The search keys, the mediator rankings and the dataset's description are computed again on what is
left, so that no score, explanation or count rests on a hidden person. The view is a store of its own, in the folder ``public``
of the store path, with generations like any store (:mod:`ses_graph.store`): ``ses-graph build``
derives it after each build, and :func:`ensure` derives it when it is missing or was derived from
another generation than the current one.
"""

from __future__ import annotations

import os
import re
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from . import search, terms
from . import store as stores
from .resources import internal_query

VIEW_FOLDER = "public"
#: The file of the view's folder naming the generation of the full store it was derived from.
DERIVED_FROM = "derived-from"
MASK = "[…]"
#: Graphs computed from the others, computed again on the view rather than filtered.
DERIVED_GRAPHS = frozenset({terms.SEARCH_GRAPH, terms.MEDIATORS_GRAPH, terms.DESCRIPTION_GRAPH})
#: Left out of the view: the history of writes, whose change sets (N-Quads text) may name anyone.
PRIVATE_GRAPHS = frozenset({terms.CHANGES_GRAPH})
STRING_TYPES = frozenset({ox.NamedNode("http://www.w3.org/2001/XMLSchema#string"),
                          ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")})
WORD = re.compile(r"[0-9a-z]+")


@dataclass(frozen=True)
class Hidden:
    """What the public view leaves out of a graph: the hidden people, their names, and every node left out."""

    persons: frozenset[ox.NamedNode]
    names: tuple[str, ...]
    nodes: frozenset[ox.NamedNode]


@dataclass(frozen=True)
class ViewReport:
    store: Path
    triples: int
    hidden_persons: int
    hidden_nodes: int
    seconds: float


def view_path(store_path: Path) -> Path:
    """The store path of the public view of the store at ``store_path``."""
    return Path(store_path) / VIEW_FOLDER


def hidden(store: ox.Store) -> Hidden:
    """The people of ``store`` without a public mandate, and the nodes left out with them (all graphs read)."""
    persons: set[ox.NamedNode] = set()
    names: set[str] = set()
    for row in store.query(internal_query("public-hidden-persons"), use_default_graph_as_union=True):
        persons.add(row["person"])
        if row["name"] is not None:
            names.add(row["name"].value)
    values: dict[tuple, set] = defaultdict(set)
    minimum: dict[tuple, int] = {}
    for row in store.query(internal_query("public-required-links"), use_default_graph_as_union=True):
        key = (row["node"], row["path"])
        values[key].add(row["value"])
        minimum[key] = int(row["min"].value)
    removed = {node for (node, path), found in values.items() if len(found - persons) < minimum[node, path]}
    return Hidden(frozenset(persons), tuple(sorted(names)), frozenset(persons | removed))


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).translate(search.STRIP_COMBINING).lower()


class Masker:
    """Replaces every spelling of the given names, in any case and with or without accents, by ``[…]``.

    A name matches as a whole sequence of words, whatever separates them (spaces, hyphens...).

    >>> Masker(["Bérénice Dondeyne"]).mask("Avec Berenice DONDEYNE (MES) et Bérénice  Dondeyne.")
    'Avec […] (MES) et […].'
    """

    def __init__(self, names: Iterable[str]):
        self.names: dict[str, list[tuple[str, ...]]] = defaultdict(list)  # first word -> names, longest first
        for words in sorted({tuple(WORD.findall(_fold(name))) for name in names} - {()}, key=lambda w: (-len(w), w)):
            self.names[words[0]].append(words)

    def _spans(self, folded: str) -> list[tuple[int, int]]:
        """Where the names are in ``folded`` (a folded text), as (start, end) positions."""
        found = list(WORD.finditer(folded))
        words = [match.group() for match in found]
        spans, i = [], 0
        while i < len(words):
            name = next((n for n in self.names.get(words[i], ()) if tuple(words[i:i + len(n)]) == n), None)
            if name is None:
                i += 1
                continue
            spans.append((found[i].start(), found[i + len(name) - 1].end()))
            i += len(name)
        return spans

    def mask(self, text: str) -> str:
        if self.names.keys().isdisjoint(WORD.findall(_fold(text))):
            return text
        folded, origin = [], []  # folded one character at a time, to map each match back to the text
        for index, character in enumerate(text):
            part = _fold(character)
            folded.append(part)
            origin.extend([index] * len(part))
        out, last = [], 0
        for start, end in self._spans("".join(folded)):
            out += [text[last:origin[start]], MASK]
            last = origin[end - 1] + 1
        return "".join([*out, text[last:]])

    def literal(self, literal: ox.Literal) -> ox.Literal:
        if literal.datatype not in STRING_TYPES:
            return literal
        masked = self.mask(literal.value)
        if masked == literal.value:
            return literal
        return ox.Literal(masked, language=literal.language) if literal.language else ox.Literal(masked)


def public_quads(store: ox.Store, left_out: Hidden) -> Iterator[ox.Quad]:
    """The quads of ``store`` that the public view keeps, names masked (the derived graphs and the history of
    writes excepted)."""
    nodes, masker = left_out.nodes, Masker(left_out.names)
    for quad in store:
        if quad.graph_name in DERIVED_GRAPHS | PRIVATE_GRAPHS or quad.subject in nodes or quad.object in nodes:
            continue
        if type(quad.object) is ox.Literal:
            masked = masker.literal(quad.object)
            if masked is not quad.object:
                quad = ox.Quad(quad.subject, quad.predicate, masked, quad.graph_name)
        yield quad


def derive(full: ox.Store, view: ox.Store) -> Hidden:
    """Fill the empty store ``view`` with the public view of ``full``; the rankings only if ``full`` has them."""
    from .build import mediator_quads  # build imports the analyses: only when a view is derived
    from .description import dataset_quads

    left_out = hidden(full)
    view.bulk_extend(public_quads(full, left_out))
    view.bulk_extend(search.search_key_quads(view))
    if full.contains_named_graph(terms.MEDIATORS_GRAPH):
        view.bulk_extend(mediator_quads(view))
    if full.contains_named_graph(terms.DESCRIPTION_GRAPH):
        view.bulk_extend(dataset_quads(view))  # last, as in the build: its counts are the view's
    view.optimize()
    return left_out


def build_view(store_path: Path) -> ViewReport:
    """Derive the public view of the current generation of ``store_path`` into a new generation of its own."""
    started = time.perf_counter()
    source = stores.current_generation(store_path)
    if source is None:
        raise FileNotFoundError(f"no store built at {store_path}")
    view_store = view_path(store_path)
    folder = stores.new_generation(view_store)
    held = stores.hold(source)  # no build removes it meanwhile
    try:
        full, view = ox.Store.read_only(str(source)), ox.Store(str(folder))
        left_out = derive(full, view)
        triples = len(view)
        view.flush()
        del full, view
    except BaseException:
        stores.discard(folder)
        raise
    finally:
        os.close(held)
    stores.publish(view_store, folder)
    (view_store / DERIVED_FROM).write_text(source.name + "\n", encoding="utf-8")
    return ViewReport(view_store, triples, len(left_out.persons), len(left_out.nodes - left_out.persons),
                      time.perf_counter() - started)


def ensure(store_path: Path) -> Path:
    """The store path of the public view of ``store_path``, derived first if it is missing or stale."""
    source = stores.current_generation(store_path)
    if source is None:
        raise FileNotFoundError(f"no store built at {store_path}")
    view_store = view_path(store_path)
    marker = view_store / DERIVED_FROM
    fresh = marker.is_file() and marker.read_text(encoding="utf-8").strip() == source.name
    if not (fresh and stores.exists(view_store)):
        build_view(store_path)
    return view_store
