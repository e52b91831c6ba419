"""The mediator rankings as the build stores them in the mediators named graph, read back.

Each ranked entity gets statements SPARQL users can query (``ses:mediatorRank``,
``ses:mediatorScore``..., written by :func:`ses_graph.analysis.mediators.to_quads`) and its whole
entry as one ``ses:mediatorRecord`` literal of datatype ``rdf:JSON`` (:func:`record`). The records are what ``ses-graph mediators``, ``/mediators`` and the map read: the
stored form is the one source of a ranking, and a field added to the entries is stored and read
back with no other change. Reading them is one query, however large the graph.
"""

from __future__ import annotations

import json

import pyoxigraph as ox

from ..resources import internal_query

__all__ = ["record", "read", "scores"]

RDF_JSON = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON")


def record(entry: dict) -> ox.Literal:
    """The whole entry as one ``rdf:JSON`` literal (the object of ``ses:mediatorRecord``)."""
    return ox.Literal(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), datatype=RDF_JSON)


def read(store, kind: str) -> list[dict] | None:
    """The stored ranking of one kind (``organisation`` or ``person``), best first; None when the store
    holds no mediator records (built with ``--no-mediators``, or by an older version)."""
    records = [(int(row["rank"].value), row["record"].value) for row in store.query(internal_query("mediator-records"))]
    if not records:
        return None
    entries = [json.loads(text) for _, text in records]
    return sorted((e for e in entries if e["kind"] == kind), key=lambda e: (e["rank"], e["entity"]))


def scores(store) -> dict[str, float]:
    """Mediator score by entity IRI, organisations and people together (empty when none is stored)."""
    return {e["entity"]: e["score"] for kind in ("organisation", "person") for e in read(store, kind) or []}
