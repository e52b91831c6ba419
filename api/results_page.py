"""Results as pages people read: an HTML table when the browser asks for HTML, ``?format=`` for links.

``/sparql`` and ``/queries/NAME`` answer HTML when ``text/html`` is the client's first choice
(a browser's ``Accept``) or ``?format=html``; ``?format=json|xml|csv|tsv`` (solutions) or
``?format=turtle|ntriples|jsonld|rdfxml`` (graphs) stand for the ``Accept`` header in a link. The
page shows the query, a table whose IRIs are linked (an entity to its page, under its label), the
number of rows, and links to the same result as CSV and JSON (or Turtle and N-Triples). The query
runs in a worker like any other (SPARQL JSON or N-Triples), and the page is written from that.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlencode

import pyoxigraph as ox
from fastapi import Request
from fastapi.responses import Response

from ses_graph import terms
from ses_graph.errors import BadRequest, SesGraphError, http_status
from ses_graph.ontology import compact

from . import html, jobs
from .dependencies import get_store
from .entity_page import entity_path
from .negotiation import GRAPH_OFFERS, HTML, RESULT_OFFERS, choose

#: ``?format=`` names and the Accept they stand for; "json" and "xml" fit solutions and graphs alike
#: (the names SPARQLWrapper sends are among them).
FORMATS = {"html": "text/html", "json": "application/sparql-results+json, application/ld+json;q=0.9",
           "xml": "application/sparql-results+xml, application/rdf+xml;q=0.9", "csv": "text/csv",
           "tsv": "text/tab-separated-values", "turtle": "text/turtle", "n3": "text/turtle",
           "ntriples": "application/n-triples", "jsonld": "application/ld+json", "json-ld": "application/ld+json",
           "rdfxml": "application/rdf+xml", "rdf": "application/rdf+xml"}
#: What the worker writes for a page: solutions and booleans as SPARQL JSON, graphs as N-Triples.
READABLE = "application/sparql-results+json, application/n-triples;q=0.9"
PAGE_OFFERS = (*RESULT_OFFERS, *GRAPH_OFFERS, HTML)
#: At most this many rows are drawn; the downloads hold them all.
MAX_ROWS = 1000
LABELS = (terms.skos_prefLabel, terms.rdfs_label)


def accept_of(request: Request) -> str | None:
    """The ``Accept`` to answer: ``?format=`` when given (400 for an unknown one), else the header."""
    asked = request.query_params.get("format")
    if asked is None:
        return request.headers.get("accept")
    if asked not in FORMATS:
        raise BadRequest(f"format must be one of {', '.join(FORMATS)}, not {asked!r}")
    return FORMATS[asked]


def wants_html(accept: str | None) -> bool:
    """Whether HTML is the client's first choice (a browser), ``*/*`` left to the machine formats."""
    return accept is not None and "html" in accept and choose(accept, PAGE_OFFERS) is HTML


def _label(store: ox.Store, iri: str, lang: str) -> str | None:
    found = []
    for predicate in LABELS:
        for quad in store.quads_for_pattern(ox.NamedNode(iri), predicate, None, ox.DefaultGraph()):
            label = cast(ox.Literal, quad.object)
            found.append((label.language not in (lang, ""), label.language != "", label.value))
        if found:
            return min(found)[2]
    return None


def _cell(store: ox.Store, term: dict | None, lang: str, labels: dict[str, str | None]) -> dict:
    """A value as the template draws it: ``{"text", "href", "title", "lang"}``."""
    cell = {"text": "", "href": None, "title": None, "lang": None}
    if term is None:
        return cell
    value = term["value"]
    if term["type"] == "uri":
        if value not in labels:
            labels[value] = _label(store, value, lang) if value.startswith((terms.ID, terms.SES)) else None
        path = entity_path(value) or ("/ontology#" + value[len(terms.SES):] if value.startswith(terms.SES) else value)
        return {**cell, "text": labels[value] or compact(value), "href": path, "title": value}
    if term["type"] == "bnode":
        return {**cell, "text": "_:" + value}
    return {**cell, "text": value, "lang": term.get("xml:lang")}


def _table(store: ox.Store, media_type: str, body: bytes, lang: str) -> dict:
    labels: dict[str, str | None] = {}
    if media_type.startswith("application/sparql-results+json"):
        data = json.loads(body)
        if "boolean" in data:
            return {"boolean": data["boolean"], "columns": [], "rows": [], "count": 0, "graph": False}
        columns, bindings = data["head"]["vars"], data["results"]["bindings"]
        rows = [[_cell(store, b.get(c), lang, labels) for c in columns] for b in bindings[:MAX_ROWS]]
        return {"boolean": None, "columns": columns, "rows": rows, "count": len(bindings), "graph": False}
    triples = list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
    rows = []
    for triple in triples[:MAX_ROWS]:
        rows.append(
            [_cell(store, _json_term(t), lang, labels) for t in (triple.subject, triple.predicate, triple.object)]
        )
    return {"boolean": None, "columns": ["subject", "predicate", "object"], "rows": rows, "count": len(triples),
            "graph": True}


def _json_term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    return {"type": "literal", "value": term.value, **({"xml:lang": term.language} if term.language else {})}


def downloads(request: Request, params: list[tuple[str, str]], graph: bool) -> list[tuple[str, str]]:
    """``(name, URL)`` of the same result in machine formats (the GET URL with ``format=``)."""
    kept = [(k, v) for k, v in params if k not in ("format", "lang")]
    names = ("turtle", "ntriples", "jsonld") if graph else ("csv", "json", "tsv", "xml")
    return [(name, f"{request.url.path}?{urlencode(kept + [('format', name)])}") for name in names]


async def answer(request: Request, job: jobs.Job, *, title: str, query_text: str, params: list[tuple[str, str]],
                 description: str = "") -> Response:
    """The HTML page of ``job``'s result (or of its error, with the error's status)."""
    state = request.app.state
    lang = html.language(request)
    context: dict[str, Any] = {"title": title, "description": description, "query_text": query_text,
                               "max_rows": MAX_ROWS}
    try:
        media_type, result = await state.pool.run(replace(job, accept=READABLE), state.settings.query_timeout)
    except SesGraphError as error:
        return html.page(request, "results.html", status_code=http_status(error), vary="Accept, Accept-Language",
                         error=str(error), table=None, too_large=False, downloads=[], **context)
    if isinstance(result, Path):  # past IN_MEMORY_BYTES: a download, not a page
        result.unlink()
        table = None
        too_large = True
    else:
        table, too_large = _table(await get_store(request), media_type, result, lang), False
    links = downloads(request, params, bool(table and table["graph"]) or media_type.startswith("application/n-"))
    return html.page(request, "results.html", vary="Accept, Accept-Language", error=None, table=table,
                     too_large=too_large, downloads=links, **context)
