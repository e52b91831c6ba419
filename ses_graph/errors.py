"""The project's error types, and the one table (:data:`CODES`) that gives each its exit code and HTTP status.

Exit codes: 0 success, 1 the data or the query is wrong (the message says where), 2 usage error.
The command line (:func:`exit_code`) and the HTTP handlers (:func:`http_status`) read the same table.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

EXIT_OK = 0
EXIT_DATA = 1
EXIT_USAGE = 2


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in the data: where it is, which term it concerns, and what is wrong."""

    file: str
    line: int
    column: int
    term: str
    value: str
    message: str

    def __str__(self) -> str:
        column = (
            f":{self.column}" if self.column else ""
        )  # a problem of the data has a line, a syntax error a column too
        where = f"{self.file}:{self.line}{column}" if self.line else (self.file or "<store>")
        value = f": {self.value}" if self.value else ""
        term = f" [{self.term}]" if self.term else ""
        return f"{where}: {self.message}{value}{term}"


POSITION = re.compile(r"^error at (\d+):(\d+): ")
#: A character class in the parser's list of what it expected (``['A' ..= 'Z' | ...]``), quoted characters included.
CHARACTER_CLASS = re.compile(r"\[(?:'(?:[^'\\]|\\.)*'|[^\]'])*\]")
#: The prefixed name whose end the parser points at when a prefix is unknown.
PREFIXED_NAME = re.compile(r"([A-Za-z][\w.-]*)?:[\w.%:-]*$")


def syntax_message(error: SyntaxError, text: str | None = None) -> str:
    """The parser's message of a SyntaxError in one readable line (pyoxigraph puts the position in it).

    With the query ``text``, an unknown prefix is named: ``error at 1:23: unknown prefix 'zzz'``.
    Otherwise the list of what the parser expected keeps its words and drops its character classes.

    >>> error = SyntaxError("error at 1:20: expected one of Prefix not found, ['%'], [':']")
    >>> syntax_message(error, "ASK { ?s a zz:Thing }")
    "error at 1:12: unknown prefix 'zz'"
    >>> syntax_message(SyntaxError("error at 1:25: expected one of LATERAL, SERVICE, ['_' | 'a'..='z'], ['.']"))
    'error at 1:25: expected one of LATERAL, SERVICE'
    """
    message = str(error.msg) if getattr(error, "msg", None) else str(error)
    position = POSITION.match(message)
    if position and "Prefix not found" in message:
        line, column = int(position.group(1)), int(position.group(2))
        lines = (text or "").splitlines()
        name = PREFIXED_NAME.search(lines[line - 1][:column - 1]) if 0 < line <= len(lines) else None
        if name:
            start = name.start() + 1
            return f"error at {line}:{start}: unknown prefix '{name.group(1) or ''}'"
        return f"{position.group(0)}unknown prefix"
    readable = CHARACTER_CLASS.sub("", " ".join(message.split()))
    readable = re.sub(r"(?:,\s*)+(?=,|$)", "", re.sub(r",(?:\s*,)+", ",", readable))
    return readable.rstrip(", ") or message


class SesGraphError(Exception):
    """Base class of the project's errors; :data:`CODES` gives each its exit code and HTTP status."""


