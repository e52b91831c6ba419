"""What the routes share: the application's settings, store and analyses (held by the app itself), write access."""

from __future__ import annotations

import hmac

import pyoxigraph as ox
from fastapi import Request

from ses_graph import search

from .analyses import Analyses
from .errors import Forbidden, Unauthorized
from .settings import Settings


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_store(request: Request) -> ox.Store:
    """The store the application opened at startup (thread-safe: one for every request)."""
    return request.app.state.store


def check_write_access(settings: Settings, authorization: str | None) -> None:
    """Allow a write only with ``Authorization: Bearer TOKEN`` where TOKEN is the operator's ``SES_GRAPH_TOKEN``.

    A server without a token is read-only (403); a request without a bearer token is 401; a wrong
    token is 403.
    """
    if settings.public:
        raise Forbidden("this server serves the public view, which is read-only")
    if not settings.writable:
        raise Forbidden("this server is read-only (the operator set no SES_GRAPH_TOKEN)")
    scheme, _, token = (authorization or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("writes need the header 'Authorization: Bearer TOKEN'")
    if not hmac.compare_digest(token.strip().encode("utf-8"), settings.token.encode("utf-8")):
        raise Forbidden("this token does not allow writes")


def get_analyses(request: Request):
    """The application's cache of network analyses (mediator rankings, the map)."""
    return request.app.state.analyses


async def after_write(request: Request) -> None:
    """Make a successful write visible before it is answered, so that its client then reads it.

    The search keys are computed again (the write may have added or changed a label), the cached
    analyses are forgotten (computed from the data from then on: the rankings the build stored no
    longer hold), the query workers and the server's own reads get a new snapshot, and the HTTP
    result cache a new version (:mod:`api.caching`).
    """
    state = request.app.state
    await state.writer.call(search.refresh)
    await state.pool.refresh()
    state.store = state.pool.reader()  # the server's own reads see the write too
    state.analyses = Analyses(state.store, stored=False)
    if state.cache is not None:  # after the new snapshot: nothing older is kept under the new version
        state.cache.invalidate()
