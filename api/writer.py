"""The writer: the child process that holds a writable server's store read-write and applies its writes.

pyoxigraph is native code: a text that overflows its parser's stack kills the process that runs
it. So updates never run in the server: a writable server starts one writer process
(``python -m ses_graph.api.writer``), which opens the store's current generation read-write, with no
network (:mod:`ses_graph.api.remote_calls`), and runs what the server sends it, one call at a time:
``function(store, *args)`` for a module-level function (pickled by name), whose result comes
back (:meth:`Writer.call`). Every write is validated, journaled and made there
(:mod:`ses_graph.writes`), or kept as a proposal when a contributor sends it, and accepted or
rejected there (:mod:`ses_graph.proposals`): SPARQL updates, checked for their shape and their remote calls first
(:func:`commit_update`), and Graph Store writes, whose bodies the server parsed (:func:`commit_graph`);
when it starts, the writer makes the journal's entries its generation lacks (:func:`catch_up`). The
snapshots for the query workers are taken there too (:func:`backup`, :meth:`Writer.backup`), but on a thread
and a socket of their own: a snapshot (``Store.backup``, a RocksDB checkpoint, most of it the flush of the
store's memory tables to disk, waiting for the disk) and a write run side by side, neither waits for the
other; pyoxigraph lets go of Python's lock while it backs up, and a checkpoint is consistent while writes go on.

When the writer dies (a crash, or killed past the time limit), the server starts another one on
the same store: a write is journaled before it is made, and made again from the journal if it was cut short; a crash is
answered 400 (the text could not be read), the time limit 503. When the server stops, the writer
flushes the store and exits.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, cast

import anyio
import pyoxigraph as ox

from ses_graph import changes, proposals, writes
from ses_graph import store as stores
from ses_graph.errors import (
    EvaluationError,
    ParseError,
    QueryTimeout,
    SesGraphError,
    Unavailable,
    WriteRefused,
    of_exception,
)
from ses_graph.journal import Agent, Entry
from ses_graph.proposals import Proposal

from .children import Child, become_child
from .jobs import CRASHED, forwarded
from .remote_calls import Guard
from .sparql_text import check_shape

START_SECONDS = 60
STOP_SECONDS = 30
_guard: Guard | None = None  # the writer process's own, made before it opens the store
_write_rules: writes.Rules | None = None  # the rules of the store's shapes, compiled on the first write


def _rules(store: ox.Store) -> writes.Rules:
    global _write_rules
    if _write_rules is None:
        _write_rules = writes.Rules(store)
    return _write_rules


def commit_update(store: ox.Store, store_path: str, agent: Agent, text: str,
                  base: str | None) -> Entry | Proposal | None:
    """A client's SPARQL update as a validated, journaled write (:mod:`ses_graph.writes`), or a contributor's
    proposal (:mod:`ses_graph.proposals`): its shape checked, its change set computed where its remote calls
    are allowed; None if it changes nothing."""
    check_shape(text, "update")
    try:
        guard = _guard
        assert guard is not None, "the writer process sets its guard before it takes a write (main)"
        change_set = guard.run("update", text, base, partial(writes.of_update, store, text, base))
    except SyntaxError as error:
        raise of_exception(error, text) from None
    except RuntimeError as error:
        raise EvaluationError(f"the update was not applied: {error}") from None
    return proposals.submit(store, Path(store_path), change_set, agent, _rules(store)) if change_set else None


def commit_graph(store: ox.Store, store_path: str, agent: Agent, graph: ox.NamedNode | ox.DefaultGraph,
                 triples: list[ox.Triple] | None, replace: bool) -> Entry | Proposal | None:
    """A Graph Store write (``triples`` added to ``graph``, which they replace if ``replace``; ``None``: the graph
    dropped) as a validated, journaled write, or a contributor's proposal; None if it changes nothing."""
    if triples is None:
        change_set = changes.of_drop(store, graph)
    else:
        change_set = changes.of_graph(store, graph, triples, replace=replace)
    return proposals.submit(store, Path(store_path), change_set, agent, _rules(store)) if change_set else None


def accept_proposal(store: ox.Store, store_path: str, curator: Agent, proposal_id: str) -> Entry:
    """A curator accepts a pending proposal: validated against the store now, journaled and made."""
    return proposals.accept(store, Path(store_path), proposal_id, curator, _rules(store))


def reject_proposal(store: ox.Store, store_path: str, curator: Agent, proposal_id: str, reason: str) -> Proposal:
    """A curator rejects a pending proposal, with a reason (here, so that it never races an acceptance)."""
    return proposals.reject(Path(store_path), proposal_id, curator, reason)


def catch_up(store: ox.Store, store_path: str) -> int:
    """Make the journal's entries that the store lacks (written after its build, or cut short by a crash); then
    compile the rules and load rdflib's parser, so that the first write does not pay for them."""
    made = writes.replay(store, Path(store_path), skip_recorded=True)
    _rules(store).constraints  # noqa: B018 (compiled now)
    writes.of_update(ox.Store(), "INSERT DATA {}", None)
    return made


def backup(store: ox.Store, target: str) -> None:
    store.backup(target)


def _snapshots(store: ox.Store, conn: Connection) -> None:
    """The writer's second thread: a snapshot for each folder the server names on ``conn``, beside the writes."""
    while True:
        try:
            target = conn.recv()
        except EOFError:  # the server stops
            return
        answer = _answer(store, backup, (target,))
        try:
            conn.send(answer)
        except OSError:  # the server stopped meanwhile: the snapshot is its to remove
            return


