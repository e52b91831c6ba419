"""Read-only snapshots of a writable server's store, for its query workers and its own reads.

pyoxigraph leaves undefined what a read-only opening sees while another process writes to the
store, so neither the query workers of a writable server nor the server itself open the live store
(its writer process, :mod:`ses_graph.api.writer`, holds it): they open a snapshot of it, which nobody ever
writes to. ``Store.backup`` makes one as a RocksDB checkpoint: hard links
to the store's immutable files (plus a flush of what is still in memory), a few milliseconds
whatever the store's size. Hard links need the same file system, so the snapshots live in a
hidden folder of the store path (``.snapshots-``, the server's process id and a random suffix, one
per server), which the generations of :mod:`ses_graph.store` ignore; the server removes it when it
stops, and a server that starts removes those of servers that died without doing so (killed).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ses_graph.store import remove_orphans

from . import writer

PREFIX = ".snapshots-"


class Snapshots:
    """The snapshots of the store that ``writer`` holds read-write, numbered in the order they are taken."""

    def __init__(self, live: writer.Writer, store_path: Path):
        self._writer = live
        remove_orphans(store_path, PREFIX)
        self.folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=store_path))
        self._taken = 0

    async def take(self) -> Path:
        """A new snapshot: every write that returned before the call is in it."""
        self._taken += 1
        target = self.folder / str(self._taken)
        await self._writer.call(writer.backup, str(target))
        return target

    def remove(self, snapshot: Path) -> None:
        shutil.rmtree(snapshot, ignore_errors=True)

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
