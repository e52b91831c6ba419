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

from ..resources import internal_query, internal_template

__all__ = ["record", "read", "scores"]

#: Entities whose records one query asks for.
CHUNK = 500
RDF_JSON = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON")


def record(entry: dict) -> ox.Literal:
    """The whole entry as one ``rdf:JSON`` literal (the object of ``ses:mediatorRecord``)."""
    return ox.Literal(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), datatype=RDF_JSON)


def read(store, kind: str, top: int | None = None) -> list[dict] | None:
    """The stored ranking of one kind (``organisation`` or ``person``), best first, its first ``top`` entries;
    None when the store holds no mediator records (built with ``--no-mediators``, or by an older version).

    Two queries: the ranks and kinds, then the records of the entries asked for only (the records of
    a national ecosystem weigh hundreds of megabytes; the first ten, a few kilobytes).
    """
    ranks = [(int(row["rank"].value), row["entity"]) for row in store.query(internal_query("mediator-ranks"))
             if (row["person"].value == "true") == (kind == "person")]
    ranks.sort(key=lambda pair: (pair[0], pair[1].value))
    chosen = [entity for _, entity in ranks[:top]]
    records: dict[str, dict] = {}
    for start in range(0, len(chosen), CHUNK):
        text = internal_template("mediator-records").text({"entity": chosen[start:start + CHUNK]})
        records.update((row["entity"].value, json.loads(row["record"].value)) for row in store.query(text))
    if len(records) < len(chosen) or not (chosen or _any_record(store)):
        return None
    return [records[entity.value] for entity in chosen]


def _any_record(store) -> bool:
    return bool(store.query(internal_query("mediator-any")))


def scores(store) -> dict[str, float]:
    """Mediator score by entity IRI, organisations and people together (empty when none is stored)."""
    return {e["entity"]: e["score"] for kind in ("organisation", "person") for e in read(store, kind) or []}
