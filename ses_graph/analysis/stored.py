"""The mediator rankings as the build stores them in the mediators named graph, read back.

Each ranked entity gets statements SPARQL users can query (``ses:mediatorRank``,
``ses:mediatorScore``..., written by :func:`ses_graph.analysis.mediators.to_quads`) and its whole
entry as one ``ses:mediatorRecord`` literal of datatype ``rdf:JSON`` (:func:`record`). The records are what ``ses-graph
mediators``, ``/mediators`` and the map read: the
stored form is the one source of a ranking, and a field added to the entries is stored and read
back with no other change. Reading them is one query, however large the graph.

On a writable server, an accepted write marks the stored rankings stale in the same transaction
(:func:`ses_graph.provenance.invalidation`); they stay readable, and :func:`stale` says since when,
until they are computed again with that write (:mod:`ses_graph.api.refresh`): never stale unsaid.
"""

from __future__ import annotations

from typing import cast

import orjson
import pyoxigraph as ox

from .. import terms
from ..resources import internal_query, internal_template, select

__all__ = ["record", "read", "scores", "stale", "stale_changes"]

#: Entities whose records one query asks for.
CHUNK = 500
RDF_JSON = terms.rdf_JSON


def record(entry: dict) -> ox.Literal:
    """The whole entry as one ``rdf:JSON`` literal (the object of ``ses:mediatorRecord``).

    Compact UTF-8 JSON written by orjson (the build writes one per ranked entity: 100,000 of 3 kB on average at
    50,000 organisations, 1.3 against 3.3 CPU s with the standard library's encoder); a value that is not a number
    (``nan``) is written ``null``, as JSON has no such number.
    """
    return ox.Literal(orjson.dumps(entry).decode(), datatype=RDF_JSON)


def read(store: ox.Store, kind: str, top: int | None = None) -> list[dict] | None:
    """The stored ranking of one kind (``organisation`` or ``person``), best first (its first ``top`` entries);
    None when the store holds no mediator records (built with ``--no-mediators``, or by an older version).

    With ``top``, two queries: the ranks of that kind up to rank ``top`` (the first ``top`` entries are among them:
    equal scores share a rank, the best one), then the records of the first ``top`` only (the records of a national
    ecosystem weigh hundreds of megabytes; the first ten, a few kilobytes).
    """
    if top is None:
        rows = select(store, "mediator-records")
        entries = [orjson.loads(row["record"].value) for row in rows]
        if not entries:
            return None
        return sorted((e for e in entries if e["kind"] == kind), key=lambda e: (e["rank"], e["entity"]))
    within = ox.Literal(str(top), datatype=terms.xsd_integer)
    text = internal_template("mediator-ranks").text({"kind": ox.Literal(kind), "within": within})
    ranks = cast(ox.QuerySolutions, store.query(text))
    chosen = [entity for _, entity in sorted((int(row["rank"].value), row["entity"].value) for row in ranks)][:top]
    if not chosen:
        return None if not bool(store.query(internal_query("mediator-any"))) else []
    records: dict[str, dict] = {}
    for start in range(0, len(chosen), CHUNK):
        entities = [ox.NamedNode(e) for e in chosen[start:start + CHUNK]]
        text = internal_template("mediator-record").text({"entity": entities})
        rows = cast(ox.QuerySolutions, store.query(text))
        records.update((row["entity"].value, orjson.loads(row["record"].value)) for row in rows)
    return [records[entity] for entity in chosen] if len(records) == len(chosen) else None


def scores(store: ox.Store) -> dict[str, float]:
    """Mediator score by entity IRI, organisations and people together (empty when none is stored)."""
    return {e["entity"]: e["score"] for kind in ("organisation", "person") for e in read(store, kind) or []}


def stale_changes(store: ox.Store) -> list[str]:
    """The accepted writes (activity IRIs) that the stored rankings do not count yet, oldest first."""
    return [row["change"].value for row in select(store, "mediator-stale")]


def stale(store: ox.Store) -> str | None:
    """The time of the oldest accepted write that the stored rankings do not count yet (ISO 8601); None when they
    count every write (or none is stored)."""
    for row in select(store, "mediator-stale"):
        return row["time"].value if row["time"] is not None else ""
    return None
