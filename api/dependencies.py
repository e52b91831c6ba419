"""What the routes share: the application's settings, store and analyses (held by the app itself), write access."""

from __future__ import annotations

import hmac

import pyoxigraph as ox
from fastapi import Request

from ses_graph import build, search

from . import refresh
from .analyses import Analyses
from ses_graph.errors import Forbidden, Unauthorized
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

    The search keys are computed again (the write may have added or changed a label), the stored
    mediator rankings are removed and computed again in the background (:mod:`api.refresh`), the
    cached analyses are forgotten, and the query workers and the server's own reads get a new snapshot.
    """
    state = request.app.state
    await state.writer.call(search.refresh)
    stale = await state.writer.call(build.drop_mediators)
    await state.pool.refresh()
    state.store = state.pool.reader()  # the server's own reads see the write too
    state.analyses = Analyses(state.store)
    if stale:
        refresh.later(state)
