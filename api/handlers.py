"""The error handlers of the application: every error becomes a JSON response with its precise status code.

The body is ``{"detail": message}``, plus ``line`` and ``column`` when the SPARQL parser said where
the problem is (see :func:`ses_graph.api.errors.error_body`).
"""

from __future__ import annotations

from fastapi import FastAPI, Request, Response
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import JSONResponse, PlainTextResponse
from starlette.exceptions import HTTPException
from starlette.routing import Match

from ses_graph.errors import (
    HttpError,
    MethodNotAllowed,
    NotAcceptable,
    SesGraphError,
    WriteRefused,
    http_status,
    syntax_message,
)

from .errors import error_body
from .negotiation import Offer, choose

REFUSAL_OFFERS = (Offer("application/json", None), Offer("text/plain", None))
METHODS = ("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS")


def violation_json(violation) -> dict:
    """One violation of a refused write, as its JSON object."""
    return {"focus": violation.focus, "rule": violation.term, "path": violation.path, "value": violation.value,
            "message": violation.message}


async def _refused_write(request: Request, error: WriteRefused) -> Response:
    """422: the violations, as JSON (``{"detail", "violations": [{"focus", "rule", "path", "value", "message"}]}``) or,
    when the client prefers ``text/plain``, as text, one line each."""
    try:
        text = choose(request.headers.get("accept"), REFUSAL_OFFERS).media_type == "text/plain"
    except NotAcceptable:
        text = False
    if text:
        return PlainTextResponse(str(error) + "\n", status_code=422)
    violations = [violation_json(v) for v in error.violations]
    return JSONResponse({"detail": str(error), "violations": violations}, status_code=422)


async def _project_error(request: Request, error: SesGraphError) -> JSONResponse:
    headers = error.headers if isinstance(error, HttpError) else None
    return JSONResponse(error_body(str(error)), status_code=http_status(error), headers=headers)


async def _syntax_error(request: Request, error: SyntaxError) -> JSONResponse:
    return JSONResponse(error_body(syntax_message(error)), status_code=400)


async def _unicode_error(request: Request, error: UnicodeDecodeError) -> JSONResponse:
    return JSONResponse(error_body(f"the request is not valid UTF-8: {error}"), status_code=400)


async def _store_error(request: Request, error: OSError) -> JSONResponse:
    return JSONResponse(error_body(f"the store or a remote service failed: {error}"), status_code=500)


async def _routing_error(request: Request, error: HTTPException) -> Response:
    """A method the path does not take: 405 (the errors table's) with every method of every route of that path in
    ``Allow`` (Starlette lists only those of the first route it tried). Other routing errors as FastAPI answers them."""
    if error.status_code != 405:
        return await http_exception_handler(request, error)
    allowed = [method for method in METHODS if any(route.matches({**request.scope, "method": method})[0] is Match.FULL
                                                   for route in request.app.router.routes)]
    path = request.scope["path"]
    return await _project_error(request, MethodNotAllowed(f"{path} does not take {request.method}", ", ".join(allowed)))


def install(app: FastAPI) -> None:
    """Register the error handlers on ``app``."""
    app.add_exception_handler(WriteRefused, _refused_write)
    app.add_exception_handler(SesGraphError, _project_error)
    app.add_exception_handler(HTTPException, _routing_error)
    app.add_exception_handler(SyntaxError, _syntax_error)
    app.add_exception_handler(UnicodeDecodeError, _unicode_error)
    app.add_exception_handler(OSError, _store_error)
