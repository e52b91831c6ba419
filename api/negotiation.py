"""Content negotiation: pick the serialization of a result from the ``Accept`` header (with q-values).

Each offer is a media type and the pyoxigraph format that writes it; offers are listed in the
server's order of preference, which breaks ties (so ``*/*`` or no ``Accept`` gives SPARQL JSON for
solutions and booleans, and Turtle for graphs).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pyoxigraph as ox

from ses_graph.errors import NotAcceptable
from ses_graph.queries import Result
from ses_graph.remote import Triples


@dataclass(frozen=True)
class Offer:
    media_type: str
    format: ox.QueryResultsFormat | ox.RdfFormat | None  # None: a page the application writes itself

    @property
    def content_type(self) -> str:
        """The ``Content-Type`` header value (text types are UTF-8)."""
        if self.media_type.startswith("text/"):
            return f"{self.media_type}; charset=utf-8"
        return self.media_type


RESULT_OFFERS = (
    Offer("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    Offer("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    Offer("text/csv", ox.QueryResultsFormat.CSV),
    Offer("text/tab-separated-values", ox.QueryResultsFormat.TSV),
    Offer("application/json", ox.QueryResultsFormat.JSON),
    Offer("application/xml", ox.QueryResultsFormat.XML),
    Offer("text/xml", ox.QueryResultsFormat.XML),
)
GRAPH_OFFERS = (
    Offer("text/turtle", ox.RdfFormat.TURTLE),
    Offer("application/n-triples", ox.RdfFormat.N_TRIPLES),
    Offer("application/ld+json", ox.RdfFormat.JSON_LD),
    Offer("application/rdf+xml", ox.RdfFormat.RDF_XML),
    Offer("application/x-turtle", ox.RdfFormat.TURTLE),
    Offer("text/plain", ox.RdfFormat.N_TRIPLES),
    Offer("application/json", ox.RdfFormat.JSON_LD),
    Offer("application/xml", ox.RdfFormat.RDF_XML),
    Offer("text/xml", ox.RdfFormat.RDF_XML),
)

#: What a CONSTRUCT or DESCRIBE result can also be written as: its triples in the default graph.
QUAD_OFFERS = (
    Offer("application/n-quads", ox.RdfFormat.N_QUADS),
    Offer("application/trig", ox.RdfFormat.TRIG),
)
CONSTRUCT_OFFERS = GRAPH_OFFERS + QUAD_OFFERS

#: An HTML page (entity pages, the ontology): written by the application, not by a serializer.
HTML = Offer("text/html", None)


@dataclass(frozen=True)
class _Range:
    type: str
    subtype: str
    q: float

    def specificity(self, media_type: str) -> int:
        """How precisely this range matches ``media_type``: 2 exact, 1 ``type/*``, 0 ``*/*``, -1 no match."""
        main, _, sub = media_type.partition("/")
        if self.type == "*":
            return 0
        if self.type != main:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == sub else -1


def parse_accept(header: str | None) -> list[_Range]:
    """The media ranges of an ``Accept`` header; a malformed q-value counts as 0 (not acceptable)."""
    if not header or not header.strip():
        return [_Range("*", "*", 1.0)]
    ranges = []
    for item in header.split(","):
        media, *params = item.split(";")
        main, _, sub = media.strip().lower().partition("/")
        if not main:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(1.0, max(0.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append(_Range(main, sub or "*", q))
    return ranges


@functools.lru_cache(maxsize=256)  # clients send the same few headers: each is parsed once
def choose(accept: str | None, offers: tuple[Offer, ...]) -> Offer:
    """The offer with the highest q-value (the most specific matching range decides); ties go to the server's order."""
    ranges = parse_accept(accept)
    best, best_q = None, 0.0
    for offer in offers:
        matching = [(r.specificity(offer.media_type), r.q) for r in ranges if r.specificity(offer.media_type) >= 0]
        if not matching:
            continue
        q = max(matching)[1]
        if q > best_q:
            best, best_q = offer, q
    if best is None:
        raise NotAcceptable(accept or "", [o.media_type for o in offers])
    return best


def offers_for(result: Result | Triples) -> tuple[Offer, ...]:
    """Graphs (CONSTRUCT, DESCRIBE) are RDF; solutions (SELECT) and booleans (ASK) are SPARQL results."""
    return CONSTRUCT_OFFERS if isinstance(result, (ox.QueryTriples, Triples)) else RESULT_OFFERS
