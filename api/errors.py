"""The body of an error response: ``{"detail": message}``, plus ``line`` and ``column`` when the
parser said where the problem is (pyoxigraph's SPARQL parser writes ``error at LINE:COLUMN: ...``, its RDF parsers
``... at line LINE column COLUMN: ...``).

The error types and their HTTP statuses are in :mod:`ses_graph.errors` (one table, shared with the
command line's exit codes); the handlers that turn errors into responses are in :mod:`ses_graph.api.handlers`.
(This module imports nothing of FastAPI, so that the query workers load fast.)
"""

from __future__ import annotations

import re

POSITION = re.compile(r"error at (\d+):(\d+)|at line (\d+) column (\d+)")


def error_body(message: str) -> dict:
    """``{"detail": message}``, with the parser's ``line`` and ``column`` when the message gives them."""
    body: dict = {"detail": message}
    position = POSITION.search(message)
    if position:
        line, column = (group for group in position.groups() if group is not None)
        body["line"], body["column"] = int(line), int(column)
    return body
