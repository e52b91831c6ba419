"""Run a query and stream pyoxigraph's own serialization of its result to the client.

The query runs, and its result is serialized, in a worker thread (pyoxigraph releases the GIL).
The serializer writes into a file-like ``_Sink`` that hands each chunk (pyoxigraph writes about
8 KiB at a time) to the event loop through a small bounded buffer, so a slow client slows the
serializer down instead of filling memory.

The response status is decided only once the serializer has produced its first chunk (or
finished): a syntax error, a bad parameter, a refused media type or a failure early in the
evaluation still get their precise status code. The time limit bounds the wait for that first
chunk (503 when exceeded) and is checked again at every later chunk (the response is then cut
short). pyoxigraph cannot interrupt an evaluation that produces no output: such a query keeps its
worker thread busy until it ends, but nobody waits for it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import anyio
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream
from fastapi.responses import StreamingResponse

from ses_graph.errors import SesGraphError

from .errors import EvaluationError, QueryTimeout
from .negotiation import Offer, choose, offers_for

BUFFERED_CHUNKS = 4


class _Stopped(Exception):
    """Nobody reads the result any more (the client left, or the time limit passed)."""


class _Finished:
    """Marks the end of a serialization that ran to completion."""


class _Sink:
    """The binary file-like object that pyoxigraph's serializers write into, from the worker thread."""

    def __init__(self, send: MemoryObjectSendStream, timeout: float | None):
        self._send = send
        self._timeout = timeout
        self._deadline = time.monotonic() + timeout if timeout else None

    def _put(self, item) -> None:
        try:
            anyio.from_thread.run(self._send.send, item)
        except (anyio.BrokenResourceError, anyio.ClosedResourceError, anyio.RunFinishedError):
            raise _Stopped from None

    def announce(self, offer: Offer) -> None:
        self._put(offer)

    def write(self, data) -> int:
        if self._deadline is not None and time.monotonic() > self._deadline:
            raise QueryTimeout(self._timeout)
        self._put(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Nothing to do: every chunk is handed over as soon as it is written."""

    def finish(self, outcome) -> None:
        """Hand over the end marker or the error that stopped the work, if anyone still listens."""
        try:
            self._put(outcome)
        except _Stopped:
            pass

    def close(self) -> None:
        try:
            anyio.from_thread.run_sync(self._send.close)
        except anyio.RunFinishedError:
            pass


@dataclass
class Started:
    """A result whose serialization has begun: its media type, and its bytes as they come."""

    offer: Offer
    body: AsyncIterator[bytes]

    def response(self) -> StreamingResponse:
        return StreamingResponse(self.body, headers={"Content-Type": self.offer.content_type, "Vary": "Accept"})


def serialize_work(run_query: Callable[[], object], accept: str | None) -> Callable[[_Sink], None]:
    """Work for ``start``: run the query, negotiate the media type from its kind, serialize into the sink."""

    def work(sink: _Sink) -> None:
        result = run_query()
        offer = choose(accept, offers_for(result))
        sink.announce(offer)
        result.serialize(sink, offer.format)

    return work


async def start(work: Callable[[_Sink], None], timeout: float | None) -> Started:
    """Start ``work`` in a worker thread; return when its media type and first chunk (or its end) are known.

    An error raised before that point (SyntaxError, a project error, OSError from the store) is
    raised here, so that the application's error handlers map it to its status code.
    """
    send, receive = anyio.create_memory_object_stream(BUFFERED_CHUNKS)
    sink = _Sink(send, timeout)

    def run() -> None:
        try:
            work(sink)
            sink.finish(_Finished())
        except _Stopped:
            pass
        except (SyntaxError, OSError, ValueError, SesGraphError) as error:
            # Without its traceback the error no longer holds the worker's frames, so pyoxigraph's
            # result objects (bound to the thread that made them) are freed here, not in the event loop.
            sink.finish(error.with_traceback(None))
        except RuntimeError as error:
            sink.finish(EvaluationError(f"the query could not be evaluated: {error}"))
        finally:
            sink.close()

    task = asyncio.get_running_loop().create_task(anyio.to_thread.run_sync(run, abandon_on_cancel=True))
    try:
        with anyio.fail_after(timeout):
            offer = await _next(receive)
            first = await _next(receive)
    except TimeoutError:
        receive.close()
        raise QueryTimeout(timeout) from None
    except BaseException:
        receive.close()
        raise
    if not isinstance(offer, Offer):
        receive.close()
        raise RuntimeError(f"the query worker sent {offer!r} before a media type")
    return Started(offer, _body(first, receive, task))


async def _next(receive: MemoryObjectReceiveStream):
    """The next item from the worker; an error it reports is raised here."""
    try:
        item = await receive.receive()
    except anyio.EndOfStream:
        raise RuntimeError("the query worker stopped without a result") from None
    if isinstance(item, BaseException):
        raise item
    return item


async def _body(first, receive: MemoryObjectReceiveStream, task: asyncio.Task) -> AsyncIterator[bytes]:
    """The response body; an error in the middle of the stream cuts the response short.

    ``task`` (the worker) stays referenced here until the body is done, so that it is not collected.
    """
    try:
        item = first
        while not isinstance(item, _Finished):
            yield item
            item = await _next(receive)
    finally:
        receive.close()
