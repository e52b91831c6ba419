"""The limits of a query on a remote SPARQL server: its time (ours, the HTTP client's, or the engine's own), and
the engine's cap on the rows of a result.

The SPARQL 1.1 Protocol has no status or error format for "the query ran out of time", and no way to cancel a
query: a request abandoned by the client is not stopped by the engine (Virtuoso 7.2.5 and ``oxigraph serve`` keep
computing it; Virtuoso until its ``MaxQueryExecutionTime``). So an engine's own time limit comes back as that
engine's own error, which :func:`engine_timeout` recognises by its parsed code in :data:`ENGINE_TIMEOUTS`, one row
per engine and version seen: it is then the same error as our own limit, :class:`ses_graph.errors.RemoteTimeout`
(HTTP 503, exit code 1), rather than a failure of the server (502).

An engine may also cap the rows of a result and answer 200 with the first ones only: Virtuoso's
``ResultSetMaxRows`` (``[SPARQL]`` section of ``virtuoso.ini``; 10,000 in the file Debian installs). It says so in
the :data:`MAX_ROWS_HEADER` of a ``SELECT`` only, when the rows reached the cap; a ``CONSTRUCT`` or ``DESCRIBE`` it
cuts at the cap plus one triple without saying anything (openlink/virtuoso-opensource#939). :func:`row_cap` reads
the header against the query's own ``LIMIT``: a result that may be cut short is read again in pages of the cap, in
one order (:meth:`ses_graph.remote.RemoteStore.query`), or refused (:func:`unpaged`), never answered cut. The whole
graphs the reading commands take (``export``, ``map``...) are counted on the server, checked against what came, and
read in pages too when the engine cut them (:meth:`ses_graph.remote.RemoteStore.quads_for_pattern`, :func:`cut_graph`).
"""

from __future__ import annotations

import re

from .errors import RemoteError, RemoteTimeout

#: Virtuoso's error body: ``Virtuoso S1T00 Error SR171: Transaction timed out`` (its SQL state, its own error code,
#: the message), then the query.
VIRTUOSO_ERROR = re.compile(r"Virtuoso (?P<state>[0-9A-Z]{5}) Error (?P<code>[0-9A-Z]+): (?P<message>[^\r\n]*)")
#: The answers of an engine whose own time limit stopped a query: (HTTP status, SQL state, error code).
ENGINE_TIMEOUTS: frozenset[tuple[int, str, str]] = frozenset({
    # Virtuoso Open Source 7.2.5 (07.20.3229, Debian bookworm): [SPARQL] MaxQueryExecutionTime passed
    (500, "S1T00", "SR171"),
})
#: The answers of an engine that aborted an update whose transaction log passed its own limit: (HTTP status, SQL
#: state, error code).
ENGINE_LOG_LIMITS: frozenset[tuple[int, str, str]] = frozenset({
    # Virtuoso Open Source 7.2.5: [Parameters] TransactionAfterImageLimit passed ("Transaction aborted because it's log
    # after image size went above the limit"); 50,000,000 bytes by default, which the switch of a load of about a
    # million quads passes (the 10k ecosystem with its mediators graph: 1,040,865)
    (500, "40005", "SR325"),
})
#: What an operator raises to let such an update through.
LOG_LIMIT_SETTING = "TransactionAfterImageLimit, [Parameters] section of virtuoso.ini"


#: The response header of a ``SELECT`` whose rows reached the engine's cap (Virtuoso 7.2.5: ``ResultSetMaxRows``), the
#: cap as its value. Sent as well when the result has exactly that many rows: the rows past the cap are not counted.
MAX_ROWS_HEADER = "X-SPARQL-MaxRows"
#: What an operator raises to let such a result through.
MAX_ROWS_SETTING = "ResultSetMaxRows, [SPARQL] section of virtuoso.ini"


def our_timeout(url: str, seconds: float | None) -> RemoteTimeout:
    """Our time limit passed: ``url`` was left without an answer after ``seconds``."""
    limit = f"{seconds:g} s" if seconds is not None else "?"
    return RemoteTimeout(f"the query did not answer within the time limit of {limit}: {url} was left without an "
                         f"answer / la requête n'a pas répondu dans le temps limite de {limit} : {url} n'a pas "
                         f"répondu")


