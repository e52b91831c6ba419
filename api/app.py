"""The HTTP application: ``create_app(settings)`` builds it; ``ses-graph serve`` runs it with uvicorn.

The store is opened once, when the application starts, and closed when it stops: read-only unless
the operator configured a token (``SES_GRAPH_TOKEN``), in which case authorised writes go to the
current store generation, transactionally. A read-only server must not share its store with a
process that writes to it (pyoxigraph leaves that case undefined); a new ``ses-graph build``
publishes a new generation, which a running server sees only after a restart. The server also
starts its pool of query worker processes (:mod:`ses_graph.api.workers`; those of a writable server run on
snapshots of its store), and stops them when it stops. A server of the public view
(``settings.public``) serves the store of :func:`ses_graph.public.ensure` instead, derived first
if it is missing or stale, and is read-only. Given a remote SPARQL server
(``SES_GRAPH_ENDPOINT``), it serves that server's graph instead, read-only (:mod:`ses_graph.api.remote`).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

import anyio
from fastapi import FastAPI

from ses_graph import __version__, public
from ses_graph import store as stores
from ses_graph.analysis import stored
from ses_graph.remote import RemoteStore

from . import (
    cartography,
    changes,
    contribute,
    description,
    docs,
    editor,
    entities,
    exports,
    graph_store,
    handlers,
    mediators,
    named,
    ontology,
    pages,
    proposals,
    refresh,
    sparql,
    tokens,
)
from .analyses import Analyses
from .caching import HttpCaching, ResultCache
from .limits import RequestSizeLimit
from .remote import RemotePool
from .settings import Settings
from .snapshots import Snapshots
from .workers import WorkerPool
from .writer import Writer

if TYPE_CHECKING:
    from fastapi.telemetry import TelemetryConfig

DESCRIPTION = """A sourced knowledge graph of the French solidarity-economy movement.

* `/sparql`: SPARQL 1.1 Protocol (query by GET or POST; updates with the operator's bearer token).
* `/queries`: the named queries, and `/queries/{name}?param=value` to run one.
* `/store?graph=IRI`, `/store?default` or `/store/{path}` (the graph whose IRI is that URL): SPARQL 1.1 Graph Store
  HTTP Protocol (writes with the token).
* `/mediators`: the mediator ranking; `/map`: the interactive advocacy map.
* `/id/{path}`: every entity, as an HTML page or in RDF; `/ontology`: the ontology.
* `/editor`: a SPARQL editor (YASGUI) with the named queries as tabs.
* `/changes`: the accepted writes, most recent first: who, when, what (JSON, or HTML for a browser).
* `/contribute`: the contribution form (FR/EN); `POST /contribute` sends it as JSON, with a token.
* `/proposals`: contributors' writes waiting for a curator (a contributor's token makes proposals, answered 202);
  `POST /proposals/{id}/accept` and `/reject` (with a reason), with a curator's token.
* `/.well-known/void`: VoID and DCAT description of the dataset; `GET /sparql` without a query: the Service Description.
* `/export/{format}`: the whole graph as a download (`nquads`, `trig`: every graph; `turtle`, `jsonld`: the default
  graph and the description).
"""

#: How long a server that stops waits for the mediator refresh under way to stop (its process is killed).
STOP_REFRESH_SECONDS = 5
#: FastAPI's OpenTelemetry hooks, off: the server exports no traces or metrics, and the check costs every request.
NO_TELEMETRY: TelemetryConfig = {"tracing": False, "metrics": False, "logs": False}


def create_app(settings: Settings | None = None) -> FastAPI:
    """The application serving the store of ``settings`` (default: read from the environment)."""
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def remote_lifespan(app: FastAPI) -> AsyncIterator[None]:
        assert settings.endpoint is not None  # chosen below only when an endpoint is set
        app.state.store = RemoteStore(settings.endpoint.with_timeout(settings.query_timeout))
        app.state.analyses = Analyses(app.state.store)
        app.state.pool = RemotePool(app.state.store, settings.query_workers, settings.service_hosts)
        try:
            yield
        finally:
            app.state.pool.close()
            app.state.store = app.state.analyses = app.state.pool = None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        served = await anyio.to_thread.run_sync(public.ensure, settings.store) if settings.public else settings.store
        generation = stores.current_generation(served)
        if generation is None:
            raise FileNotFoundError(f"no store built at {served}")
        stores.lease(generation)  # a build never removes it while the server runs
        app.state.writer = Writer(generation, settings.service_hosts, settings.store) if settings.writable else None
        snapshots = None
        if app.state.writer is not None:
            await app.state.writer.start()
            snapshots = Snapshots(app.state.writer, served)
        app.state.pool = WorkerPool(served, settings.query_workers, snapshots=snapshots, generation=generation,
                                    allowed_hosts=settings.service_hosts)
        app.state.cache = ResultCache(generation.name, generation.stat().st_mtime, settings.cache_bytes) \
            if settings.cache_bytes else None
        try:
            await app.state.pool.start()
            # The server's own reads: the generation, or (writable) the newest snapshot of the writer's store.
            app.state.store = app.state.pool.reader() if snapshots else stores.open_generation(generation)
            app.state.reading = app.state.pool.directory  # the folder of the server's own reads
            app.state.analyses = Analyses(app.state.store)
            if snapshots and stored.stale(app.state.store) is not None:  # writes made since the rankings were
                refresh.later(app.state)  # computed (the journal's, made again by the writer): they count them next
            yield
        finally:
            refreshing = getattr(app.state, "mediators_refresh", None)  # api.refresh: not past the writer's end
            if refreshing is not None:
                refreshing.cancel()
                await asyncio.wait({refreshing}, timeout=STOP_REFRESH_SECONDS)  # its process killed
            app.state.pool.close()
            if app.state.writer is not None:
                await app.state.writer.close()
            if snapshots is not None:  # again: the writer ends the snapshot it was taking before it exits
                snapshots.close()
            app.state.store = app.state.analyses = app.state.pool = None  # the last references: the store closes
            stores.release(generation)  # a later build may remove it

    app = FastAPI(title="ses-graph", version=__version__, description=DESCRIPTION,
                  lifespan=lifespan if settings.endpoint is None else remote_lifespan,
                  docs_url=None, redoc_url=None, routes=[sparql.ROUTE], telemetry=NO_TELEMETRY)
    app.state.settings = settings
    app.state.tokens = tokens.load(settings.token, settings.tokens_file)
    app.add_middleware(HttpCaching, cache_of=lambda state: getattr(state, "cache", None))
    app.add_middleware(RequestSizeLimit, max_bytes=settings.max_request_bytes)
    handlers.install(app)
    docs.install(app, sparql.OPENAPI)
    editor.install(app)
    for module in (pages, named, graph_store, mediators, cartography, entities, ontology, changes, proposals,
                   contribute, exports, description):
        app.include_router(module.router)
    return app
