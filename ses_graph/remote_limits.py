"""The time limit of a query on a remote SPARQL server: ours (the HTTP client's), or the engine's own.

The SPARQL 1.1 Protocol has no status or error format for "the query ran out of time", and no way to cancel a
query: a request abandoned by the client is not stopped by the engine (Virtuoso 7.2.5 and ``oxigraph serve`` keep
computing it; Virtuoso until its ``MaxQueryExecutionTime``). So an engine's own time limit comes back as that
engine's own error, which :func:`engine_timeout` recognises by its parsed code in :data:`ENGINE_TIMEOUTS`, one row
per engine and version seen: it is then the same error as our own limit, :class:`ses_graph.errors.RemoteTimeout`
(HTTP 503, exit code 1), rather than a failure of the server (502).
"""

from __future__ import annotations

import re

from .errors import RemoteTimeout

#: Virtuoso's error body: ``Virtuoso S1T00 Error SR171: Transaction timed out`` (its SQL state, its own error code,
#: the message), then the query.
VIRTUOSO_ERROR = re.compile(r"Virtuoso (?P<state>[0-9A-Z]{5}) Error (?P<code>[0-9A-Z]+): (?P<message>[^\r\n]*)")
#: The answers of an engine whose own time limit stopped a query: (HTTP status, SQL state, error code).
ENGINE_TIMEOUTS: frozenset[tuple[int, str, str]] = frozenset({
    # Virtuoso Open Source 7.2.5 (07.20.3229, Debian bookworm): [SPARQL] MaxQueryExecutionTime passed
    (500, "S1T00", "SR171"),
})


def our_timeout(url: str, seconds: float | None) -> RemoteTimeout:
    """Our time limit passed: ``url`` was left without an answer after ``seconds``."""
    limit = f"{seconds:g} s" if seconds is not None else "?"
    return RemoteTimeout(f"the query did not answer within the time limit of {limit}: {url} was left without an "
                         f"answer / la requête n'a pas répondu dans le temps limite de {limit} : {url} n'a pas "
                         f"répondu")


def engine_timeout(url: str, status: int, body: str) -> RemoteTimeout | None:
    """The engine's own time limit, when ``url`` answered ``status`` and the error ``body`` of one of
    :data:`ENGINE_TIMEOUTS`; None for any other error.

    >>> print(engine_timeout("http://h/sparql", 500, "Virtuoso S1T00 Error SR171: Transaction timed out\\n\\nSPARQL"))
    the query did not answer within the time limit: http://h/sparql stopped it at its own limit (S1T00 SR171: \
Transaction timed out) / la requête n'a pas répondu dans le temps limite : http://h/sparql l'a arrêtée à sa propre \
limite
    >>> engine_timeout("http://h/sparql", 500, "Virtuoso 37000 Error SP030: SPARQL compiler, line 1: syntax error")
    """
    error = VIRTUOSO_ERROR.match(body)
    if error is None or (status, error["state"], error["code"]) not in ENGINE_TIMEOUTS:
        return None
    said = f"{error['state']} {error['code']}: {error['message'].strip()}"
    return RemoteTimeout(f"the query did not answer within the time limit: {url} stopped it at its own limit "
                         f"({said}) / la requête n'a pas répondu dans le temps limite : {url} l'a arrêtée à sa "
                         f"propre limite")