def engine_error(status: int, body: str, known: frozenset[tuple[int, str, str]]) -> str | None:
    """The engine's own error (its SQL state, code and message, as one text) when the answer's ``status`` and error
    ``body`` are one of ``known`` (HTTP status, SQL state, error code); None otherwise."""
    error = VIRTUOSO_ERROR.match(body)
    if error is None or (status, error["state"], error["code"]) not in known:
        return None
    return f"{error['state']} {error['code']}: {error['message'].strip()}"


def engine_timeout(url: str, status: int, body: str) -> RemoteTimeout | None:
    """The engine's own time limit, when ``url`` answered ``status`` and the error ``body`` of one of
    :data:`ENGINE_TIMEOUTS`; None for any other error.

    >>> print(engine_timeout("http://h/sparql", 500, "Virtuoso S1T00 Error SR171: Transaction timed out\\n\\nSPARQL"))
    the query did not answer within the time limit: http://h/sparql stopped it at its own limit (S1T00 SR171: \
Transaction timed out) / la requête n'a pas répondu dans le temps limite : http://h/sparql l'a arrêtée à sa propre \
limite
    >>> engine_timeout("http://h/sparql", 500, "Virtuoso 37000 Error SP030: SPARQL compiler, line 1: syntax error")
    """
    said = engine_error(status, body, ENGINE_TIMEOUTS)
    if said is None:
        return None
    return RemoteTimeout(f"the query did not answer within the time limit: {url} stopped it at its own limit "
                         f"({said}) / la requête n'a pas répondu dans le temps limite : {url} l'a arrêtée à sa "
                         f"propre limite")


def engine_log_limit(url: str, status: int, body: str) -> RemoteError | None:
    """The engine aborted an update whose transaction log passed its own limit, when ``url`` answered ``status`` and
    the error ``body`` of one of :data:`ENGINE_LOG_LIMITS`; None for any other error. The engine rolled the request
    back: none of its operations was applied.

    >>> print(engine_log_limit("http://h/sparql", 500, "Virtuoso 40005 Error SR325: Transaction aborted because it's "
    ...                        "log after image size went above the limit\\n\\nSPARQL query:"))
    http://h/sparql aborted the update: its transaction log passed the engine's own limit (40005 SR325: Transaction \
aborted because it's log after image size went above the limit), and none of it was applied; raise that limit on the \
server (TransactionAfterImageLimit, [Parameters] section of virtuoso.ini) above the size of the load / \
http://h/sparql a abandonné la mise à jour : son journal de transaction a dépassé la limite propre du moteur, et \
rien n'en a été appliqué ; relevez cette limite sur le serveur au-delà de la taille du chargement
    >>> engine_log_limit("http://h/sparql", 500, "Virtuoso S1T00 Error SR171: Transaction timed out")
    """
    said = engine_error(status, body, ENGINE_LOG_LIMITS)
    if said is None:
        return None
    return RemoteError(f"{url} aborted the update: its transaction log passed the engine's own limit ({said}), and "
                       f"none of it was applied; raise that limit on the server ({LOG_LIMIT_SETTING}) above the size "
                       f"of the load / {url} a abandonné la mise à jour : son journal de transaction a dépassé la "
                       f"limite propre du moteur, et rien n'en a été appliqué ; relevez cette limite sur le serveur "
                       f"au-delà de la taille du chargement")


def row_cap(url: str, header: str | None, own_limit: int | None) -> int | None:
    """The engine's cap on rows when the ``SELECT`` result ``url`` answered may lack some: its :data:`MAX_ROWS_HEADER`
    says the rows reached that cap (``header``: its value, None when absent), and the query's own ``LIMIT``
    (``own_limit``, :func:`ses_graph.sparql_tokens.query_limit`) does not keep it within the cap; None when the result
    is whole. Such a result is read again in pages of the cap (:meth:`ses_graph.remote.RemoteStore.query`).

    >>> row_cap("http://h/sparql", "10000", None), row_cap("http://h/sparql", "10000", 10001)
    (10000, 10000)
    >>> row_cap("http://h/sparql", "10000", 10000), row_cap("http://h/sparql", None, None)
    (None, None)
    """
    if header is None:
        return None
    try:
        cap = int(header.strip())
    except ValueError:
        raise RemoteError(f"{url} answered a {MAX_ROWS_HEADER} header that is not a number: {header!r}") from None
    if cap < 1:
        raise RemoteError(f"{url} answered a {MAX_ROWS_HEADER} header that is not a positive number: {header!r}")
    if own_limit is not None and own_limit <= cap:
        return None  # the query asked for no more than the cap: it has them all
    return cap


