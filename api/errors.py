"""Errors of the HTTP layer, and the mapping of every error to its precise status code.

The body of an error response is JSON: ``{"detail": message}``, plus ``line`` and ``column`` when
the SPARQL parser said where the problem is (its message reads ``error at LINE:COLUMN: ...``).
"""

from __future__ import annotations

import re

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from ses_graph.errors import ParameterError, QueryError, SesGraphError, UnknownQuery

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

    def __init__(self, seconds: float):
        super().__init__(f"the query ran longer than the time limit of {seconds:g} s")


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


def _status(error: SesGraphError) -> int:
    for kind, status in STATUS:
        if isinstance(error, kind):
            return status or error.status
    return 500


async def _project_error(request: Request, error: SesGraphError) -> JSONResponse:
    headers = error.headers if isinstance(error, HttpError) else None
    return JSONResponse(error_body(str(error)), status_code=_status(error), headers=headers)


async def _syntax_error(request: Request, error: SyntaxError) -> JSONResponse:
    message = str(error.msg) if getattr(error, "msg", None) else str(error)
    return JSONResponse(error_body(message), status_code=400)


async def _unicode_error(request: Request, error: UnicodeDecodeError) -> JSONResponse:
    return JSONResponse(error_body(f"the request is not valid UTF-8: {error}"), status_code=400)


async def _store_error(request: Request, error: OSError) -> JSONResponse:
    return JSONResponse(error_body(f"the store or a remote service failed: {error}"), status_code=500)


def install(app: FastAPI) -> None:
    """Register the error handlers on ``app``."""
    app.add_exception_handler(SesGraphError, _project_error)
    app.add_exception_handler(SyntaxError, _syntax_error)
    app.add_exception_handler(UnicodeDecodeError, _unicode_error)
    app.add_exception_handler(OSError, _store_error)
