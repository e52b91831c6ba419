"""``/export/{format}``: the exports of ``ses-graph export``, as downloads.

``graphml``, ``gexf`` and ``csv`` (``nodes.csv`` and ``edges.csv`` in a zip archive) are the network
of the map and the mediator analysis (:mod:`ses_graph.network_export`); ``nquads`` and ``trig``
hold every graph of the store, ``turtle`` and ``jsonld`` its default graph and the dataset's
description (:func:`ses_graph.export.dump`). Each answer names its file (``Content-Disposition``).
"""

from __future__ import annotations

from functools import partial
from typing import BinaryIO

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response

from ses_graph import network_export
from ses_graph.errors import NotFound
from ses_graph.export import DUMPS, NETWORK_DOWNLOADS, dump

from . import execution
from .dependencies import get_store

router = APIRouter(tags=["exports"])
DOWNLOADS = {**NETWORK_DOWNLOADS, **{name: (d.filename, d.media_type) for name, d in DUMPS.items()}}


def _network(store: ox.Store, fmt: str, out: BinaryIO) -> None:
    files = network_export.files(store, fmt)
    out.write(network_export.zipped(files) if fmt == "csv" else next(iter(files.values())))


@router.get("/export/{name}", summary="Download an export of the graph", responses={
    200: {"description": "the export, as a file to save", "content": {media: {} for _, media in DOWNLOADS.values()}},
    404: {"description": "no export has this name"},
})
async def export(name: str, request: Request) -> Response:
    if name not in DOWNLOADS:
        raise NotFound(f"no export {name!r} (exports: {', '.join(DOWNLOADS)})")
    filename, media_type = DOWNLOADS[name]
    store = await get_store(request)
    write = partial(dump, store, name) if name in DUMPS else partial(_network, store, name)
    return await execution.spooled(write, media_type, {"Content-Disposition": f'attachment; filename="{filename}"'})
