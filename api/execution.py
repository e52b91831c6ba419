"""Run a query under the time limit and answer with its complete result.

Every query goes to the server's pool of worker processes (:mod:`ses_graph.api.workers`): past the time
limit the worker is killed, so the computation stops, and the client gets 503. The whole result is
serialized before the status is sent: an error found late in the evaluation still gets its precise
status, and a 200 is never cut short. Results up to ``jobs.IN_MEMORY_BYTES`` come back in the
worker's message; larger ones in a spool file, streamed (already unlinked).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, cast

import anyio
import pyoxigraph as ox
from fastapi import Request
from fastapi.responses import Response, StreamingResponse

from . import jobs
from .negotiation import Offer

CHUNK_BYTES = 1 << 16


def _response(media_type: str, result: bytes | Path, headers: dict[str, str] | None = None) -> Response:
    """The response holding ``result``: bytes, or a spool file streamed (and already unlinked)."""
    headers = {"Content-Type": media_type, "Vary": "Accept", **(headers or {})}
    if isinstance(result, bytes):
        return Response(result, headers=headers)
    spool = result.open("rb")
    result.unlink()
    size = os.fstat(spool.fileno()).st_size
    if size <= jobs.IN_MEMORY_BYTES:
        with spool:
            return Response(spool.read(), headers=headers)

    def chunks() -> Iterator[bytes]:
        with spool:
            while block := spool.read(CHUNK_BYTES):
                yield block

    return StreamingResponse(chunks(), headers={**headers, "Content-Length": str(size)})


async def spooled(
    write: Callable[[BinaryIO], object], media_type: str, headers: dict[str, str] | None = None
) -> Response:
    """The response holding what ``write`` writes, run in a thread into a spool file (no time limit: a
    dump takes time in proportion to the store)."""
    fd, name = tempfile.mkstemp(prefix="ses-graph-dump-")

    def work() -> None:
        with os.fdopen(fd, "wb") as out:
            write(out)

    try:
        await anyio.to_thread.run_sync(work)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return _response(media_type, Path(name), headers)


async def dump(store: ox.Store, graph: ox.NamedNode | ox.DefaultGraph, offer: Offer) -> Response:
    """One whole graph of the store in the format of ``offer``."""
    graph_format = cast(ox.RdfFormat, offer.format)  # a graph offer
    return await spooled(lambda out: store.dump(out, graph_format, from_graph=graph), offer.content_type)


async def answer(request: Request, job: jobs.Job) -> Response:
    """The response to ``job``: its whole result, or the error status of its failure or timeout."""
    state = request.app.state
    media_type, result = await state.pool.run(job, state.settings.query_timeout)
    return _response(media_type, result)
