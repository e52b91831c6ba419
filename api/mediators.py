"""``/mediators``: the mediator ranking, as ``ses-graph mediators --format json`` prints it.

``?kind=organisation|person`` (default organisation), ``?top=N`` (the first N entries) and
``?lang=fr|en`` (the language of the explanations; else ``Accept-Language``, else French). The
ranking is computed once and kept (see :mod:`ses_graph.api.analyses`). On a writable server, right after a
write and until the ranking is computed again with it, the stored ranking is answered with the header
``Rankings-Stale-Since`` (the time of the oldest write it does not count yet).
"""

from __future__ import annotations

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import Response

from ses_graph import queries
from ses_graph.analysis import CANDIDATE_KINDS, output
from ses_graph.analysis.vocabulary import LANGS
from ses_graph.errors import BadRequest

from .dependencies import get_analyses
from .docs import query_parameters
from .html import language

router = APIRouter(tags=["analysis"])
#: Set when the ranking is stored and a write since has made it stale (:mod:`ses_graph.api.refresh`): the time of the
#: oldest write it does not count yet; it is being computed again.
STALE_HEADER = "Rankings-Stale-Since"


PARAMETERS = query_parameters(
    ("kind", {"type": "string", "enum": list(CANDIDATE_KINDS), "default": "organisation"}, "whom to rank"),
    ("top", {"type": "integer", "minimum": 1, "maximum": 10**18 - 1}, "the first N entries (ASCII digits)"),
    ("lang", {"type": "string", "enum": list(LANGS)}, "the language of the explanations"),
)


@router.get("/mediators", summary="The mediator ranking (JSON)", openapi_extra=PARAMETERS, responses={
    200: {"description": "a list of entries: entity, label, kind, score, rank, rank_range (best and worst rank when "
                         "a source or 10% of the facts are left out), betweenness, constraint, brokerage (five roles "
                         "and total), mandates, claims, explanation (in the asked language), evidence (the sourced "
                         "facts it rests on)...; with the header Rankings-Stale-Since when writes have made the "
                         "stored ranking stale (it is being computed again)", "content": {"application/json": {}}},
    400: {"description": "an unknown kind or language, or a top that is not a whole number of at least 1"},
})
async def mediator_ranking(request: Request) -> Response:
    params = request.query_params
    kind, top, lang = params.get("kind", "organisation"), params.get("top"), params.get("lang")
    analyses = await get_analyses(request)
    if kind not in CANDIDATE_KINDS:
        raise BadRequest(f"kind must be one of {', '.join(CANDIDATE_KINDS)}, not {kind!r}")
    if lang is not None and lang not in LANGS:
        raise BadRequest(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    count = None
    if top is not None:
        if not queries.INTEGER.fullmatch(top) or int(top) < 1:  # ASCII digits only, at most 18 of them
            raise BadRequest(f"top must be a whole number of at least 1 (digits 0-9, at most 18), not {top[:40]!r}")
        count = int(top)
    chosen = language(request)
    entries = await anyio.to_thread.run_sync(analyses.ranking, kind)
    headers = {"Content-Language": chosen, "Vary": "Accept-Language"}
    stale = await anyio.to_thread.run_sync(analyses.stale)
    if stale is not None:  # never stale unsaid: the ranking does not count the writes since then yet
        headers[STALE_HEADER] = stale
    return Response(output.mediators_text(entries[:count], "json", chosen), media_type="application/json",
                    headers=headers)
