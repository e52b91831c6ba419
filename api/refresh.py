"""After a write: the stored mediator rankings, computed again in the background, never in a write's way.

An accepted write marks the rankings of the mediators graph stale in its own transaction
(:func:`ses_graph.provenance.invalidation`): they stay readable, and every reader of them says since when they
are stale (:func:`ses_graph.analysis.stored.stale`: ``/mediators`` in a header, the map and the named query
``mediators`` with the time). :func:`later` then has them computed again, one refresh at a time; writes that arrive
meanwhile make it run once more when it ends (however many they are: coalesced).

A refresh takes a snapshot of the writer's store (:mod:`ses_graph.api.snapshots`: every write answered before is
in it) and computes the rankings on it in a process of its own (``python -m ses_graph.api.refresh SNAPSHOT DIR``,
at a lower CPU priority than the server, its writer and its query workers), which compares them with the stored
ones and writes the entities that changed into small files (:func:`ses_graph.rankings.plan`). The writer makes
them one call at a time (:func:`ses_graph.rankings.apply`), so that a write waits at most for one such step,
never for the ranking (12 s of CPU at 10,000 organisations) nor for the whole store of it; the marks of the
writes the new rankings count go last (:func:`ses_graph.rankings.settle`). The query workers and the server's
own reads then take a new snapshot when they next read.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pyoxigraph as ox
from starlette.datastructures import State

from ses_graph import rankings
from ses_graph.errors import SesGraphError

from .children import become_child

log = logging.getLogger(__name__)
#: How much lower than the server's the computing process's CPU priority is (``nice``).
NICENESS = 10


async def _compute(state: State, snapshot: Path, folder: Path) -> dict | None:
    """The steps that make the rankings of ``snapshot`` (:func:`ses_graph.rankings.plan`), written into ``folder`` by a
    process of their own (None if it failed)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "ses_graph.api.refresh", str(snapshot), str(folder),
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE)
    state.mediators_refresher = process
    try:
        output, _ = await process.communicate()
    finally:
        state.mediators_refresher = None
        if process.returncode is None:  # cancelled: the server stops
            process.kill()
            with contextlib.suppress(ProcessLookupError):
                await process.wait()
    if process.returncode != 0:
        log.warning("the mediator rankings could not be computed again (exit status %s)", process.returncode)
        return None
    return json.loads(output)


async def _run(state: State) -> None:
    snapshots = state.pool.snapshots
    while state.mediators_dirty:
        state.mediators_dirty = False
        snapshot = await snapshots.take()  # every write answered so far
        folder = Path(tempfile.mkdtemp(prefix=f"{snapshot.name}-mediators-", dir=snapshot.parent))
        try:
            planned = await _compute(state, snapshot, folder)
            if planned is None:  # the rankings stay as they are, marked stale
                return
            for step in planned["steps"]:  # a write waiting for the writer goes between two of them
                await state.writer.call(rankings.apply, step["file"], step["entities"])
            await state.writer.call(rankings.settle, planned["counted"])
        except SesGraphError as error:  # the writer's errors (timeout, crash): the marks stay, never stale unsaid
            log.warning("the mediator rankings could not be stored: %s", error)
            return
        finally:
            snapshots.remove(snapshot)
            shutil.rmtree(folder, ignore_errors=True)
        state.mediators_refreshes = getattr(state, "mediators_refreshes", 0) + 1
        state.pool.written()  # the next reads take a snapshot with them
        if state.cache is not None:  # the named query ``mediators`` answers the new rankings
            state.cache.invalidate()


def later(state: State) -> None:
    """Have the stored rankings computed again after the current write (or after the refresh under way)."""
    state.mediators_dirty = True
    task = getattr(state, "mediators_refresh", None)
    if task is None or task.done():
        state.mediators_refresh = asyncio.get_running_loop().create_task(_run(state))


def main() -> None:
    """``python -m ses_graph.api.refresh SNAPSHOT DIR``: the steps that make the rankings of the store SNAPSHOT
    (read-only), their files in DIR; on the standard output, :func:`ses_graph.rankings.plan`'s answer as JSON."""
    snapshot, folder = sys.argv[1:]
    become_child()
    os.nice(NICENESS)
    json.dump(rankings.plan(ox.Store.read_only(snapshot), Path(folder)), sys.stdout)


if __name__ == "__main__":
    main()
