"""What the routes share: the application's settings, store and analyses (held by the app itself), writes."""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox
from fastapi import Request

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


def get_store(request: Request) -> ox.Store:
    """The store the application opened at startup (thread-safe: one for every request)."""
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
    changes), journals it (flushed to the disk) and makes it; then the query workers get a snapshot that holds
    it, before the client is answered. A write that changes nothing is not journaled (None); a contributor's
    is kept as a Proposal, and the store does not change.
    """
    state = request.app.state
    entry = await state.writer.call(function, str(state.settings.store), *args, timeout=state.settings.query_timeout)
    if isinstance(entry, Entry):
        await after_write(request)
    return entry


def get_analyses(request: Request):
    """The application's cache of network analyses (mediator rankings, the map)."""
    return request.app.state.analyses


async def after_write(request: Request) -> None:
    """Make a successful write visible before it is answered, so that its client then reads it.

    The cached analyses are forgotten, the query workers and the server's own reads get a new snapshot (the
    write updated the search keys of the entities whose labels it touched, and marked the stored mediator
    rankings stale, itself), and the HTTP result cache a new version (:mod:`ses_graph.api.caching`); the
    rankings are computed again in the background (:mod:`ses_graph.api.refresh`), not waited for.
    """
    state = request.app.state
    await state.pool.refresh()
    state.store = state.pool.reader()  # the server's own reads see the write too
    state.analyses = Analyses(state.store)
    if state.cache is not None:  # after the new snapshot: nothing older is kept under the new version
        state.cache.invalidate()
    if state.store.contains_named_graph(terms.MEDIATORS_GRAPH):  # stored rankings, now marked stale by the write
        refresh.later(state)
