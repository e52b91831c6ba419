"""Queries of a server in front of a remote SPARQL 1.1 server (``--endpoint``, ``SES_GRAPH_ENDPOINT``).

:class:`RemotePool` takes the place of the worker pool (:mod:`ses_graph.api.workers`): the same jobs
(:mod:`ses_graph.api.jobs`) run in threads against a :class:`ses_graph.remote.RemoteStore`, so ``/sparql``
and ``/queries/NAME`` keep their protocol handling, negotiation, limits and error statuses. The
remote server evaluates; the time limit is the HTTP client's: past ``SES_GRAPH_QUERY_TIMEOUT``
without an answer the request is abandoned and the client gets 503, as when the engine's own limit
stops the query first (:mod:`ses_graph.remote_limits`); stopping the evaluation of an abandoned query
is the remote server's business, its own time limit (Virtuoso's ``MaxQueryExecutionTime``).
At most ``SES_GRAPH_QUERY_WORKERS`` queries are sent at once.
``SERVICE`` calls are decided on the parsed text as on the embedded store (:mod:`ses_graph.api.remote_calls`):
one to a host the operator did not allow is refused (403) before the text leaves.
"""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TypeVar, cast

import anyio
import pyoxigraph as ox

from ses_graph.errors import Forbidden
from ses_graph.remote import RemoteStore

from . import jobs
from .remote_calls import Guard, check, endpoints, may_call_out

T = TypeVar("T")


class RemoteGuard:
    """The decision of :class:`ses_graph.api.remote_calls.Guard` on a text's ``SERVICE`` calls, without its sandbox: the
    evaluation here is an HTTP request to the remote server, which makes the calls itself."""

    def __init__(self, allowed_hosts: frozenset[str]):
        self.allowed_hosts = allowed_hosts

    def run(self, kind: str, text: str, base: str | None, evaluate: Callable[[], T]) -> T:
        if may_call_out(text):
            iris = endpoints(kind, text, base)
            if iris is None:
                raise Forbidden("this server cannot check the SERVICE and LOAD calls of this text, so refuses them "
                                "(a checker could not parse it)")
            check(iris, self.allowed_hosts)
        return evaluate()


class RemotePool:
    """Runs jobs on a remote store, ``size`` at a time (see the module)."""

    def __init__(self, store: RemoteStore, size: int, allowed_hosts: frozenset[str] = frozenset()):
        self.store = store
        self.guard = RemoteGuard(allowed_hosts)
        self.spool = Path(tempfile.mkdtemp(prefix="ses-graph-results-"))
        self._limiter = anyio.CapacityLimiter(size)

    async def start(self) -> None:
        pass

    def close(self) -> None:
        shutil.rmtree(self.spool, ignore_errors=True)

    async def refresh(self) -> None:
        pass

    def _run(self, job: jobs.Job) -> tuple[str, bytes | Path]:
        out = jobs.Output(str(self.spool / uuid.uuid4().hex))
        try:
            # duck typed: the remote store, the output and the guard answer the calls jobs.run makes
            media_type = jobs.run(cast(ox.Store, self.store), job, cast(BinaryIO, out), cast(Guard, self.guard))
        except BaseException:
            out.discard()
            raise
        result = out.close()
        return media_type, result if isinstance(result, bytes) else Path(result)

    async def run(self, job: jobs.Job, timeout: float | None) -> tuple[str, bytes | Path]:
        """The media type and the whole result of ``job`` (the time limit is the remote store's own timeout)."""
        return await anyio.to_thread.run_sync(self._run, job, limiter=self._limiter)
