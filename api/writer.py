"""The writer: the child process that holds a writable server's store read-write and applies its writes.

pyoxigraph is native code: a text that overflows its parser's stack kills the process that runs
it. So updates never run in the server: a writable server starts one writer process
(``python -m api.writer``), which opens the store's current generation read-write, with no
network (:mod:`api.remote_calls`), and runs what the server sends it, one call at a time:
``function(store, *args)`` for a module-level function (pickled by name), whose result comes
back (:meth:`Writer.call`). SPARQL updates are checked for their shape and their remote calls
first (:func:`update`); the Graph Store writes, which the server writes itself, are applied as
they are (:func:`apply`); the snapshots for the query workers are taken there too (:func:`backup`).

When the writer dies (a crash, or killed past the time limit), the server starts another one on
the same store: each update is one transaction, so nothing half-applied remains; a crash is
answered 400 (the text could not be read), the time limit 503. When the server stops, the writer
flushes the store and exits.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import subprocess
import sys
from collections.abc import Callable
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path

import anyio
import pyoxigraph as ox

from ses_graph import queries
from ses_graph import store as stores
from ses_graph.errors import BadRequest, EvaluationError, ForwardedError, QueryTimeout, SesGraphError, http_status, syntax_message

from .children import Child, become_child
from .jobs import CRASHED
from .remote_calls import Guard
from .sparql_text import check_shape

START_SECONDS = 60
STOP_SECONDS = 30
_guard: Guard | None = None  # the writer process's own, made before it opens the store


def update(store: ox.Store, text: str, base: str | None) -> None:
    """A client's SPARQL update: its shape checked, then run where its remote calls are allowed."""
    check_shape(text, "update")
    try:
        _guard.run("update", text, base, partial(store.update, text, base_iri=base, **queries.options()))
    except SyntaxError as error:
        raise BadRequest(syntax_message(error, text)) from None
    except RuntimeError as error:
        raise EvaluationError(f"the update was not applied: {error}") from None


def apply(store: ox.Store, text: str) -> None:
    """An update the server wrote itself (``INSERT DATA`` of a parsed body, ``DROP``): no remote call in it."""
    store.update(text)


def backup(store: ox.Store, target: str) -> None:
    store.backup(target)


def _answer(store: ox.Store, function: Callable, args: tuple) -> tuple:
    try:
        return "ok", function(store, *args)
    except SesGraphError as error:
        return "error", ForwardedError(http_status(error), str(error))
    except SyntaxError as error:
        return "error", ForwardedError(400, syntax_message(error))
    except OSError as error:
        return "error", ForwardedError(500, f"the store or a remote service failed: {error}")
    except (RuntimeError, ValueError) as error:
        return "error", ForwardedError(400, f"the write was not applied: {error}")


def main() -> None:
    """``python -m api.writer GENERATION HOST,... FD``: the writer, talking to the server over the socket FD."""
    generation, hosts, fd = sys.argv[1:]
    become_child()
    # The functions the server sends are pickled by name, as ``api.writer.update``: set the guard of
    # that module, which is not this ``__main__``.
    importlib.import_module("api.writer")._guard = Guard(frozenset(h for h in hosts.split(",") if h))
    stores.lease(Path(generation))  # a build never removes the generation the writer has open
    store = ox.Store(generation)
    conn = Connection(int(fd))
    conn.send(("ready", os.getpid()))
    while True:
        try:
            function, args = conn.recv()
        except EOFError:  # the server stops
            store.flush()
            return
        conn.send(_answer(store, function, args))


class Writer:
    """The server's side of the writer process on ``generation``."""

    def __init__(self, generation: Path, allowed_hosts: frozenset[str]):
        self.generation = generation
        self.allowed_hosts = allowed_hosts
        self._child: Child | None = None
        self._lock = asyncio.Lock()

    @property
    def pid(self) -> int | None:
        return self._child.process.pid if self._child else None

    async def start(self) -> None:
        child = Child("api.writer", str(self.generation), ",".join(sorted(self.allowed_hosts)))
        try:
            with anyio.fail_after(START_SECONDS):
                await child.connect()
                await child.receive()
        except (EOFError, TimeoutError):
            child.stop()
            raise RuntimeError(f"the writer process could not open the store at {self.generation}") from None
        self._child = child

    async def call(self, function: Callable, *args: object, timeout: float | None = None) -> object:
        """``function(store, *args)`` in the writer process; its result, or its ForwardedError.

        Past ``timeout`` seconds the writer is killed (the update's transaction is not committed)
        and started again: QueryTimeout. A crash of the writer is a ForwardedError 400.
        """
        async with self._lock:
            if self._child is not None and self._child.process.poll() is not None:  # died meanwhile (killed)
                self._child.stop()
                self._child = None
            if self._child is None:
                await self.start()
            child = self._child
            try:
                async with asyncio.timeout(timeout):
                    child.send((function, args))
                    status, result = await child.receive()
            except TimeoutError:
                await self._restart()
                raise QueryTimeout(timeout, f"the write ran longer than the time limit of {timeout:g} s, "
                                            f"and was stopped (nothing was applied)") from None
            except EOFError:
                crashed = child.crashed()
                await self._restart()
                if crashed:
                    raise ForwardedError(400, CRASHED.format(kind="update")) from None
                raise ForwardedError(500, "the writer process stopped before answering (out of memory?)") from None
            except BaseException:  # cancelled: do not leave a write running unseen
                await self._restart()
                raise
        if status == "error":
            raise result
        return result

    async def _restart(self) -> None:
        self._child.stop()
        self._child = None
        await self.start()

    async def close(self) -> None:
        """Let the writer flush the store and exit (killed if it does not within ``STOP_SECONDS``)."""
        if self._child is None:
            return
        child, self._child = self._child, None
        child.close_socket()
        try:
            await anyio.to_thread.run_sync(partial(child.process.wait, STOP_SECONDS))
        except subprocess.TimeoutExpired:
            pass
        finally:
            child.stop()


if __name__ == "__main__":
    main()
