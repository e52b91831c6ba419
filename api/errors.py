"""The body of an error response: ``{"detail": message}``, plus ``line`` and ``column`` when the
SPARQL parser said where the problem is (its message reads ``error at LINE:COLUMN: ...``).

The error types and their HTTP statuses are in :mod:`ses_graph.errors` (one table, shared with the
command line's exit codes); the handlers that turn errors into responses are in :mod:`ses_graph.api.handlers`.
(This module imports nothing of FastAPI, so that the query workers load fast.)
"""

from __future__ import annotations

import re

POSITION = re.compile(r"error at (\d+):(\d+)")


def error_body(message: str) -> dict:
    """``{"detail": message}``, with the parser's ``line`` and ``column`` when the message gives them."""
    body: dict = {"detail": message}
    position = POSITION.search(message)
    if position:
        body["line"], body["column"] = int(position.group(1)), int(position.group(2))
    return body
