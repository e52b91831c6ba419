"""A small pool of worker processes that run queries, so that a query past the time limit can be stopped.

pyoxigraph cannot interrupt a query, but the operating system can stop a process. Each worker
opens a store folder read-only and waits on a pipe for a :class:`ses_graph.api.jobs.Job`; it serializes the
whole result and sends it back with its media type (or the error): in the message itself when it
is small, else in a file of the pool's spool folder. When the time limit passes, the server kills the worker (its CPU
is freed at
once), removes what it left in the spool, answers 503, and starts a replacement in the background
while the other workers keep answering.

A worker has no network: it installs a seccomp filter (:mod:`ses_graph.api.remote_calls`) before it opens
the store, and only a thread started before the filter, when the operator allows hosts, runs the
queries whose SERVICE calls all go to them.

The workers of a read-only server open the store's current generation. Those of a writable server
open a snapshot of its read-write store (:mod:`ses_graph.api.snapshots`), never the live store: a write begins
a new snapshot in the background (:meth:`WorkerPool.written`) before it is answered, without waiting for it
(``Store.backup``: 60 to 120 ms on a shared disk, most of a write's time if the write waited), and a job (or a
read of the server's own) runs on the newest snapshot once it holds every write answered before the job came
(:meth:`WorkerPool.current`), so that a query sent after a write sees it. Each job names the snapshot it must
run on, and a worker reopens its store only when that is not the one it has open.
The workers of a writable server run at a lower CPU priority than the server and its writer (``nice``
:data:`READ_NICENESS`), so that on busy cores a write, a few milliseconds of work, is not queued behind
long queries.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import tempfile
from multiprocessing.connection import Connection
from pathlib import Path
from typing import BinaryIO, cast

import anyio
import pyoxigraph as ox

from ses_graph import store as stores
from ses_graph.errors import ForwardedError, ParseError, QueryTimeout, Unavailable

from . import jobs
from .children import Child, become_child
from .remote_calls import Guard
from .snapshots import Snapshots

START_SECONDS = 60
SPOOL_PREFIX = "ses-graph-results-"
#: How long a query may wait for a free worker (the time limit counts from when one takes it).
WAIT_SECONDS = 60
#: How much lower than the server's the CPU priority of a writable server's query workers is (``nice``).
READ_NICENESS = 5


def serve(conn: Connection, directory: str, spool: str, allowed_hosts: frozenset[str]) -> None:
    """The worker's loop: leave the process without network, open the store folder, then run one job after another."""
    become_child()
    guard = Guard(allowed_hosts)  # before the store starts its threads: they have no network either
    held = stores.hold(Path(directory))  # a build never removes a generation a worker has open
    store = ox.Store.read_only(directory)
    conn.send(("ready", os.getpid()))
    number = 0
    while True:
        try:
            wanted, job = conn.recv()
        except EOFError:
            return
        if wanted != directory:  # a newer snapshot: close the old one first
            del store
            os.close(held)
            held = stores.hold(Path(wanted))
            store = ox.Store.read_only(wanted)
            directory = wanted
        number += 1
        out = jobs.Output(os.path.join(spool, f"{os.getpid()}-{number}"))
        try:
            media_type = jobs.run(store, job, cast(BinaryIO, out), guard)  # Output writes as a binary file
        except ForwardedError as error:
            out.discard()
            conn.send(("error", error))
        else:
            conn.send(("ok", media_type, out.close()))


def main() -> None:
    """``python -m ses_graph.api.workers DIRECTORY SPOOL HOST,... FD``: a worker, talking to the server over the
    socket FD.

    The hosts are those that ``SERVICE`` may call.
    """
    directory, spool, hosts, fd = sys.argv[1:]
    serve(Connection(int(fd)), directory, spool, frozenset(h for h in hosts.split(",") if h))


