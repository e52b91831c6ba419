"""After a write: the stored mediator rankings, computed again in the background.

A write makes the rankings of the mediators graph stale. :func:`ses_graph.build.drop_mediators`
removes them before the write is answered (in :func:`ses_graph.api.dependencies.after_write`), so that no
reader sees a stale ranking: meanwhile ``/mediators`` and ``/map`` compute theirs from the data
(:mod:`ses_graph.api.analyses`) and the named query ``mediators`` answers no row. :func:`later` then computes
and stores them again in the writer process, one refresh at a time; writes that arrive meanwhile
make it run once more. The query workers and the server's own reads get the new snapshot.
"""

from __future__ import annotations

import asyncio
import logging

from ses_graph import build
from ses_graph.errors import SesGraphError

from .analyses import Analyses

log = logging.getLogger(__name__)


async def _run(state) -> None:
    while state.mediators_dirty:
        state.mediators_dirty = False
        try:
            await state.writer.call(build.refresh_mediators)
        except SesGraphError as error:  # the writer's errors (timeout, crash): the rankings stay absent, never stale
            log.warning("the mediator rankings could not be computed again: %s", error)
            return
        await state.pool.refresh()
        state.store = state.pool.reader()
        state.analyses = Analyses(state.store)
        if state.cache is not None:  # the named query ``mediators`` answers the new rankings
            state.cache.invalidate()


def later(state) -> None:
    """Have the stored rankings computed again after the current write (or after the refresh under way)."""
    state.mediators_dirty = True
    task = getattr(state, "mediators_refresh", None)
    if task is None or task.done():
        state.mediators_refresh = asyncio.get_running_loop().create_task(_run(state))
