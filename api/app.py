"""The HTTP application: ``create_app(settings)`` builds it; ``ses-graph serve`` runs it with uvicorn.

The store is opened once, when the application starts, and closed when it stops: read-only unless
the operator configured a token (``SES_GRAPH_TOKEN``), in which case authorised writes go to the
current store generation, transactionally. A read-only server must not share its store with a
process that writes to it (pyoxigraph leaves that case undefined); a new ``ses-graph build``
publishes a new generation, which a running server sees only after a restart.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from ses_graph import __version__
from ses_graph import store as stores

from . import errors, graph_store, named, pages, sparql
from .limits import RequestSizeLimit
from .settings import Settings

DESCRIPTION = """A sourced knowledge graph of the French solidarity-economy movement.

* `/sparql`: SPARQL 1.1 Protocol (query by GET or POST; updates with the operator's bearer token).
* `/queries`: the named queries, and `/queries/{name}?param=value` to run one.
* `/store?graph=IRI` or `/store?default`: SPARQL 1.1 Graph Store HTTP Protocol (writes with the token).
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    """The application serving the store of ``settings`` (default: read from the environment)."""
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.store = stores.open_store(settings.store, read_only=not settings.writable)
        try:
            yield
        finally:
            if settings.writable:
                app.state.store.flush()
            app.state.store = None

    app = FastAPI(title="ses-graph", version=__version__, description=DESCRIPTION, lifespan=lifespan)
    app.state.settings = settings
    app.add_middleware(RequestSizeLimit, max_bytes=settings.max_request_bytes)
    errors.install(app)
    for module in (pages, sparql, named, graph_store):
        app.include_router(module.router)
    return app
