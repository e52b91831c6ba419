"""The project's error types, and the exit codes the command line maps them to.

Exit codes: 0 success, 1 the data or the query is wrong (the message says where), 2 usage error.
"""

from __future__ import annotations

import re
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
        where = f"{self.file}:{self.line}:{self.column}" if self.line else (self.file or "<store>")
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
    """Base class of the project's errors."""

    exit_code = EXIT_DATA


class DataError(SesGraphError):
    """The curated data (or the ontology) is wrong: carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the data:\n{lines}")


class QueryError(SesGraphError):
    """A query is malformed or cannot be run (the parser's message says where)."""


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

    exit_code = EXIT_USAGE
