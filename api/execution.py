"""Run a query under the time limit and answer with its complete result.

A read-only server gives the query to its pool of worker processes (:mod:`api.workers`): past the
time limit the worker is killed, so the computation stops, and the client gets 503. A writable
server runs the query in one of its own threads (see :mod:`api.workers` for why); past the limit
the client gets 503 too, but pyoxigraph keeps computing in that thread until the query ends.

Either way the whole result is serialized into a spool file before the status is sent: an error
found late in the evaluation still gets its precise status, and a 200 is never cut short. Small
results are answered from memory; larger ones are streamed from the (already unlinked) file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import anyio
import pyoxigraph as ox
from fastapi import Request
from fastapi.responses import Response, StreamingResponse

from . import jobs
from .errors import QueryTimeout
from .negotiation import Offer

IN_MEMORY_BYTES = 1 << 20
CHUNK_BYTES = 1 << 16


async def run_in_thread(store: ox.Store, job: jobs.Job, timeout: float | None) -> tuple[str, Path]:
    """Run ``job`` in a thread of this process, into a spool file; the thread is abandoned on timeout."""
    fd, name = tempfile.mkstemp(prefix="ses-graph-result-")
    path = Path(name)

    def work() -> str:
        with os.fdopen(fd, "wb") as out:
            return jobs.run(store, job, out)

    try:
        with anyio.fail_after(timeout):
            media_type = await anyio.to_thread.run_sync(work, abandon_on_cancel=True)
    except TimeoutError:
        path.unlink(missing_ok=True)
        raise QueryTimeout(timeout) from None
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return media_type, path


def _file_response(media_type: str, path: Path) -> Response:
    headers = {"Content-Type": media_type, "Vary": "Accept"}
    result = path.open("rb")
    path.unlink()
    size = os.fstat(result.fileno()).st_size
    if size <= IN_MEMORY_BYTES:
        with result:
            return Response(result.read(), headers=headers)

    def chunks():
        with result:
            while block := result.read(CHUNK_BYTES):
                yield block

    return StreamingResponse(chunks(), headers={**headers, "Content-Length": str(size)})


async def dump(store: ox.Store, graph: ox.NamedNode | ox.DefaultGraph, offer: Offer) -> Response:
    """One whole graph of the store in the format of ``offer`` (a dump takes time in proportion to the graph: no limit)."""
    fd, name = tempfile.mkstemp(prefix="ses-graph-dump-")

    def work() -> None:
        with os.fdopen(fd, "wb") as out:
            store.dump(out, offer.format, from_graph=graph)

    try:
        await anyio.to_thread.run_sync(work)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return _file_response(offer.content_type, Path(name))


async def answer(request: Request, job: jobs.Job) -> Response:
    """The response to ``job``: its whole result, or the error status of its failure or timeout."""
    state = request.app.state
    timeout = state.settings.query_timeout
    if state.pool is not None:
        media_type, path = await state.pool.run(job, timeout)
    else:
        media_type, path = await run_in_thread(state.store, job, timeout)
    return _file_response(media_type, path)
