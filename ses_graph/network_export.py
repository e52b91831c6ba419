"""Export the network for Gephi, R and spreadsheets: GraphML, GEXF, or two CSV files.

The network is the mediator analysis's own (:func:`ses_graph.analysis.graphs.network`, the
``mediators`` view of the one extraction the map reads too), with every edge endpoint a node.
Nodes carry their kind, labels (French and English where they exist), level, regions, axes and,
for the organisations and people the mediator analysis ranks, its measures (score, betweenness,
constraint, the five Gould & Fernandez brokerage roles and their total). A node without a level,
region or axis carries the explicit value ``none``, so that ``ses-graph brokerage FILE.graphml
--group level`` works on the export; ``group`` is the group the mediator analysis uses for
brokerage (the level, else the kind). Edges carry their type (``relation``: ``type`` is taken by
Gephi's spreadsheet import), role, level, date, source and quote, the fact they stand for, and the
strength the analysis gives the tie (``mandate``, ``tie``, ``attendance``: :mod:`ses_graph.analysis.ties`)
with its ``Weight`` (1, 0.5, 0.25), the column Gephi reads as the edge weight. Attribute names are
Gephi's own where it has one (``Id``, ``Label``; ``Source``, ``Target``, ``Type``, ``Weight``), and
the same in the three formats.

Nodes and edges are sorted, so the same store gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator

import networkx as nx
import pyoxigraph as ox

from .analysis import graphs, mediators, ties, vocabulary
from .analysis.brokerage import ROLES
from .export import NETWORK_DOWNLOADS as DOWNLOADS
from .resources import select

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
NONE = "none"
#: Node columns after ``Id`` and ``Label``, in order; the measures are absent for nodes the analysis does not rank.
NODE_COLUMNS = ("kind", "label_fr", "label_en", "level", "group", "region", "regions", "axes", "mediator_score",
                "mediator_rank", "betweenness", "constraint", *ROLES, "brokerage_total", "iri")
#: Edge columns after ``Source``, ``Target``, ``Type``, ``Id`` and ``Label``, in order.
EDGE_COLUMNS = ("relation", "role", "level", "date", "source", "quote", "fact", "strength", "Weight")
CSV_FILES = ("nodes.csv", "edges.csv")


def _code(iri: str) -> str:
    """The last segment of a concept IRI (``id:level/national`` gives ``national``)."""
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _codes(iris: str) -> str:
    return " ".join(_code(i) for i in iris.split()) or NONE


def _labels(store: ox.Store) -> dict[str, tuple[str | None, str | None]]:
    return {r["entity"].value: (r["labelFr"] and r["labelFr"].value, r["labelEn"] and r["labelEn"].value)
            for r in select(store, "network-labels")}


def _measures(graph: nx.MultiDiGraph) -> dict[str, dict]:
    """The mediator analysis's entries of every organisation and person it ranks, by node."""
    found = {}
    for kind in ("organisation", "person"):
        found.update({e["entity"]: e for e in mediators.ranking(graph, kind)})
    return found


def network(store: ox.Store) -> nx.MultiDiGraph:
    """The exported network: the analysis's nodes and edges with the attributes listed in the module's docstring."""
    graph = graphs.network(store)
    labels, measures = _labels(store), _measures(graph)
    out: nx.MultiDiGraph = nx.MultiDiGraph()
    for node in sorted(graph.nodes):
        d = graph.nodes[node]
        fr, en = labels.get(node, (None, None))
        attrs = {"label": d["label"], "kind": d["kind"], "label_fr": fr or d["label"], "label_en": en or d["label"],
                 "level": _codes(d["level"]), "group": _codes(d["level"]) if d["level"] else d["kind"],
                 "region": d["region_names"] or NONE, "regions": _codes(d["regions"]), "axes": _codes(d["axes"]),
                 "iri": node}
        entry = measures.get(node)
        if entry is not None:
            attrs.update(mediator_score=float(entry["score"]), mediator_rank=int(entry["rank"]),
                         betweenness=float(entry["betweenness"]), brokerage_total=int(entry["brokerage"]["total"]))
            attrs.update({role: int(entry["brokerage"][role]) for role in ROLES})
            if entry["constraint"] is not None:
                attrs["constraint"] = float(entry["constraint"])
        out.add_node(node, **attrs)
    edges = sorted(graph.edges(keys=True, data=True), key=lambda e: (e[2], e[0], e[1]))
    mandates = vocabulary.of(graph).mandates
    for u, v, key, d in edges:
        strength = ties.strength(d["relation"], d["role"], mandates)
        out.add_edge(u, v, key=key, label=d["relation"], relation=d["relation"],
                     role=_code(d["role"]) if d["role"] else "", level=_code(d["level"]) if d["level"] else NONE,
                     date=d.get("date", ""), source=d["source"], quote=d["quote"], fact=d["fact"],
                     strength=strength, Weight=ties.WEIGHTS[strength])
    return out


def graphml(graph: nx.MultiDiGraph) -> bytes:
    """GraphML with typed keys (``attr.type`` double, int or string); node ids are the entity IRIs."""
    return "\n".join(nx.generate_graphml(graph, prettyprint=True, named_key_ids=True)).encode("utf-8") + b"\n"


def gexf(graph: nx.MultiDiGraph) -> bytes:
    """GEXF 1.2 with typed attributes, for Gephi (the writer's date of the day is left out: same store, same bytes)."""
    text = "\n".join(nx.generate_gexf(graph, prettyprint=True, version="1.2draft"))
    return re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1).encode("utf-8") + b"\n"


def _rows(columns: tuple[str, ...], head: list[str], records: Iterator[tuple[list, dict]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(head + list(columns))
    for first, attrs in records:
        writer.writerow(first + ["" if attrs.get(c) is None else attrs.get(c, "") for c in columns])
    return out.getvalue().encode("utf-8")


def csv_tables(graph: nx.MultiDiGraph) -> dict[str, bytes]:
    """``nodes.csv`` (``Id``, ``Label``, ...) and ``edges.csv`` (``Source``, ``Target``, ``Type``, ``Id``,
    ``Label``, ...): the columns of Gephi's spreadsheet import."""
    nodes = ((([n, d["label"]], d) for n, d in graph.nodes(data=True)))
    edges = (([u, v, "Directed", k, d["label"]], d) for u, v, k, d in graph.edges(keys=True, data=True))
    return {CSV_FILES[0]: _rows(NODE_COLUMNS, ["Id", "Label"], nodes),
            CSV_FILES[1]: _rows(EDGE_COLUMNS, ["Source", "Target", "Type", "Id", "Label"], edges)}


def files(store: ox.Store, fmt: str) -> dict[str, bytes]:
    """The files of the network export ``fmt`` (one of :data:`NETWORK_FORMATS`), by name."""
    graph = network(store)
    if fmt == "csv":
        return csv_tables(graph)
    return {DOWNLOADS[fmt][0]: graphml(graph) if fmt == "graphml" else gexf(graph)}


def zipped(named: dict[str, bytes]) -> bytes:
    """A zip archive of ``named`` files, with a fixed date (the same files give the same bytes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(named.items()):
            archive.writestr(zipfile.ZipInfo(name, date_time=ZIP_DATE), data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
