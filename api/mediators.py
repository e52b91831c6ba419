"""``/mediators``: the mediator ranking, as ``ses-graph mediators --format json`` prints it.

``?kind=organisation|person`` (default organisation) and ``?top=N`` (the first N entries). The
ranking is computed once and kept (see :mod:`api.analyses`).
"""

from __future__ import annotations

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import Response

from ses_graph.analysis import output

from .analyses import KINDS
from .dependencies import get_analyses
from .errors import BadRequest

router = APIRouter(tags=["analysis"])


@router.get("/mediators", summary="The mediator ranking (JSON)", responses={
    200: {"description": "a list of entries: entity, label, kind, score, rank, betweenness, constraint, "
                         "brokerage (five roles and total), explanation...", "content": {"application/json": {}}},
    400: {"description": "an unknown kind, or a top that is not a whole number of at least 1"},
})
async def mediator_ranking(request: Request, kind: str = "organisation", top: str | None = None) -> Response:
    analyses = get_analyses(request)
    if kind not in KINDS:
        raise BadRequest(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    count = None
    if top is not None:
        if not top.strip().isdigit() or int(top) < 1:
            raise BadRequest(f"top must be a whole number of at least 1, not {top!r}")
        count = int(top)
    entries = await anyio.to_thread.run_sync(analyses.ranking, kind)
    return Response(output.mediators_text(entries[:count], "json"), media_type="application/json")
