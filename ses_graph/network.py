"""The network: nodes of declared kinds and the typed edges the sourced facts give, extracted once.

Which classes are kinds of node and which facts become which edges is declared once, in the
ontology (``ses:nodeKind`` on classes, ``ses:edge`` rules on fact classes: see docs/network.md).
Two named queries read those declarations from the store and extract the whole network:
``network-nodes`` (one row per entity of a node kind) and ``network-edges`` (one row per fact and
rule). The views take what they need from it:

- the map (:mod:`ses_graph.cartography`) keeps the rules of the ``map`` view and draws a fact that
  is itself a node (an action) between its two ends;
- the mediator analysis (:mod:`ses_graph.analysis.graphs`) keeps the rules of the ``mediators``
  view, folds each kind into its broader kind (a network is an organisation) and ties the two
  ends of a fact directly.

>>> import pyoxigraph as ox
>>> from ses_graph.resources import project_dir
>>> store = ox.Store()
>>> store.load(path=str(project_dir("ontology") / "ses.ttl"), format=ox.RdfFormat.TURTLE)
>>> declared = model(store)
>>> declared.kinds["network"].broader, declared.kind(["organisation", "instance"])
('organisation', 'instance')
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple, cast

import pyoxigraph as ox

from . import queries, terms
from .resources import internal_query

__all__ = ["VIEWS", "Kind", "Rule", "Model", "Node", "Edge", "model", "extract", "node_rows", "edge_rows", "in_view",
           "ends", "solutions"]

#: The views of the network an edge rule may be limited to (``ses:view``).
VIEWS = ("map", "mediators")


@dataclass(frozen=True)
class Kind:
    """A kind of node: its code, its precedence (the lowest wins), its broader kind, its labels."""

    code: str
    precedence: int
    broader: str | None
    labels: dict[str, str]


@dataclass(frozen=True)
class Rule:
    """An edge rule (``ses:edge``): the views it is limited to (none: every view), the properties
    (``ses:level``, ``ses:axis``) its edges take from where they end when the fact has none."""

    views: tuple[str, ...] = ()
    inherits: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Model:
    """The node kinds and the relations the ontology declares, by code, and its edge rules by IRI."""

    kinds: dict[str, Kind]
    relations: dict[str, dict[str, str]]
    rules: dict[str, Rule]

    def kind(self, codes: Iterable[str]) -> str:
        """The kind an entity of the kinds ``codes`` takes: the one of lowest precedence."""
        return min(codes, key=lambda code: (self.kinds[code].precedence, code))


class Node(NamedTuple):
    """One row of ``network-nodes``: the entity, the codes of its kinds, its name, levels and axes (sorted)."""

    id: str
    kinds: tuple[str, ...]
    label: str | None
    levels: tuple[str, ...]
    axes: tuple[str, ...]


class Edge(NamedTuple):
    """One row of ``network-edges``: a fact through one rule of its class.

    ``start`` or ``end`` is None when the fact lacks that end (possible only for a fact that is
    itself a node); ``views`` is empty when the rule belongs to every view; the tuples are sorted.
    ``date`` is the fact's ``ses:date``, ``start_date`` and ``end_date`` its ``schema:startDate``
    and ``schema:endDate`` (see :attr:`period`).
    """

    fact: str
    relation: str
    start: str | None
    end: str | None
    views: tuple[str, ...]
    levels: tuple[str, ...]
    axes: tuple[str, ...]
    role: str | None
    source: str | None
    quotes: tuple[str, ...]
    date: str | None = None
    start_date: str | None = None
    end_date: str | None = None

    @property
    def period(self) -> str:
        """When the fact holds, as ISO 8601 text: its date, else ``START/END`` (one alone when the
        other is unknown), else the empty string.

        >>> Edge("f", "action", "a", "b", (), (), (), None, None, (), start_date="2020-01", end_date="2022-12").period
        '2020-01/2022-12'
        """
        if self.date:
            return self.date
        return "/".join(part for part in (self.start_date, self.end_date) if part)


def solutions(result: ox.QuerySolutions, names: Iterable[str]) -> Iterator[list[Any]]:
    """The values of ``names`` in each solution, read by position (several times faster than by name): each a
    string, or None where the variable is unbound (which ones may be is the query's to say, so ``Any``)."""
    variables = [v.value for v in result.variables]
    positions = [variables.index(name) for name in names]
    for solution in result:
        terms = list(solution)
        yield [None if terms[i] is None else terms[i].value for i in positions]


def _split(value: str | None, separator: str = " ") -> tuple[str, ...]:
    """The sorted distinct parts of a GROUP_CONCAT (most hold none or one: those are the quick cases)."""
    if not value:
        return ()
    if separator not in value:
        return (value,)
    return tuple(sorted({part for part in value.split(separator) if part}))


def model(store: ox.Store) -> Model:
    """The node kinds, relations and edge rules declared in the ontology held by ``store``."""
    kinds, relations, views, inherits = {}, {}, defaultdict(set), defaultdict(set)
    names = ("type", "code", "precedence", "broader", "labelFr", "labelEn", "rule", "view", "inherits")
    result = queries.execute(store, internal_query("network-model"), origin="network-model")
    for kind, code, precedence, broader, fr, en, rule, view, inherited in sorted(
            solutions(cast(ox.QuerySolutions, result), names), key=lambda row: [value or "" for value in row]):
        labels = {"fr": fr or en or code, "en": en or fr or code}
        if kind == "kind":
            kinds[code] = Kind(code, int(precedence) if precedence else 0, broader, labels)
        elif kind == "relation":
            relations[code] = labels
        else:
            views[rule].update([view] if view else [])
            inherits[rule].update([inherited] if inherited else [])
    rules = {key: Rule(tuple(sorted(views[key])), frozenset(inherits[key])) for key in sorted(views)}
    return Model(kinds, relations, rules)


def node_rows(store: ox.Store) -> list[Node]:
    """Every entity of a node kind (query ``network-nodes``), sorted by IRI; its name is its
    French (or untagged) label if it has one, else any label (the smallest, for determinism)."""
    result = queries.run(store, queries.get("network-nodes"))
    found: dict[str, tuple[set, set, set, set, set]] = {}
    for node, kind, label, language, level, axis in solutions(
            cast(ox.QuerySolutions, result), ("node", "kind", "label", "labelLanguage", "level", "axis")):
        sets = found.get(node) or found.setdefault(node, (set(), set(), set(), set(), set()))
        kinds, french, other, levels, axes = sets
        kinds.add(kind)
        if label is not None:
            (french if language in ("fr", "") or (language or "").startswith("fr-") else other).add(label)
        if level:
            levels.add(level)
        if axis:
            axes.add(axis)
    return [Node(node, tuple(sorted(kinds)), min(french or other, default=None), tuple(sorted(levels)),
                 tuple(sorted(axes))) for node, (kinds, french, other, levels, axes) in sorted(found.items())]


def edge_rows(store: ox.Store, nodes: dict[str, Node], declared: Model) -> list[Edge]:
    """Every edge the facts give through the rules of their class (query ``network-edges``), sorted.

    An edge whose fact has no level (no axis) of its own takes those of the node it ends at when
    its rule says so (``ses:inheritsFromTarget``): a seat is at the level of its body. The dates
    (``ses:date``, ``schema:startDate``, ``schema:endDate``) are inherited the same way by the query
    itself: a participation in an event takes the event's dates when it has none.
    """
    result = queries.run(store, queries.get("network-edges"))
    names = ("fact", "rule", "relation", "from", "to", "level", "axis", "role", "source", "quote", "date", "startDate",
             "endDate")
    grouped: dict[tuple, tuple | list] = {}
    for fact, rule, relation, start, end, *values in solutions(cast(ox.QuerySolutions, result), names):
        key = (fact, rule, relation, start, end)
        found = grouped.get(key)
        if found is None:
            grouped[key] = values  # most facts have one value of each: one row
        else:  # a fact with several levels, axes, roles, sources or quotes: one row per combination
            if not isinstance(found[0], set):
                found = grouped[key] = [{value} - {None} for value in found]
            for seen, value in zip(found, values, strict=True):
                if value:
                    seen.add(value)
    level, axis, everywhere = terms.level.value, terms.axis.value, Rule()
    rows = []
    levels: tuple[str, ...]
    axes: tuple[str, ...]
    for (fact, rule_iri, relation, start, end), gathered in grouped.items():
        if isinstance(gathered[0], set):
            levels, axes, roles, sources, quotes, dates, starts, ends_ = [tuple(sorted(seen)) for seen in gathered]
        else:
            levels, axes, roles, sources, quotes, dates, starts, ends_ = [(v,) if v else () for v in gathered]
        rule = declared.rules.get(rule_iri, everywhere)
        if rule.inherits and end in nodes:
            if not levels and level in rule.inherits:
                levels = nodes[end].levels
            if not axes and axis in rule.inherits:
                axes = nodes[end].axes
        # each tuple is sorted: its first value is its least
        rows.append(Edge(fact, relation, start, end, rule.views, levels, axes, roles[0] if roles else None,
                         sources[0] if sources else None, quotes, dates[0] if dates else None,
                         starts[0] if starts else None, ends_[0] if ends_ else None))
    rows.sort(key=lambda e: (e.fact, e.relation, e.start or "", e.end or "", e.views))
    return rows


def extract(store: ox.Store, declared: Model | None = None) -> tuple[dict[str, Node], list[Edge]]:
    """The whole network of ``store``: its nodes by IRI (sorted) and its edges (sorted)."""
    nodes = {row.id: row for row in node_rows(store)}
    return nodes, edge_rows(store, nodes, declared or model(store))


def in_view(edge: Edge, view: str) -> bool:
    """Whether the rule behind ``edge`` belongs to ``view`` (one of :data:`VIEWS`)."""
    return not edge.views or view in edge.views


def ends(edge: Edge, nodes: dict | set) -> list[tuple[str, str]]:
    """The ``(from, to)`` pairs ``edge`` gives between ``nodes``.

    A fact that is itself one of the nodes (an action) gives two: from its start to itself and
    from itself to its end (either may be missing); any other fact ties its start to its end.

    >>> e = Edge("a1", "action", "apes", "cress", (), (), (), None, None, ())
    >>> ends(e, {"apes", "cress"}), ends(e, {"apes", "cress", "a1"})
    ([('apes', 'cress')], [('apes', 'a1'), ('a1', 'cress')])
    """
    fact, start, end = edge.fact, edge.start, edge.end
    if fact not in nodes:  # the common case, first
        pairs = [(start, end)] if start in nodes and end in nodes else []
    else:
        pairs = [(u, v) for u, v in ((start, fact), (fact, end)) if u in nodes and v in nodes]
    return cast("list[tuple[str, str]]", pairs)  # a missing end (None) is none of the nodes: both ends are IRIs
