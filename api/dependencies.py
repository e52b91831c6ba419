"""What the routes share: the application's settings, store and analyses (held by the app itself), writes."""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox
from fastapi import Request
from starlette.datastructures import State

from ses_graph import terms
from ses_graph.errors import Forbidden, Unauthorized
from ses_graph.journal import Agent, Entry
from ses_graph.proposals import Proposal

from . import refresh
from .analyses import Analyses
from .settings import Settings
from .tokens import holder_of


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


async def _current(state: State) -> None:
    """On a writable server, the server's own reads on a snapshot that holds every write answered so far."""
    snapshots = getattr(state.pool, "snapshots", None)
    if snapshots is None:  # a read-only server (or a remote one): its store never changes
        return
    directory = await state.pool.current()
    if directory != state.reading:
        state.store, state.reading = state.pool.reader(), directory
        state.analyses = Analyses(state.store)


async def get_store(request: Request) -> ox.Store:
    """The store the server reads (thread-safe: one for every request); on a writable server, a snapshot that holds
    every write answered before the call."""
    await _current(request.app.state)
    return request.app.state.store


def check_write_access(request: Request) -> Agent:
    """The agent a write comes from: ``Authorization: Bearer TOKEN`` with one of the server's tokens
    (:mod:`ses_graph.api.tokens`).

    A server without tokens is read-only (403), as is the public view; a request without a bearer
    token is 401; an unknown token is 403. A contributor's write becomes a proposal
    (:mod:`ses_graph.proposals`).
    """
    settings = get_settings(request)
    if settings.public:
        raise Forbidden("this server serves the public view, which is read-only")
    if not settings.writable:
        raise Forbidden("this server is read-only (the operator set no SES_GRAPH_TOKEN or SES_GRAPH_TOKENS_FILE)")
    scheme, _, token = (request.headers.get("authorization") or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("writes need the header 'Authorization: Bearer TOKEN'")
    agent = holder_of(request.app.state.tokens, token.strip())
    if agent is None:
        raise Forbidden("this token does not allow writes")
    return agent


def check_curator(request: Request) -> Agent:
    """The curator a review comes from (:func:`check_write_access`, and 403 for a contributor's token)."""
    agent = check_write_access(request)
    if agent.role != "curator":
        raise Forbidden(f"the token of {agent.holder} is a contributor's: only a curator reviews proposals")
    return agent


async def write(request: Request, function: Callable, *args: object) -> Entry | Proposal | None:
    """A write, held to the rules of the curated data: ``function(store, store_path, *args)`` in the writer process
    (:mod:`ses_graph.api.writer`), which validates its change set (422 with the violations if it breaks a rule: nothing
    changes), journals it (flushed to the disk) and makes it; then a snapshot that holds it is begun for the query
    workers, and the client's next request runs on it. A write that changes nothing is not journaled (None); a
    contributor's is kept as a Proposal, and the store does not change.
    """
    state = request.app.state
    entry = await state.writer.call(function, str(state.settings.store), *args, timeout=state.settings.query_timeout)
    if isinstance(entry, Entry):
        await after_write(request)
    return entry


async def get_analyses(request: Request) -> Analyses:
    """The application's cache of network analyses (mediator rankings, the map), of the store :func:`get_store`
    reads."""
    await _current(request.app.state)
    return request.app.state.analyses


async def after_write(request: Request) -> None:
    """Make a successful write visible to every request that comes after its answer, so that its client then reads it.

    A snapshot that holds it is begun in the background (:meth:`ses_graph.api.workers.WorkerPool.written`: the
    write does not wait for it), on which the query workers and the server's own reads run once it is taken
    (:meth:`ses_graph.api.workers.WorkerPool.current`: a read that comes before waits for the rest of it), the
    HTTP result cache gets a new version (:mod:`ses_graph.api.caching`: the requests under it read that
    snapshot), and the
    stored mediator rankings, which the write marked stale itself (as it updated the search keys of the
    entities whose labels it touched), are computed again in the background (:mod:`ses_graph.api.refresh`).
    """
    state = request.app.state
    state.pool.written()
    if state.cache is not None:
        state.cache.invalidate()
    if state.store.contains_named_graph(terms.MEDIATORS_GRAPH):  # stored rankings, now marked stale by the write
        refresh.later(state)
