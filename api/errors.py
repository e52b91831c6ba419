"""Errors of the HTTP layer, and the mapping of every error to its precise status code.

(This module imports nothing of FastAPI, so that the query workers load fast; the handlers that
turn errors into responses are in :mod:`api.handlers`.)

The body of an error response is JSON: ``{"detail": message}``, plus ``line`` and ``column`` when
the SPARQL parser said where the problem is (its message reads ``error at LINE:COLUMN: ...``).
"""

from __future__ import annotations

import re

from ses_graph.errors import ParameterError, QueryError, RemoteError, RemoteTimeout, SesGraphError, UnknownQuery

from .negotiation import NotAcceptable

POSITION = re.compile(r"error at (\d+):(\d+)")


class HttpError(SesGraphError):
    """A request the server refuses; ``status`` is its HTTP status code."""

    status = 400
    headers: dict[str, str] = {}


class BadRequest(HttpError):
    """The request does not follow the protocol (missing, repeated or conflicting parameters)."""


class EvaluationError(HttpError):
    """pyoxigraph refused to evaluate a well-formed request (a graph that does not exist, or already does...)."""


class QueryTimeout(SesGraphError):
    """The query ran longer than the operator's time limit."""

    def __init__(self, seconds: float, message: str | None = None):
        super().__init__(message or f"the query ran longer than the time limit of {seconds:g} s, and was stopped")


class UnsupportedMediaType(HttpError):
    status = 415


class Unauthorized(HttpError):
    status = 401
    headers = {"WWW-Authenticate": 'Bearer realm="ses-graph"'}


class Forbidden(HttpError):
    status = 403


class NotFound(HttpError):
    status = 404


class PayloadTooLarge(HttpError):
    status = 413


STATUS = (
    (HttpError, None),
    (UnknownQuery, 404),
    (NotAcceptable, 406),
    (QueryTimeout, 503),
    (RemoteTimeout, 503),
    (RemoteError, 502),
    (ParameterError, 400),
    (QueryError, 400),
)


def error_body(message: str) -> dict:
    """``{"detail": message}``, with the parser's ``line`` and ``column`` when the message gives them."""
    body: dict = {"detail": message}
    position = POSITION.search(message)
    if position:
        body["line"], body["column"] = int(position.group(1)), int(position.group(2))
    return body


def status_of(error: SesGraphError) -> int:
    """The HTTP status code of a project error."""
    for kind, status in STATUS:
        if isinstance(error, kind):
            return status or error.status
    return 500
