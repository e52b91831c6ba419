"""Entity resolution of imported organisations against the entities already in the graph.

Nothing is merged: an imported organisation whose name, once normalised as search does
(:func:`ses_graph.search.normalize`), equals the name or another spelling of an entity of the
graph, or whose web address equals one of its web addresses, becomes a *candidate* in a report
for a curator to decide on (``skos:exactMatch`` written by hand, or nothing).

>>> site_key("https://www.Example.coop/")
'example.coop'
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import astuple, dataclass

import pyoxigraph as ox

from .essglobal import Organisation
from .resources import select
from .search import normalize

SITE_PREFIX = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?(?:www\.)?", re.IGNORECASE)
COLUMNS = ("line", "identifier", "name", "match", "value", "candidate", "candidate_label")


@dataclass(frozen=True, order=True)
class Candidate:
    """An imported organisation (line, identifier, name) that may be an entity of the graph, and why."""

    line: int
    identifier: str
    name: str
    match: str          # name, alias or website
    value: str          # the graph's value that matched
    candidate: str      # the entity's IRI
    candidate_label: str


def site_key(url: str) -> str:
    """A web address without scheme, ``www.``, case or trailing slash, so that spellings of one site compare equal."""
    return SITE_PREFIX.sub("", url.strip()).lower().rstrip("/")


def candidates(store: ox.Store, organisations: Iterable[Organisation]) -> list[Candidate]:
    """Every (imported organisation, entity of the graph) pair with the same name, alias or web address, sorted."""
    index: dict[tuple[str, str], dict[str, tuple[str, str]]] = defaultdict(dict)
    for row in select(store, "resolution"):
        match, value = row["match"].value, row["value"].value
        key = site_key(value) if match == "website" else normalize(value)
        if key:
            label = row["label"].value if row["label"] is not None else row["entity"].value
            index[match, key].setdefault(row["entity"].value, (value, label))
    found = set()
    for organisation in organisations:
        keys = [("name", normalize(organisation.name)), ("alias", normalize(organisation.name))]
        if organisation.website:
            keys.append(("website", site_key(organisation.website)))
        for match, key in keys:
            for entity, (value, label) in index.get((match, key), {}).items():
                if entity != organisation.iri.value:
                    found.add(Candidate(organisation.line, organisation.identifier, organisation.name,
                                        match, value, entity, label))
    return sorted(found)


def report(found: list[Candidate]) -> str:
    """The candidates as CSV, one per line, with a header."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(astuple(c) for c in found)
    return out.getvalue()