def _answer(store: ox.Store, function: Callable, args: tuple) -> tuple:
    try:
        return "ok", function(store, *args)
    except WriteRefused as error:  # with its violations, for the 422
        return "error", error
    except SesGraphError as error:
        return "error", forwarded(error)
    except (SyntaxError, OSError) as error:
        return "error", forwarded(of_exception(error))
    except (RuntimeError, ValueError) as error:
        return "error", forwarded(EvaluationError(f"the write was not applied: {error}"))


def main() -> None:
    """``python -m ses_graph.api.writer GENERATION HOST,... FD SNAPSHOT_FD``: the writer, taking the server's calls
    over the socket FD and its snapshots over SNAPSHOT_FD."""
    generation, hosts, fd, snapshot_fd = sys.argv[1:]
    become_child()
    # The functions the server sends are pickled by name, as ``api.writer.commit_update``: set the guard of
    # that module, which is not this ``__main__``.
    named = cast(Any, importlib.import_module("ses_graph.api.writer"))
    named._guard = Guard(frozenset(h for h in hosts.split(",") if h))
    stores.lease(Path(generation))  # a build never removes the generation the writer has open
    store = ox.Store(generation)
    conn = Connection(int(fd))
    snapshots = threading.Thread(target=_snapshots, args=(store, Connection(int(snapshot_fd))), daemon=True)
    snapshots.start()
    conn.send(("ready", os.getpid()))
    while True:
        try:
            function, args = conn.recv()
        except EOFError:  # the server stops
            snapshots.join(STOP_SECONDS)  # its socket is closed too: it ends after the snapshot under way
            store.flush()
            return
        conn.send(_answer(store, function, args))


class Writer:
    """The server's side of the writer process on ``generation``."""

    def __init__(self, generation: Path, allowed_hosts: frozenset[str], store_path: Path | None = None):
        self.generation = generation
        self.allowed_hosts = allowed_hosts
        #: The store folder whose journal the writes go to (default: the generation's).
        self.store_path = Path(store_path) if store_path is not None else Path(generation).parent
        self._child: Child | None = None
        self._lock = asyncio.Lock()
        self._snapshot_lock = asyncio.Lock()
        self._closed = False

    @property
    def pid(self) -> int | None:
        return self._child.process.pid if self._child else None

    async def start(self) -> None:
        child = Child("ses_graph.api.writer", str(self.generation), ",".join(sorted(self.allowed_hosts)), channels=2)
        try:
            with anyio.fail_after(START_SECONDS):
                await child.connect()
                await child.receive()
        except (EOFError, TimeoutError):
            child.stop()
            raise RuntimeError(f"the writer process could not open the store at {self.generation}") from None
        child.send((catch_up, (str(self.store_path),)))  # the journal's entries that the store lacks
        status, result = cast(tuple[str, Any], await child.receive())
        if status == "error":
            child.stop()
            raise result
        self._child = child

    async def call(self, function: Callable, *args: object, timeout: float | None = None) -> object:
        """``function(store, *args)`` in the writer process; its result, or its ForwardedError.

        Past ``timeout`` seconds the writer is killed (the update's transaction is not committed)
        and started again: QueryTimeout. A crash of the writer is a ParseError (400).
        """
        async with self._lock:
            child = await self._running()
            try:
                async with asyncio.timeout(timeout):
                    child.send((function, args))
                    status, result = cast(tuple[str, Any], await child.receive())
            except TimeoutError:  # only with a timeout
                await self._restart()
                raise QueryTimeout(cast(float, timeout), f"the write ran longer than the time limit of {timeout:g} s, "
                                            f"and was stopped (nothing was applied)") from None
            except EOFError:
                crashed = child.crashed()
                await self._restart()
                if crashed:
                    raise ParseError(CRASHED.format(kind="update")) from None
                raise Unavailable("the writer process stopped before answering (out of memory?); "
                                  "try again later") from None
            except BaseException:  # cancelled: do not leave a write running unseen
                await self._restart()
                raise
        if status == "error":
            raise result
        return result

    async def _running(self, failed: Child | None = None) -> Child:
        """The writer process, started again if it died (killed from outside) or is the one that ``failed`` (its
        socket closed: it is dying); with ``self._lock`` held."""
        if self._closed:
            raise Unavailable("the server is stopping; try again later")
        if self._child is not None and (self._child is failed or self._child.process.poll() is not None):
            self._child.stop()
            self._child = None
        if self._child is None:
            await self.start()
        assert self._child is not None, "started just above"
        return self._child

    async def backup(self, target: str) -> None:
        """A snapshot of the store at ``target`` (:func:`backup`): every write answered before the call is in it.

        It runs in the writer process beside the write under way, if any (:func:`_snapshots`), one snapshot at a
        time; if the writer dies meanwhile (a write past its time limit), the next writer takes it again."""
        async with self._snapshot_lock:
            failed = None
            for attempt in range(2):
                child = self._child
                if child is None or child is failed or child.process.poll() is not None:
                    async with self._lock:  # behind the write that found it dead, and started another
                        child = await self._running(failed)
                try:
                    child.channels[1].send(target)
                    status, result = cast(tuple[str, Any], await child.channels[1].receive())
                    break
                except EOFError:  # killed meanwhile: its socket may close before the process is seen to end
                    failed = child
                    for unfinished in (target, f"{target}.tmp"):  # RocksDB's folder while it makes the checkpoint
                        shutil.rmtree(unfinished, ignore_errors=True)
                    if attempt:
                        raise Unavailable("the writer stopped twice during a snapshot; try again later") from None
        if status == "error":
            raise result

    async def _restart(self) -> None:
        if self._child is not None:
            self._child.stop()
        self._child = None
        await self.start()

    async def close(self) -> None:
        """Let the writer flush the store and exit (killed if it does not within ``STOP_SECONDS``)."""
        self._closed = True
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
