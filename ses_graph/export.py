"""Write query results and graphs out: text tables, SPARQL results (JSON, XML, CSV, TSV), RDF, whole dumps.

Machine formats come straight from pyoxigraph's own serializers; only the human ``table`` format
is written here. Output is deterministic: the order is the query's own (named queries ORDER BY),
and a dump's is the store's, so the same store always gives the same bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import BinaryIO, cast

import pyoxigraph as ox

from . import terms
from .ontology import IMPLICIT_DATATYPES, RDF_TYPE, compact, prefixes
from .queries import Result

RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                  "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                 "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}


def short(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str:
    """A compact human form of an RDF term (``id:apes``, ``"text"``, ``_:b0``)."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        shown = compact(term.value)
        return term.value if shown.startswith("<") else shown
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def table(result: Result) -> str:
    """A plain text table of a SELECT result (or the answer of an ASK, or Turtle for a graph)."""
    if isinstance(result, ox.QueryBoolean):
        return "true" if bool(result) else "false"
    if isinstance(result, ox.QueryTriples):
        triples = list(result)
        iris = {t.value for triple in triples for t in triple if isinstance(t, ox.NamedNode)}
        used = {name: ns for name, ns in prefixes().items() if any(iri.startswith(ns) for iri in iris)}
        return cast(bytes, ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=used)).decode("utf-8")
    variables = [v.value for v in result.variables]
    rows = [[short(solution[v]) for v in variables] for solution in result]
    widths = [min(60, max([len(v)] + [len(r[i]) for r in rows])) for i, v in enumerate(variables)]
    def line(cells: list[str]) -> str:
        cut = (c if len(c) <= w else c[: w - 1] + "…" for c, w in zip(cells, widths, strict=True))
        return "  ".join(c.ljust(w) for c, w in zip(cut, widths, strict=True)).rstrip()
    out = [line(variables), line(["-" * w for w in widths])] + [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def turtle(triples: list[ox.Triple]) -> bytes:
    """``triples`` as Turtle, in their order, with the ontology's prefixes that they use (same triples, same bytes)."""
    iris = {t.value for triple in triples for t in triple if isinstance(t, ox.NamedNode) and t != RDF_TYPE}
    iris.update(t.object.datatype.value for t in triples if isinstance(t.object, ox.Literal)
                and t.object.datatype not in IMPLICIT_DATATYPES)
    used = {name: ns for name, ns in prefixes().items() if any(iri.startswith(ns) for iri in iris)}
    return cast(bytes, ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=dict(sorted(used.items()))))


def serialize(result: Result, fmt: str) -> bytes:
    """``fmt`` is ``table``, a results format (json, xml, csv, tsv) or a graph format (turtle, ntriples, jsonld,
    rdfxml)."""
    if fmt == "table":
        return (table(result) + "\n").encode("utf-8")
    if isinstance(result, ox.QueryTriples):
        graph_format = {"json": "jsonld", "csv": "ntriples", "tsv": "ntriples", "xml": "rdfxml"}.get(fmt, fmt)
        return cast(bytes, result.serialize(format=GRAPH_FORMATS[graph_format]))
    return cast(bytes, result.serialize(format=RESULT_FORMATS[fmt]))


@dataclass(frozen=True)
class Dump:
    """A whole-graph export: its serializer, whether it holds every named graph, its download name and media type."""

    format: ox.RdfFormat
    dataset: bool       # every graph (N-Quads, TriG), else the default graph alone (Turtle, JSON-LD)
    filename: str

    @property
    def media_type(self) -> str:
        return self.format.media_type


DUMPS = {
    "nquads": Dump(ox.RdfFormat.N_QUADS, True, "ses-graph.nq"),
    "trig": Dump(ox.RdfFormat.TRIG, True, "ses-graph.trig"),
    "turtle": Dump(ox.RdfFormat.TURTLE, False, "ses-graph.ttl"),
    "jsonld": Dump(ox.RdfFormat.JSON_LD, False, "ses-graph.jsonld"),
}

#: Download name and media type of the network exports (:mod:`ses_graph.network_export`; ``csv``: nodes.csv and
#: edges.csv, zipped over HTTP).
NETWORK_DOWNLOADS = {"graphml": ("ses-graph.graphml", "application/graphml+xml"),
                     "gexf": ("ses-graph.gexf", "application/gexf+xml"),
                     "csv": ("ses-graph-csv.zip", "application/zip")}
NETWORK_FORMATS = tuple(NETWORK_DOWNLOADS)


def json_ld_context() -> dict[str, str]:
    """The JSON-LD context of the dumps: the ontology's prefixes, by name."""
    return dict(sorted(prefixes().items()))


def dump(store: ox.Store, name: str, out: BinaryIO) -> None:
    """Write the whole store (N-Quads, TriG: every graph) or its default graph (Turtle, JSON-LD) into ``out``.

    The quads are exactly the store's; Turtle and JSON-LD add the triples of the dataset's description
    (``terms.DESCRIPTION_GRAPH``), so that every dump describes itself. Turtle and TriG use the
    ontology's prefixes; the JSON-LD document is ``{"@context": <the prefixes>, "@graph": [...]}``, its
    nodes written with full IRIs (which the context leaves unchanged), so that a JSON-LD processor can
    compact them with it.
    """
    chosen = DUMPS[name]
    if chosen.dataset:
        store.dump(out, chosen.format, prefixes=None if chosen.format == ox.RdfFormat.N_QUADS else prefixes())
        return
    triples = (q.triple for graph in (ox.DefaultGraph(), terms.DESCRIPTION_GRAPH)
               for q in store.quads_for_pattern(None, None, None, graph))
    if chosen.format == ox.RdfFormat.JSON_LD:
        out.write(b'{"@context":' + json.dumps(json_ld_context(), sort_keys=True).encode("utf-8") + b',"@graph":')
        ox.serialize(triples, out, chosen.format)
        out.write(b"}\n")
        return
    ox.serialize(triples, out, chosen.format, prefixes=prefixes())