class DataError(SesGraphError):
    """The curated data (or the ontology) is wrong: carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the data:\n{lines}")


class WriteRefused(SesGraphError):
    """A write that would break the rules of the curated data: carries the violations (focus, term, value, message)."""

    def __init__(self, violations: list, context: str = "the write"):
        self.violations, self.context = list(violations), context
        #: Where each violation is in the write's body, (document, line, column), when the write had one (a Graph Store
        #: write) and the parser found its triple there; set by the server, which has the body.
        self.where: list[tuple[str, int, int]] = []
        lines = "\n".join(f"  {v.focus} [{v.term}]{': ' + v.value if v.value else ''}: {v.message}"
                          for v in self.violations)
        super().__init__(f"{context} breaks {len(self.violations)} rule(s) of the curated data:\n{lines}")

    def __reduce__(self) -> tuple[type[WriteRefused], tuple[list, str]]:  # crosses the writer's pipe whole
        return WriteRefused, (self.violations, self.context)


class QueryError(SesGraphError):
    """A query is malformed or cannot be run (the parser's message says where)."""


class ParseError(SesGraphError):
    """A text a request carries (a query, an update, an RDF body) does not parse: the parser's message says where."""


class Unavailable(SesGraphError):
    """The server cannot answer now: its store, its disk or one of its own processes failed (an ``OSError`` of the
    server's, not of the request); the message says which, and the client may try again later."""


class UnknownQuery(SesGraphError):
    """No named query has this name."""


class ParameterError(SesGraphError):
    """A query parameter is missing, unknown or has a bad value."""


class RemoteError(SesGraphError):
    """The remote SPARQL server failed, could not be reached, or answered what it should not."""


class RemoteTimeout(RemoteError):
    """The remote SPARQL server did not answer within the time limit."""


class UsageError(SesGraphError):
    """The command was called wrongly."""


class QueryTimeout(SesGraphError):
    """The query ran longer than the operator's time limit."""

    def __init__(self, seconds: float, message: str | None = None):
        super().__init__(message or f"the query ran longer than the time limit of {seconds:g} s, and was stopped")


class NotAcceptable(SesGraphError):
    """None of the media types the client accepts can carry this result."""

    def __init__(self, accept: str, available: Iterable[str]):
        listed = ", ".join(dict.fromkeys(available))
        super().__init__(f"cannot answer in any of the accepted media types ({accept!r}); available: {listed}")


class HttpError(SesGraphError):
    """A request the server refuses (``headers``: the response headers it needs)."""

    headers: dict[str, str] = {}


class BadRequest(HttpError):
    """The request does not follow the protocol (missing, repeated or conflicting parameters)."""


class EvaluationError(HttpError):
    """pyoxigraph refused to evaluate a well-formed request (a graph that does not exist, or already does...)."""


class UnsupportedMediaType(HttpError):
    """The body's media type is not one the route reads."""


class Unauthorized(HttpError):
    """A write without a valid token."""

    headers = {"WWW-Authenticate": 'Bearer realm="ses-graph"'}


class Forbidden(HttpError):
    """A token that does not allow this write."""


class NotFound(HttpError):
    """No such resource."""


class Conflict(HttpError):
    """The resource is no longer in the state the request needs (a proposal already accepted or rejected)."""


class MethodNotAllowed(HttpError):
    """A resource that does not take this method; ``headers`` carry the ``Allow`` of the methods it takes."""

    def __init__(self, message: str, allow: str):
        super().__init__(message)
        self.headers = {"Allow": allow}


class PayloadTooLarge(HttpError):
    """The request body is over the operator's limit."""


class UriTooLong(HttpError):
    """The request's URL (its query string) is over the operator's limit: send the query with POST."""


class HeadersTooLarge(HttpError):
    """The request's header lines are over the server's limit."""


class ForwardedError(HttpError):
    """An error decided in another process (a query or write worker), carrying the status the table gave it there."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status

    def __reduce__(self) -> tuple[type[ForwardedError], tuple[int, str]]:
        return ForwardedError, (self.status, str(self))


#: The one table of the errors: the exit code of the command line and the HTTP status of each
#: type (a subclass not listed takes its nearest listed parent's).
CODES: dict[type[SesGraphError], tuple[int, int]] = {
    SesGraphError: (EXIT_DATA, 500),
    DataError: (EXIT_DATA, 422),
    WriteRefused: (EXIT_DATA, 422),
    QueryError: (EXIT_DATA, 400),
    ParseError: (EXIT_DATA, 400),
    Unavailable: (EXIT_DATA, 503),
    EvaluationError: (EXIT_DATA, 400),
    QueryTimeout: (EXIT_DATA, 503),
    RemoteError: (EXIT_DATA, 502),
    RemoteTimeout: (EXIT_DATA, 503),
    UnknownQuery: (EXIT_USAGE, 404),
    ParameterError: (EXIT_USAGE, 400),
    UsageError: (EXIT_USAGE, 400),
    HttpError: (EXIT_USAGE, 400),
    BadRequest: (EXIT_USAGE, 400),
    NotAcceptable: (EXIT_USAGE, 406),
    UnsupportedMediaType: (EXIT_USAGE, 415),
    Unauthorized: (EXIT_USAGE, 401),
    Forbidden: (EXIT_USAGE, 403),
    NotFound: (EXIT_USAGE, 404),
    MethodNotAllowed: (EXIT_USAGE, 405),
    Conflict: (EXIT_USAGE, 409),
    PayloadTooLarge: (EXIT_USAGE, 413),
    UriTooLong: (EXIT_USAGE, 414),
    HeadersTooLarge: (EXIT_USAGE, 431),
    ForwardedError: (EXIT_DATA, 500),  # its own status, given by this table in the worker, wins
}


def of_exception(error: SyntaxError | UnicodeDecodeError | OSError, text: str | None = None) -> SesGraphError:
    """The project's error for an exception of Python or pyoxigraph that the handling of a request let through, so that
    its status too comes from :data:`CODES`.

    A text that does not parse (``SyntaxError``; ``text``: the query or update it came from) is a :class:`ParseError`;
    bytes that are not UTF-8 a :class:`BadRequest` (a body of a UTF-8 media type is refused as
    :class:`UnsupportedMediaType` where it is read); an ``OSError`` a failure of the server's own store, disk or
    processes, :class:`Unavailable` (a remote service's failure is a :class:`RemoteError`, decided where the call is
    made).

    >>> not_utf8 = UnicodeDecodeError("utf-8", b"\\xff", 0, 1, "invalid start byte")
    >>> [http_status(of_exception(e)) for e in (SyntaxError("error at 1:3: x"), not_utf8, OSError(28, "No space"))]
    [400, 400, 503]
    >>> str(of_exception(OSError(28, "No space left on device")))
    'the server could not answer: its store or one of its processes failed (No space left on device); try again later'
    """
    if isinstance(error, UnicodeDecodeError):
        return BadRequest(f"the request is not valid UTF-8: byte {error.start} is not ({error.reason})")
    if isinstance(error, SyntaxError):
        return ParseError(syntax_message(error, text))
    return Unavailable(f"the server could not answer: its store or one of its processes failed "
                       f"({error.strerror or error}); try again later")


def _codes(error: SesGraphError) -> tuple[int, int]:
    return next(CODES[kind] for kind in type(error).__mro__ if kind in CODES)


def exit_code(error: SesGraphError) -> int:
    """The exit code of the command line for ``error``.

    >>> exit_code(UnknownQuery("no named query 'x'")), exit_code(QueryError("error at 1:3: ..."))
    (2, 1)
    """
    return _codes(error)[0]


def http_status(error: SesGraphError) -> int:
    """The HTTP status for ``error`` (a :class:`ForwardedError` keeps the one it was given).

    >>> http_status(UnknownQuery("no named query 'x'")), http_status(Unauthorized("a token is needed"))
    (404, 401)
    """
    return error.status if isinstance(error, ForwardedError) else _codes(error)[1]
