"""``/docs``: the OpenAPI browser (Swagger UI), served from the application itself, so it works offline.

Swagger UI's script and style (npm ``swagger-ui-dist`` 5.35.0, Apache 2.0: see ``LICENSE`` and
``NOTICE`` beside them; version 5 is the first to read the OpenAPI 3.1 that FastAPI writes) are
served from ``api/static/swagger/``; FastAPI's own ``/docs`` (which loads them from a CDN) and
``/redoc`` are off. The description also holds the routes that FastAPI does not describe itself.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

#: The schema of a parameter that names a graph: an absolute IRI (RFC 3987, JSON Schema's format ``iri``); the server
#: parses it with pyoxigraph, which follows the same RFC, 400 otherwise.
IRI = {"type": "string", "format": "iri"}
#: Texts whose grammar no JSON schema carries, named by a ``format`` of their own: a SPARQL 1.1 query, a SPARQL 1.1
#: update, an RDF document (Turtle, N-Triples, RDF/XML, JSON-LD). The server parses them, 400 with the parser's line
#: and column otherwise; tests/api/schemathesis_hooks.py gives schemathesis a generator of valid ones for each.
SPARQL_QUERY = {"type": "string", "format": "sparql-query"}
SPARQL_UPDATE = {"type": "string", "format": "sparql-update"}
RDF_FORMATS = {"text/turtle": "turtle", "application/n-triples": "n-triples", "application/rdf+xml": "rdf-xml",
               "application/ld+json": "json-ld"}


def exploded(name: str, schema: dict, text: str, required: bool = False) -> dict:
    """A query parameter that stands for several: ``schema`` an object whose properties are the query's parameters
    (OpenAPI's ``style: form, explode: true``), so that the schema can say which go together (``oneOf``, ``not``,
    ``anyOf``), which no list of separate parameters can. ``name`` is that of its main property: a value that is not
    an object goes on the wire as ``name=``, which the route refuses as it refuses that property empty."""
    return {"name": name, "in": "query", "required": required, "style": "form", "explode": True,
            "schema": {"type": "object", **schema}, "description": text}
ASSETS = "/static/swagger"
ASSETS_DIR = Path(__file__).parent / "static" / "swagger"


def query_parameters(*parameters: tuple[str, dict, str]) -> dict:
    """``openapi_extra`` describing the optional query parameters (name, schema, description) of a route that reads
    them from the request itself: the schema then says exactly which values the route takes."""
    return {"parameters": [{"name": name, "in": "query", "required": False, "schema": schema, "description": text}
                           for name, schema, text in parameters]}


def install(app: FastAPI, paths: dict) -> None:
    """Serve Swagger UI's files and the ``/docs`` page on ``app`` (created with ``docs_url=None``).

    ``paths`` are OpenAPI path items of routes that are not FastAPI's own (plain Starlette routes,
    which FastAPI leaves out of the description): they come first in ``/openapi.json``.
    """
    described = app.openapi

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = described()
            schema["paths"] = {**paths, **schema["paths"]}
        assert app.openapi_schema is not None  # set by described()
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to extend the schema
    app.mount(ASSETS, StaticFiles(directory=ASSETS_DIR), name="swagger-ui")
    redirect = "/docs/oauth2-redirect"

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "",
            title=f"{app.title}: API",
            oauth2_redirect_url=redirect,
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon-32x32.png",
        )

    @app.get(redirect, include_in_schema=False)
    async def oauth2_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()
