"""Read-only snapshots of a writable server's store, for its query workers and its own reads.

pyoxigraph leaves undefined what a read-only opening sees while another process writes to the
store, so neither the query workers of a writable server nor the server itself open the live store
(its writer process, :mod:`ses_graph.api.writer`, holds it): they open a snapshot of it, which nobody ever
writes to. ``Store.backup`` makes one as a RocksDB checkpoint: hard links to the store's immutable files,
after a flush of what is still in memory. The flush is most of its cost, whatever the store's size: after a
write, every column family the write touched becomes a small file of its own, each synced to the disk (33 to
40 sync calls; 60 to 120 ms median on a shared disk), against a few milliseconds with nothing to flush. The
writer takes it on a thread of its own, beside the writes (:meth:`ses_graph.api.writer.Writer.backup`).

A write begins the next snapshot before it is answered (:meth:`Snapshots.written`), in the background, without
waiting for it, coalesced: while one is under way, the writes answered meanwhile wait for the next, begun when
it ends. A read (:meth:`Snapshots.fresh`) needs the newest snapshot to hold every write answered before it
arrived: a read that comes once the snapshot is taken does not wait at all; one that comes while it is under
way waits for the rest of it, and for a whole one only when a write was answered after it was begun.
:attr:`Snapshots.waits` counts the reads and their waits (the tests and ``bench/bench_writes.py`` read it).

Hard links need the same file system, so the snapshots live in a hidden folder of the store path
(``.snapshots-``, the server's process id and a random suffix, one per server), which the generations of
:mod:`ses_graph.store` ignore; the server removes it when it stops, and a server that starts removes those
of servers that died without doing so (killed).
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ses_graph.store import remove_orphans

from . import writer

PREFIX = ".snapshots-"
log = logging.getLogger(__name__)


@dataclass
class Waits:
    """What the reads of a writable server waited for, since it started."""

    #: Reads that asked for the newest snapshot (a query worker's job, or a read of the server's own).
    reads: int = 0
    #: Of these, the reads that found it behind a write answered before them, and waited.
    waited: int = 0
    #: Of these, the reads that waited for a snapshot begun after they came (a write was answered meanwhile).
    whole: int = 0
    #: How long the reads that waited waited, in all (seconds).
    seconds: float = 0.0
    #: Snapshots taken after writes (the first, when the server starts, aside).
    taken: int = 0
    #: Jobs whose query worker first opened a newer snapshot than the one it had open.
    reopened: int = 0


class Snapshots:
    """The snapshots of the store that ``writer`` holds read-write, numbered in the order they are taken.

    ``newest`` is the one that reads get; ``on_newest(new, old)`` is called when it changes.
    """

    def __init__(self, live: writer.Writer, store_path: Path):
        self._writer = live
        remove_orphans(store_path, PREFIX)
        self.folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=store_path))
        self._taken = 0
        self.newest: Path | None = None
        self.on_newest: Callable[[Path, Path | None], None] = lambda new, old: None
        self.waits = Waits()
        self._made = 0  # writes answered
        self._covered = 0  # of which the newest snapshot holds
        self._begun = 0  # snapshots begun after writes; the newest is the ``_newest_number``-th
        self._newest_number = 0
        self._taking: asyncio.Task | None = None

    @property
    def behind(self) -> bool:
        """Whether a write was answered that the newest snapshot does not hold yet."""
        return self._covered < self._made

    async def take(self) -> Path:
        """A new snapshot: every write that returned before the call is in it."""
        self._taken += 1
        target = self.folder / str(self._taken)
        await self._writer.backup(str(target))
        return target

    async def start(self) -> Path:
        """The first snapshot, when the server starts."""
        self.newest = await self.take()
        return self.newest

    def written(self) -> None:
        """A write was made to the live store (and is about to be answered): a snapshot that holds it is begun now,
        or when the one under way ends."""
        self._made += 1
        if self._taking is None or self._taking.done():
            self._begin()

    def _begin(self) -> asyncio.Task:
        self._begun += 1
        task = asyncio.get_running_loop().create_task(self._renew(self._begun, self._made))
        task.add_done_callback(self._renewed)
        self._taking = task
        return task

    async def _renew(self, number: int, covers: int) -> None:
        snapshot = await self.take()  # begun after the ``covers`` first writes were made
        old, self.newest = self.newest, snapshot
        self._covered, self._newest_number = covers, number
        self.waits.taken += 1
        self.on_newest(snapshot, old)

    def _renewed(self, task: asyncio.Task) -> None:
        """A snapshot ended: begin the next if writes were answered meanwhile (or leave it to the next read, which
        gets the error again, if this one failed)."""
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:
            log.warning("a snapshot of the store could not be taken: %s", error)
        elif self._covered < self._made:
            self._begin()

    async def fresh(self) -> Path:
        """The newest snapshot, once it holds every write answered before the call."""
        wanted, arrived = self._made, self._begun
        self.waits.reads += 1
        if self._covered < wanted:
            began = time.perf_counter()
            while self._covered < wanted:
                task = self._taking if self._taking is not None and not self._taking.done() else self._begin()
                await asyncio.shield(task)  # its error is this read's; a read given up does not stop it
            self.waits.waited += 1
            self.waits.whole += self._newest_number > arrived
            self.waits.seconds += time.perf_counter() - began
        assert self.newest is not None, "taken by start()"
        return self.newest

    def remove(self, snapshot: Path) -> None:
        shutil.rmtree(snapshot, ignore_errors=True)

    def close(self) -> None:
        if self._taking is not None:
            self._taking.cancel()
        shutil.rmtree(self.folder, ignore_errors=True)