def unpaged(url: str, cap: int, why: str, pourquoi: str) -> RemoteError:
    """The error to raise when a ``SELECT`` whose rows reached the engine's cap (``cap``) cannot be read in pages:
    ``why`` (and ``pourquoi``, the same in French) says what stopped it.

    >>> print(unpaged("http://h/sparql", 40, "its rows hold blank nodes", "ses lignes ont des nœuds anonymes"))
    http://h/sparql gave the first 40 rows only, its own cap (X-SPARQL-MaxRows: 40), and the others cannot be read in \
pages: its rows hold blank nodes; the result is refused: raise the cap on the server (ResultSetMaxRows, [SPARQL] \
section of virtuoso.ini) above the largest result / http://h/sparql n'a donné que les 40 premières lignes, son propre \
plafond, et les autres ne peuvent pas être lues par pages : ses lignes ont des nœuds anonymes ; le résultat est \
refusé : relevez ce plafond sur le serveur au-delà du plus grand résultat
    """
    return RemoteError(f"{url} gave the first {cap} rows only, its own cap ({MAX_ROWS_HEADER}: {cap}), and the others "
                       f"cannot be read in pages: {why}; the result is refused: raise the cap on the server "
                       f"({MAX_ROWS_SETTING}) above the largest result / {url} n'a donné que les {cap} premières "
                       f"lignes, son propre plafond, et les autres ne peuvent pas être lues par pages : {pourquoi} ; "
                       f"le résultat est refusé : relevez ce plafond sur le serveur au-delà du plus grand résultat")


def cut_graph(url: str, graph: str, counted: int, came: int) -> RemoteError | None:
    """The error to raise when ``url`` gave fewer triples of ``graph`` (``came``) than it counts (``counted``): the
    engine cut the answer; None when all came.

    >>> print(cut_graph("http://h/sparql", "<urn:g>", 200, 51))
    http://h/sparql gave 51 of the 200 triples of <urn:g>: it cut the answer (Virtuoso: at its ResultSetMaxRows, \
[SPARQL] section of virtuoso.ini, plus one); raise that cap above the largest graph / http://h/sparql n'a donné que \
51 des 200 triplets de <urn:g> : il a coupé la réponse ; relevez ce plafond au-delà du plus grand graphe
    """
    if came >= counted:
        return None
    return RemoteError(f"{url} gave {came} of the {counted} triples of {graph}: it cut the answer (Virtuoso: at its "
                       f"{MAX_ROWS_SETTING}, plus one); raise that cap above the largest graph / {url} n'a donné que "
                       f"{came} des {counted} triplets de {graph} : il a coupé la réponse ; relevez ce plafond au-delà "
                       f"du plus grand graphe")


def cut_triples(url: str, cap: int, came: int) -> RemoteError:
    """The error to raise when a ``CONSTRUCT`` of ``url`` gave ``came`` triples, as many as its cap on rows (``cap``)
    or more: the engine may have cut it without saying so (Virtuoso gives the cap plus one).

    >>> print(cut_triples("http://h/sparql", 40, 41))
    http://h/sparql gave 41 triples, past its own cap of 40 rows (X-SPARQL-MaxRows): the engine may have cut the \
graph without saying so, so it is refused: raise the cap on the server (ResultSetMaxRows, [SPARQL] section of \
virtuoso.ini) above the largest result, or ask with a SELECT, which is read in pages / http://h/sparql a donné 41 \
triplets, au-delà de son propre plafond de 40 lignes : le moteur a pu couper le graphe sans le dire, donc il est \
refusé : relevez ce plafond sur le serveur au-delà du plus grand résultat, ou demandez-le par un SELECT, lu par pages
    """
    return RemoteError(f"{url} gave {came} triples, past its own cap of {cap} rows ({MAX_ROWS_HEADER}): the engine may "
                       f"have cut the graph without saying so, so it is refused: raise the cap on the server "
                       f"({MAX_ROWS_SETTING}) above the largest result, or ask with a SELECT, which is read in pages / "
                       f"{url} a donné {came} triplets, au-delà de son propre plafond de {cap} lignes : le moteur a "
                       f"pu couper le graphe sans le dire, donc il est refusé : relevez ce plafond sur le serveur "
                       f"au-delà du plus grand résultat, ou demandez-le par un SELECT, lu par pages")