class Worker(Child):
    """The server's side of one worker process (``python -m ses_graph.api.workers``).

    ``holds`` are the store folders it may have open: the one it opened last, and while it runs a
    job, the one the job names.
    """

    def __init__(self, pool: WorkerPool):
        hosts = ",".join(sorted(pool.allowed_hosts))
        super().__init__("ses_graph.api.workers", str(pool.directory), str(pool.spool), hosts)
        self.spool = pool.spool
        self.holds = {pool.directory}
        if pool.snapshots is not None:  # a writable server: its writes before the queries
            os.setpriority(os.PRIO_PROCESS, self.process.pid, READ_NICENESS)

    def stop(self) -> None:
        """Kill the process (whatever it is doing), and remove the files it left in the spool."""
        super().stop()
        for leftover in self.spool.glob(f"{self.process.pid}-*"):
            leftover.unlink(missing_ok=True)


class WorkerPool:
    """``size`` worker processes on the store at ``store_path``; :meth:`run` gives a job to an idle one.

    Without ``snapshots``, the workers open ``generation`` (default: the current one). Given the
    ``snapshots`` of a writable server's live store (held by its writer process), the workers run
    the jobs on snapshots of it, a new one begun after each write (:meth:`written`). A snapshot
    is removed once it is no longer the newest and neither a worker nor the server holds it (a
    worker holds one while idle, two while it runs a job; the server the last two it opened with
    :meth:`reader`), so there are never more than ``2 * size + 3`` of them.
    """

    def __init__(self, store_path: Path, size: int, snapshots: Snapshots | None = None,
                 generation: Path | None = None, allowed_hosts: frozenset[str] = frozenset()):
        self.store_path = Path(store_path)
        self.size = size
        #: The hosts that SERVICE may call (:mod:`.remote_calls`); the workers have no network for any other.
        self.allowed_hosts = allowed_hosts
        # Named by the server's process id, so that a later server removes the spools of killed ones.
        stores.remove_orphans(Path(tempfile.gettempdir()), SPOOL_PREFIX)
        self.spool = Path(tempfile.mkdtemp(prefix=f"{SPOOL_PREFIX}{os.getpid()}-"))
        self.snapshots = snapshots
        self._directory = None if snapshots else generation or stores.current_generation(self.store_path)
        if self._directory is None and snapshots is None:
            raise FileNotFoundError(f"no store built at {self.store_path}")
        self._retired: set[Path] = set()
        self._server_holds: list[Path] = []
        #: Last in, first out: the worker that has just answered takes the next job, so that at a low
        #: rate one worker stays awake and warm instead of each being woken in turn (0.1 ms less per query).
        self._idle: asyncio.LifoQueue[Worker] = asyncio.LifoQueue()
        self._workers: set[Worker] = set()
        self._starting: set[asyncio.Task] = set()

    @property
    def directory(self) -> Path:
        """The store folder that the next job runs on (a writable server's first snapshot: taken by :meth:`start`)."""
        if self._directory is None:
            raise RuntimeError("the query workers have not started: no snapshot of the store yet")
        return self._directory

    @directory.setter
    def directory(self, value: Path) -> None:
        self._directory = value

    def pids(self) -> list[int]:
        """The process ids of the workers (running, or starting)."""
        return sorted(w.process.pid for w in self._workers)

    def idle(self) -> int:
        """How many workers wait for a job."""
        return self._idle.qsize()

    async def _enlist(self, worker: Worker) -> None:
        """Wait for a new worker's ready message, then make it available."""
        try:
            await worker.connect()
            await worker.receive()
        except EOFError:
            self._drop(worker)
            raise RuntimeError(f"a query worker could not open the store at {self.directory}") from None
        self._idle.put_nowait(worker)

    def _spawn(self) -> Worker:
        worker = Worker(self)
        self._workers.add(worker)
        return worker

    async def start(self) -> None:
        if self.snapshots is not None:
            self.directory = await self.snapshots.start()
            self.snapshots.on_newest = self._newest
        with anyio.fail_after(START_SECONDS):
            await asyncio.gather(*(self._enlist(self._spawn()) for _ in range(self.size)))

    def close(self) -> None:
        for task in self._starting:
            task.cancel()
        for worker in self._workers:
            worker.stop()
        self._workers.clear()
        shutil.rmtree(self.spool, ignore_errors=True)
        if self.snapshots is not None:
            self.snapshots.close()

    def written(self) -> None:
        """A write was made to the live store: a snapshot that holds it is begun in the background."""
        if self.snapshots is not None:
            self.snapshots.written()

    async def current(self) -> Path:
        """The store folder that a job sent now runs on: for a writable server, a snapshot that holds every write
        answered before the call (:meth:`ses_graph.api.snapshots.Snapshots.fresh`)."""
        if self.snapshots is not None:
            await self.snapshots.fresh()
        return self.directory

    def _newest(self, snapshot: Path, old: Path | None) -> None:
        """A new snapshot was taken: the next jobs run on it, and the one before goes once nobody holds it."""
        if old is not None:
            self._retired.add(old)
        self.directory = snapshot
        self._release()

    def reader(self) -> ox.Store:
        """The newest snapshot, opened read-only for the server's own reads (it holds the last two it opened)."""
        self._server_holds = [*self._server_holds, self.directory][-2:]  # a request may still read the previous one
        return ox.Store.read_only(str(self.directory))

    def _release(self) -> None:
        """Remove the snapshots that are no longer the newest and that no worker holds."""
        held = set(self._server_holds).union(*(worker.holds for worker in self._workers))
        for snapshot in self._retired - held:
            cast(Snapshots, self.snapshots).remove(snapshot)  # only a writable server retires snapshots
        self._retired &= held

    def _drop(self, worker: Worker) -> None:
        self._workers.discard(worker)
        worker.stop()
        self._release()

    def _replace(self, worker: Worker) -> None:
        self._drop(worker)
        task = asyncio.get_running_loop().create_task(self._enlist(self._spawn()))
        self._starting.add(task)
        task.add_done_callback(self._starting.discard)

    async def run(self, job: jobs.Job, timeout: float | None) -> tuple[str, bytes | Path]:
        """Run ``job`` in an idle worker; return the media type and the whole result (its bytes, or the file holding
        them).

        Raises QueryTimeout when the time limit passes (counted from when a worker takes the job;
        the wait for a free worker is bounded by ``WAIT_SECONDS``); the worker is then killed and
        replaced. A failed query raises its ForwardedError.
        """
        directory = await self.current()
        try:
            worker = (
                self._idle.get_nowait()
                if self._idle.qsize()
                else await asyncio.wait_for(self._idle.get(), WAIT_SECONDS)
            )
        except TimeoutError:
            raise QueryTimeout(
                WAIT_SECONDS, f"every query worker stayed busy for {WAIT_SECONDS} s; try again later"
            ) from None
        if directory not in worker.holds and self.snapshots is not None:
            self.snapshots.waits.reopened += 1
        worker.holds.add(directory)
        try:
            async with asyncio.timeout(timeout):  # plain asyncio: anyio's cancel scopes cost more per request
                worker.send((str(directory), job))
                message = cast(tuple, await worker.receive())  # ("error", error) or ("ok", type, bytes or path)
        except TimeoutError:  # only with a timeout
            self._replace(worker)
            raise QueryTimeout(cast(float, timeout)) from None
        except EOFError:
            crashed = worker.crashed()
            self._replace(worker)
            if crashed:
                raise ParseError(jobs.CRASHED.format(kind="query")) from None
            raise Unavailable("the query worker stopped before answering (out of memory?); "
                              "try again later") from None
        except BaseException:  # cancelled (server shutting down): do not leave a query running
            self._replace(worker)
            raise
        worker.holds = {directory}
        self._release()
        self._idle.put_nowait(worker)
        if message[0] == "error":
            raise message[1]
        return message[1], message[2] if isinstance(message[2], bytes) else Path(message[2])


if __name__ == "__main__":
    main()
