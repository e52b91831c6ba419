"""The public view: the graph without the people who hold no public mandate.

A person appears in the public view only when a fact stated by a source document (a membership, a
seat) gives them a role of the collection ``role:public-mandates`` of ``ontology/schemes.ttl``
(``sparql/public-persons.rq``). Everyone else is *hidden*, and the view is the full graph less
what would show them:

- every statement about a hidden person, or pointing to one, is left out: their IRI, labels, notes;
- a node that a shape requires to hold people (``sh:minCount`` of a membership's or a seat's member,
  a participation's participant, an action's actors: ``sparql/public-required-links.rq``) and that
  keeps too few of them once the hidden people are gone is left out whole, with every statement
  pointing to it: a hidden person's memberships and participations go, with their quotes;
- in the literals kept (quotes, descriptions, labels, notes), every spelling of a hidden person's
  name (their label and alternative labels, in any case, with or without accents) becomes ``[…]``,
  and so does its last word alone (the family name, in the data's "given family" order), but
  inside a spelling of the name of a person kept;
- an entity kept whose IRI spells a hidden person's name or family name
  (``id:rencontre-laville-msh``) gets another IRI in the view, ``id:masked-`` and 12 hexadecimal
  digits of the SHA-256 of its IRI (the same from one derivation to the next).

The search keys, the mediator rankings and the dataset's description are computed again on what is
left, so that no score, explanation or count rests on a hidden person. The view is a store of its own, in the folder
``public``
of the store path, with generations like any store (:mod:`ses_graph.store`): ``ses-graph build``
derives it after each build, and :func:`ensure` derives it when it is missing or was derived from
another generation than the current one.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox

from . import search, search_index, terms
from . import store as stores
from .resources import select

#: A term of a quad, renamed into one of its own kind.
T = TypeVar("T", ox.NamedNode, ox.BlankNode, ox.Literal, ox.Triple)

VIEW_FOLDER = "public"
#: The file of the view's folder naming the generation of the full store it was derived from.
DERIVED_FROM = "derived-from"
MASK = "[…]"
#: Graphs computed from the others, computed again on the view rather than filtered.
DERIVED_GRAPHS = frozenset({terms.SEARCH_GRAPH, terms.MEDIATORS_GRAPH, terms.DESCRIPTION_GRAPH})
#: Left out of the view: the history of writes, whose change sets (N-Quads text) may name anyone.
PRIVATE_GRAPHS = frozenset({terms.CHANGES_GRAPH})
STRING_TYPES = frozenset({terms.xsd_string, terms.rdf_langString})
WORD = re.compile(r"[0-9a-z]+")


@dataclass(frozen=True)
class Hidden:
    """What the public view leaves out of a graph: the hidden people, their names, and every node left out."""

    persons: frozenset[ox.NamedNode]
    names: tuple[str, ...]
    nodes: frozenset[ox.NamedNode]
    kept_names: tuple[str, ...] = ()


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
    names: dict[bool, set[str]] = {True: set(), False: set()}
    for row in select(store, "public-persons", use_default_graph_as_union=True):
        kept = row["kept"] is not None
        if not kept:
            persons.add(row["person"])
        if row["name"] is not None:
            names[kept].add(row["name"].value)
    values: dict[tuple, set] = defaultdict(set)
    minimum: dict[tuple, int] = {}
    for row in select(store, "public-required-links", use_default_graph_as_union=True):
        key = (row["node"], row["path"])
        values[key].add(row["value"])
        minimum[key] = int(row["min"].value)
    removed = {node for (node, path), found in values.items() if len(found - persons) < minimum[node, path]}
    return Hidden(frozenset(persons), tuple(sorted(names[False])), frozenset(persons | removed),
                  tuple(sorted(names[True])))


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).translate(search.STRIP_COMBINING).lower()


class _Folding(dict):
    """:func:`_fold` of each character, by code point (a table of ``str.translate``), filled as characters come;
    ``irregular``: the characters whose fold is not one character (``ﬁ``, a combining accent alone)."""

    def __init__(self) -> None:
        super().__init__()
        self.irregular: set[str] = set()

    def __missing__(self, code: int) -> str:
        part = self[code] = _fold(chr(code))
        if len(part) != 1:
            self.irregular.add(chr(code))
        return part


_FOLDING = _Folding()


def _words(text: str) -> tuple[str, ...]:
    return tuple(WORD.findall(_fold(text)))


class Masker:
    """Replaces every spelling of the given names, and its last word alone, by ``[…]``, in any case and with
    or without accents; a spelling of ``keep`` (the names of the people kept) is left as it is.

    A name matches as a whole sequence of words, whatever separates them (spaces, hyphens...).

    >>> Masker(["Bérénice Dondeyne"]).mask("Avec Berenice DONDEYNE (MES) et Mme Dondeyne.")
    'Avec […] (MES) et Mme […].'
    >>> Masker(["Pierre Combes"], keep=["Josette Combes"]).mask("Josette Combes, P. Combes")
    'Josette Combes, P. […]'
    >>> Masker(["Jean Fi"]).mask("Jean \ufb01, Je\u0301an FI et e\u0301te\u0301")  # a ligature, combining accents
    '[…], […] et e\u0301te\u0301'
    """

    def __init__(self, names: Iterable[str], keep: Iterable[str] = ()):
        hidden = {w for name in names for w in (_words(name), _words(name.split()[-1] if name.split() else ""))}
        entries = {(w, True) for w in hidden} | {(_words(name), False) for name in keep}
        # first word -> (the lengths of its spellings, longest first; each spelling -> whether it is masked): the
        # longest spelling wins, and of two equal ones the kept (a kept spelling wins over a family name inside it)
        spellings: dict[str, dict[tuple[str, ...], bool]] = defaultdict(dict)
        for words, masked in entries:
            if words:
                spellings[words[0]][words] = spellings[words[0]].get(words, True) and masked
        self.names: dict[str, tuple[tuple[int, ...], dict[tuple[str, ...], bool]]] = {
            first: (tuple(sorted({len(words) for words in found}, reverse=True)), found)
            for first, found in spellings.items()}

    def spans(self, folded: str) -> list[tuple[int, int]]:
        """Where the names to mask are in ``folded`` (a folded text), as (start, end) positions."""
        found = list(WORD.finditer(folded))
        words = [match.group() for match in found]
        spans, i = [], 0
        while i < len(words):
            length, masked = 1, None
            if (entry := self.names.get(words[i])) is not None:
                lengths, spelled = entry
                for length in lengths:
                    if i + length <= len(words) and (masked := spelled.get(tuple(words[i:i + length]))) is not None:
                        break
            if masked is None:
                i += 1
                continue
            if masked:
                spans.append((found[i].start(), found[i + length - 1].end()))
            i += length
        return spans

    def names_in(self, text: str) -> bool:
        """Whether ``text`` spells a name to mask."""
        folded = _fold(text)
        return not self.names.keys().isdisjoint(WORD.findall(folded)) and bool(self.spans(folded))

    def mask(self, text: str) -> str:
        if not self.names_in(text):
            return text
        folded = text.translate(_FOLDING)  # one character at a time, to map each match back to the text
        origin: Sequence[int] = range(len(text)) if _FOLDING.irregular.isdisjoint(text) else \
            [index for index, character in enumerate(text) for _ in _FOLDING[ord(character)]]
        out, last = [], 0
        for start, end in self.spans(folded):
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


class Renamer:
    """The view's IRI of each entity: its own, but ``id:masked-…`` for an IRI that spells a name to mask."""

    def __init__(self, masker: Masker):
        self.masker = masker
        self.seen: dict[ox.NamedNode, ox.NamedNode] = {}

    def __call__(self, term: T) -> T:
        if type(term) is not ox.NamedNode or not term.value.startswith(terms.ID):
            return term
        if term not in self.seen:
            digest = hashlib.sha256(term.value.encode("utf-8")).hexdigest()[:12]
            masked = self.masker.names_in(term.value[len(terms.ID):])
            self.seen[term] = ox.NamedNode(f"{terms.ID}masked-{digest}") if masked else term
        return self.seen[term]


