"""The error handlers of the application: every error becomes a JSON response with its precise status code.

The body is ``{"detail": message}``, plus ``line`` and ``column`` when the SPARQL parser said where
the problem is (see :func:`ses_graph.api.errors.error_body`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

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
    of_exception,
)
from ses_graph.validate.survey import Violation

from .errors import error_body
from .negotiation import Offer, choose

REFUSAL_OFFERS = (Offer("application/json", None), Offer("text/plain", None))
METHODS = ("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS")


def violation_json(violation: Violation, where: tuple[str, int, int] = ("", 0, 0)) -> dict:
    """One violation of a refused write, as its JSON object; with the ``document``, ``line`` and ``column`` of its
    triple in the write's body when it was found there."""
    found = {"document": where[0], "line": where[1], "column": where[2]} if where[1] else {}
    return {"focus": violation.focus, "rule": violation.term, "path": violation.path, "value": violation.value,
            "message": violation.message, **found}


def _positions(error: WriteRefused) -> list[tuple[str, int, int]]:
    return error.where or [("", 0, 0)] * len(error.violations)


async def _refused_write(request: Request, error: WriteRefused) -> Response:
    """422: the violations, as JSON (``{"detail", "violations": [{"focus", "rule", "path", "value", "message"}]}``, each
    with ``document``, ``line`` and ``column`` when it was found in the write's body) or, when the client prefers
    ``text/plain``, as text, one line each."""
    try:
        text = choose(request.headers.get("accept"), REFUSAL_OFFERS).media_type == "text/plain"
    except NotAcceptable:
        text = False
    status = http_status(error)
    if text:
        located = "".join(f"  {document}:{line}:{column}: {v.focus} [{v.term}]\n"
                          for v, (document, line, column) in zip(error.violations, _positions(error), strict=True)
                          if line)
        return PlainTextResponse(str(error) + "\n" + (f"where, in the body:\n{located}" if located else ""),
                                 status_code=status)
    violations = [violation_json(v, where) for v, where in zip(error.violations, _positions(error), strict=True)]
    return JSONResponse({"detail": str(error), "violations": violations}, status_code=status)


async def _project_error(request: Request, error: SesGraphError) -> JSONResponse:
    headers = error.headers if isinstance(error, HttpError) else None
    return JSONResponse(error_body(str(error)), status_code=http_status(error), headers=headers)


async def _foreign_error(request: Request, error: Exception) -> JSONResponse:
    """An exception of Python or pyoxigraph that the route let through, answered as the project's error it stands for
    (:func:`ses_graph.errors.of_exception`): its status from the one table, a message, never a traceback."""
    assert isinstance(error, SyntaxError | UnicodeDecodeError | OSError)  # the types install() registers it for
    return await _project_error(request, of_exception(error))


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
    # Starlette types a handler as taking any Exception; each of these takes the one it is registered for
    handlers: list[tuple[type[Exception], Callable[..., Awaitable[Response]]]] = [
        (WriteRefused, _refused_write), (SesGraphError, _project_error), (HTTPException, _routing_error)]
    handlers += [(foreign, _foreign_error) for foreign in (SyntaxError, UnicodeDecodeError, OSError)]
    for kind, handler in handlers:
        app.add_exception_handler(kind, handler)
