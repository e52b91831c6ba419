"""``/export/{format}``: the exports of ``ses-graph export``, as downloads.

``nquads`` and ``trig`` hold every graph of the store, ``turtle`` and ``jsonld`` its default graph
(:func:`ses_graph.export.dump`); each answer names its file (``Content-Disposition``).
"""

from __future__ import annotations

from functools import partial

from fastapi import APIRouter, Request, Response

from ses_graph.export import DUMPS, dump

from . import execution
from .dependencies import get_store
from .errors import NotFound

router = APIRouter(tags=["exports"])


@router.get("/export/{name}", summary="Download an export of the graph", responses={
    200: {"description": "the export, as a file to save",
          "content": {d.media_type: {} for d in DUMPS.values()}},
    404: {"description": "no export has this name"},
})
async def export(name: str, request: Request) -> Response:
    chosen = DUMPS.get(name)
    if chosen is None:
        raise NotFound(f"no export {name!r} (exports: {', '.join(DUMPS)})")
    disposition = {"Content-Disposition": f'attachment; filename="{chosen.filename}"'}
    return await execution.spooled(partial(dump, get_store(request), name), chosen.media_type, disposition)
