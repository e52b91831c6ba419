"""Write query results and graphs out: text tables, SPARQL results (JSON, XML, CSV, TSV), RDF.

Machine formats come straight from pyoxigraph's own serializers; only the human ``table`` format
is written here. Output is deterministic: the order is the query's own (named queries ORDER BY).
"""

from __future__ import annotations

import pyoxigraph as ox

from .ontology import compact, prefixes

RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                  "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                 "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}


def short(term) -> str:
    """A compact human form of an RDF term (``id:apes``, ``"text"``, ``_:b0``)."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        shown = compact(term.value)
        return term.value if shown.startswith("<") else shown
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def table(result) -> str:
    """A plain text table of a SELECT result (or the answer of an ASK, or Turtle for a graph)."""
    if isinstance(result, ox.QueryBoolean):
        return "true" if bool(result) else "false"
    if isinstance(result, ox.QueryTriples):
        triples = list(result)
        iris = {t.value for triple in triples for t in triple if isinstance(t, ox.NamedNode)}
        used = {name: ns for name, ns in prefixes().items() if any(iri.startswith(ns) for iri in iris)}
        return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=used).decode("utf-8")
    variables = [v.value for v in result.variables]
    rows = [[short(solution[v]) for v in variables] for solution in result]
    widths = [min(60, max([len(v)] + [len(r[i]) for r in rows])) for i, v in enumerate(variables)]
    def line(cells):
        return "  ".join((c if len(c) <= w else c[: w - 1] + "…").ljust(w) for c, w in zip(cells, widths)).rstrip()
    out = [line(variables), line(["-" * w for w in widths])] + [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def serialize(result, fmt: str) -> bytes:
    """``fmt`` is ``table``, a results format (json, xml, csv, tsv) or a graph format (turtle, ntriples, jsonld, rdfxml)."""
    if fmt == "table":
        return (table(result) + "\n").encode("utf-8")
    if isinstance(result, ox.QueryTriples):
        graph_format = {"json": "jsonld", "csv": "ntriples", "tsv": "ntriples", "xml": "rdfxml"}.get(fmt, fmt)
        return result.serialize(format=GRAPH_FORMATS[graph_format])
    return result.serialize(format=RESULT_FORMATS[fmt])
