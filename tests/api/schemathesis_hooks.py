"""schemathesis's generators for the texts whose grammar no JSON schema carries (the ``format`` of each in the
OpenAPI description, :mod:`ses_graph.api.docs`): valid SPARQL 1.1 queries and updates, and valid RDF documents in
each format a Graph Store write takes. With them, a request schemathesis calls valid is valid, so the check that
such a request is accepted (``positive_data_acceptance``) holds the server to it on every operation. Two more
pieces make schemathesis send and judge those texts as the server reads them: the texts go on the wire as they are
(:func:`_texts_first`), and a request it calls invalid only for a body that is a valid text after all is left out
(:func:`filter_case`).

The suite imports this module (tests/api/test_openapi_conformance.py); the command line loads it with
``SCHEMATHESIS_HOOKS=schemathesis_hooks`` and ``PYTHONPATH=tests/api`` (tests/README.md). Each generated text is
parsed here with pyoxigraph, the server's own parser, so that a generator that strays is caught at once."""

from __future__ import annotations

import json

import pyoxigraph as ox
import schemathesis
from hypothesis import strategies as st
from schemathesis import Case
from schemathesis.core.parameters import ParameterLocation
from schemathesis.transport import SerializationContext
from schemathesis.transport.asgi import ASGI_TRANSPORT
from schemathesis.transport.requests import REQUESTS_TRANSPORT
from schemathesis.transport.wsgi import WSGI_TRANSPORT

from ses_graph.api.remote_calls import may_call_out

#: IRIs of the curated graph and outside it.
IRIS = st.sampled_from([
    "https://w3id.org/ses-graph/id/mes-france", "https://w3id.org/ses-graph/id/ripess-europe",
    "https://w3id.org/ses-graph/ontology#Organisation", "http://www.w3.org/2000/01/rdf-schema#label",
    "http://example.org/a", "http://example.org/b", "urn:x-test:c",
])
NAMES = st.from_regex(r"\A[a-z][a-z0-9]{0,7}\Z")
WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz éèàçÉ-'", max_size=20)
LIMITS = st.integers(min_value=0, max_value=50)


def _iri(value: str) -> str:
    return f"<{value}>"


def _literal(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string of these characters is a SPARQL string


QUERIES = st.one_of(
    st.just("ASK {}"),
    st.builds(lambda s: f"ASK {{ {_iri(s)} ?p ?o }}", IRIS),
    st.builds(lambda v, n: f"SELECT ?{v} WHERE {{ ?{v} ?p ?o }} LIMIT {n}", NAMES, LIMITS),
    st.builds(lambda p, n: f"SELECT DISTINCT ?s WHERE {{ ?s {_iri(p)} ?o }} ORDER BY ?s LIMIT {n}", IRIS, LIMITS),
    st.builds(lambda w, n: f"SELECT ?s WHERE {{ ?s ?p ?o FILTER(CONTAINS(STR(?o), {_literal(w)})) }} LIMIT {n}",
              WORDS, LIMITS),
    st.builds(lambda n: f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s a ?c }} GROUP BY ?c LIMIT {n}", LIMITS),
    st.builds(lambda s, n: f"CONSTRUCT {{ {_iri(s)} ?p ?o }} WHERE {{ {_iri(s)} ?p ?o }} LIMIT {n}", IRIS, LIMITS),
    st.builds(lambda s: f"DESCRIBE {_iri(s)}", IRIS),
)
#: Updates a curator may send that keep the curated rules: they change nothing, or only a graph of their own.
UPDATES = st.one_of(
    st.just("INSERT DATA {}"),
    st.builds(lambda s, p, w: f"DELETE DATA {{ {_iri(s)} {_iri(p)} {_literal(w)} }}",
              st.just("http://example.org/nothing"), IRIS, WORDS),
    st.builds(lambda s: f"DELETE WHERE {{ {_iri('http://example.org/nothing/' + s)} ?p ?o }}", NAMES),
    st.builds(lambda g, w: f"INSERT {{ GRAPH {_iri('http://example.org/graph/' + g)} {{ ?s ?p {_literal(w)} }} }} "
                           f"WHERE {{ FILTER(false) }}", NAMES, WORDS),
)
TRIPLES = st.lists(st.builds(lambda s, p, o: ox.Triple(ox.NamedNode("http://example.org/" + s),
                                                       ox.NamedNode("http://example.org/" + p), ox.Literal(o)),
                             NAMES, NAMES, WORDS), max_size=5)
RDF_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "n-triples": ox.RdfFormat.N_TRIPLES,
               "rdf-xml": ox.RdfFormat.RDF_XML, "json-ld": ox.RdfFormat.JSON_LD}