def public_quads(store: ox.Store, left_out: Hidden) -> Iterator[ox.Quad]:
    """The quads of ``store`` that the public view keeps, names masked (the derived graphs and the history of
    writes excepted)."""
    nodes, masker = left_out.nodes, Masker(left_out.names, keep=left_out.kept_names)
    rename = Renamer(masker)
    # graph by graph, the derived and private ones never read: on disk each quad read costs its terms' lookups
    kept = sorted((g for g in store.named_graphs() if g not in DERIVED_GRAPHS | PRIVATE_GRAPHS), key=str)
    for graph in [ox.DefaultGraph(), *kept]:
        quads: Iterable[Any] = store.quads_for_pattern(None, None, None, graph)  # the Renamer keeps each term's kind
        for quad in quads:
            if quad.subject in nodes or quad.object in nodes:
                continue
            subject, value = rename(quad.subject), rename(quad.object)
            if type(value) is ox.Literal:
                value = masker.literal(value)
            if subject is not quad.subject or value is not quad.object:
                quad = ox.Quad(subject, quad.predicate, value, quad.graph_name)
            yield quad


def derive(full: ox.Store, view: ox.Store) -> Hidden:
    """Fill the empty store ``view`` with the public view of ``full``; the rankings only if ``full`` has them."""
    from .build import mediator_quads  # build imports the analyses: only when a view is derived
    from .description import dataset_quads

    left_out = hidden(full)
    view.bulk_extend(public_quads(full, left_out))
    view.bulk_extend(search_index.search_key_quads(view))
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
