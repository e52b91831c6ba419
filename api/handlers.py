"""The error handlers of the application: every error becomes a JSON response with its precise status code.

The body is ``{"detail": message}``, plus ``line`` and ``column`` when the SPARQL parser said where
the problem is (see :func:`api.errors.error_body`).
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from ses_graph.errors import HttpError, SesGraphError, http_status, syntax_message

from .errors import error_body


async def _project_error(request: Request, error: SesGraphError) -> JSONResponse:
    headers = error.headers if isinstance(error, HttpError) else None
    return JSONResponse(error_body(str(error)), status_code=http_status(error), headers=headers)


async def _syntax_error(request: Request, error: SyntaxError) -> JSONResponse:
    return JSONResponse(error_body(syntax_message(error)), status_code=400)


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
