"""One query to run, as plain picklable data, and the function that runs it.

A :class:`Job` crosses the pipe to a worker process (:mod:`ses_graph.api.workers`). :func:`run` evaluates it,
negotiates the media type from the kind of result, and writes the whole serialization into an
:class:`Output` (memory, or a spool file past ``IN_MEMORY_BYTES``): the client is answered only once
the result is complete, so a 200 is never followed by a cut. Errors come back as a
:class:`ses_graph.errors.ForwardedError` holding the HTTP status and message, which pickle safely (the project's own
exception classes do not all rebuild from their message).
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from typing import Any, BinaryIO, cast

import pyoxigraph as ox

from ses_graph import queries
from ses_graph.errors import EvaluationError, ForwardedError, SesGraphError, http_status, of_exception

from .negotiation import choose, offers_for
from .remote_calls import Guard
from .sparql_text import check_shape


@dataclass(frozen=True)
class Job:
    """A SPARQL query (``text``, ``base_iri``, dataset) or a named query (``name``, ``values``, and ``text`` when
    edited), and the Accept header."""

    accept: str | None
    text: str | None = None
    base_iri: str | None = None
    default_graph: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    name: str | None = None
    values: dict[str, str] = field(default_factory=dict)

    def evaluate(self, store: ox.Store) -> queries.Result:
        if self.name is not None:
            return queries.run(store, queries.get(self.name), self.values, self.text)
        dataset: dict[str, Any] = {}
        if self.default_graph or self.named_graphs:
            dataset = {"default_graph": [ox.NamedNode(g) for g in self.default_graph],
                       "named_graphs": [ox.NamedNode(g) for g in self.named_graphs]}
        text = cast(str, self.text)  # a job without a name has its text (the routes build it so)
        return store.query(text, base_iri=self.base_iri, **queries.options(), **dataset)


#: The answer (400) when the engine died on a text (a stack overflow of its parser, past what the pre-check bounds).
CRASHED = ("the engine could not read this {kind}: it is nested or chained too deeply for its parser "
           "(the process that ran it stopped; nothing was applied)")

#: Results up to this size travel back in the worker's message; larger ones through a spool file.
IN_MEMORY_BYTES = 1 << 20


class Output:
    """Where a worker serializes a result: memory, moved into the file ``path`` once it passes ``IN_MEMORY_BYTES``."""

    def __init__(self, path: str):
        self.path = path
        self._memory: io.BytesIO | None = io.BytesIO()
        self._file: BinaryIO | None = None

    def write(self, data: bytes) -> int:
        if self._memory is not None and self._memory.tell() + len(data) > IN_MEMORY_BYTES:
            self._file = open(self.path, "wb")
            self._file.write(self._memory.getbuffer())
            self._memory = None
        return cast(BinaryIO, self._file or self._memory).write(data)  # the one of the two in use

    def flush(self) -> None:
        pass

    def close(self) -> bytes | str:
        """The whole result: its bytes, or the path of the file holding them."""
        if self._file is None:
            return cast(io.BytesIO, self._memory).getvalue()  # still in memory
        self._file.close()
        return self.path

    def discard(self) -> None:
        if self._file is not None:
            self._file.close()
            os.unlink(self.path)


def run(store: ox.Store, job: Job, out: BinaryIO, guard: Guard) -> str:
    """Evaluate ``job`` on ``store`` and serialize the whole result into ``out``; return the Content-Type.

    A SPARQL text runs where ``guard`` says (:mod:`ses_graph.api.remote_calls`): with no network, unless its
    ``SERVICE`` calls all go to allowed hosts.

    Raises
    ------
    ForwardedError
        For a malformed query (400, with the parser's position in the message), a bad parameter
        (400), an unknown named query (404), no acceptable media type (406), an evaluation that
        pyoxigraph refuses (400), a remote call refused (403), or a failure of the store or of a
        remote service (500).
    """

    def evaluate() -> str:  # the results are lazy: the remote calls happen while they are serialized
        result = job.evaluate(store)
        offer = choose(job.accept, offers_for(result))
        if isinstance(result, ox.QueryTriples):  # the offer is of the result's kind (offers_for)
            result.serialize(out, cast(ox.RdfFormat, offer.format))
        else:
            result.serialize(out, cast("ox.QueryResultsFormat | None", offer.format))
        return offer.content_type

    try:
        if job.text is None:
            return evaluate()
        check_shape(job.text)  # before anything parses it
        return guard.run("query", job.text, job.base_iri, evaluate)
    except SesGraphError as error:
        raise forwarded(error) from None
    except (SyntaxError, OSError) as error:
        raise forwarded(of_exception(error, job.text)) from None
    except (RuntimeError, ValueError) as error:
        raise forwarded(EvaluationError(f"the query could not be evaluated: {error}")) from None


def forwarded(error: SesGraphError) -> ForwardedError:
    """``error`` as it crosses the pipe from a worker or the writer: its message and the status the table gives it."""
    return ForwardedError(http_status(error), str(error))
