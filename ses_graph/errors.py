"""The project's error types, and the exit codes the command line maps them to.

Exit codes: 0 success, 1 the data or the query is wrong (the message says where), 2 usage error.
"""

from __future__ import annotations

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


def syntax_message(error: SyntaxError) -> str:
    """The parser's own message of a SyntaxError (pyoxigraph puts the position in it)."""
    return str(error.msg) if getattr(error, "msg", None) else str(error)


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


class UsageError(SesGraphError):
    """The command was called wrongly."""

    exit_code = EXIT_USAGE