def _checked_query(text: str) -> str:
    ox.Store().query(text)  # a SyntaxError here is a generator that strays: schemathesis reports it
    return text


def _checked_update(text: str) -> str:
    ox.Store().update(text)
    return text


def _document(triples: list[ox.Triple], rdf_format: ox.RdfFormat) -> str:
    text = (ox.serialize(triples, format=rdf_format) or b"").decode("utf-8")
    list(ox.parse(text.encode("utf-8"), format=rdf_format))
    return text


schemathesis.openapi.format("sparql-query", QUERIES.map(_checked_query))
schemathesis.openapi.format("sparql-update", UPDATES.map(_checked_update))
for _name, _format in RDF_FORMATS.items():
    schemathesis.openapi.format(_name, TRIPLES.map(lambda triples, f=_format: _document(triples, f)))



#: The media types of texts: sent as they are.
TEXT_MEDIA_TYPES = ("text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json",
                    "application/sparql-query", "application/sparql-update")


def wire(value: object) -> bytes:
    """A body of a text media type as it is sent: a text as it is, any other value (only an invalid request has one)
    as its JSON."""
    if isinstance(value, bytes):
        return value
    return value.encode("utf-8") if isinstance(value, str) else json.dumps(value).encode("utf-8")


def _texts_first() -> None:
    """Send a generated text as it is, on each of schemathesis's transports (it would wrap the string of an XML media
    type in an element, and quote a JSON one's). schemathesis picks the first registered serializer of a media type's
    family, so this one is registered ahead of the others; for any other media type, or a value that is not a text
    (only an invalid request has one), it hands over to the one schemathesis would have used."""
    for transport in (ASGI_TRANSPORT, REQUESTS_TRANSPORT, WSGI_TRANSPORT):
        others = list(transport.get_matching_media_types("*/*"))
        family = {kind: transport.get_first_matching_media_type(f"application/{kind}") for kind in ("json", "xml")}

        def serialize(ctx: SerializationContext, value: object, family: dict = family) -> dict:
            media = ctx.case.media_type or ""
            if media in TEXT_MEDIA_TYPES:
                return {"data": wire(value)}
            builtin = family["json" if "json" in media else "xml"]
            return builtin[1](ctx, value) if builtin else {"data": json.dumps(value).encode("utf-8")}

        transport.unregister_serializer(*(media for media, _ in others))
        transport.serializer(*TEXT_MEDIA_TYPES)(serialize)
        for media, serializer in others:
            if media not in TEXT_MEDIA_TYPES:
                transport.serializer(media)(serializer)

#: The RDF format of each media type of a Graph Store body, read here as the server reads it (pyoxigraph).
READERS = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
           "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/ld+json": ox.RdfFormat.JSON_LD}
SPARQL = {"application/sparql-query": "query", "application/sparql-update": "update"}


def _valid_sparql(kind: str, text: str) -> bool:
    """Whether ``text`` is a valid query or update, run on an empty store in memory; a text that may call out
    (SERVICE, LOAD: the server's own test, remote_calls.may_call_out) is not run, and not judged valid."""
    if may_call_out(text):
        return False
    try:
        ox.Store().query(text) if kind == "query" else ox.Store().update(text)
    except (SyntaxError, OSError, RuntimeError, ValueError):
        return False
    return True


def _valid_body(media: str, body: object) -> bool:
    """Whether ``body``, as sent, is a valid text of ``media`` after all."""
    if media in READERS:
        try:
            list(ox.parse(wire(body), format=READERS[media]))
        except SyntaxError:
            return False
        return True
    if media in SPARQL:
        return _valid_sparql(SPARQL[media], wire(body).decode("utf-8", errors="replace"))
    if media == "application/x-www-form-urlencoded" and isinstance(body, dict) and len(body) == 1:
        ((kind, text),) = body.items()
        return kind in ("query", "update") and isinstance(text, str) and _valid_sparql(kind, text)
    return False


@schemathesis.hook
def filter_case(context: object, case: Case) -> bool:
    """Leave out a request that schemathesis calls invalid only for its body, when that body, as sent, is a valid text
    after all: an empty or blank Turtle document or a comment (an empty graph), ``[]`` in JSON-LD, an empty SPARQL
    update. schemathesis cannot check a format of its own, so it takes any text its generator did not make as breaking
    it."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_negative:
        return True
    if any(info.mode.is_negative for location, info in meta.components.items()
           if location is not ParameterLocation.BODY):
        return True
    return not _valid_body(case.media_type or "", case.body)

_texts_first()
