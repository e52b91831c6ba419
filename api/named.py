"""``/queries``: the named queries of ``queries/*.rq``, listed and run over HTTP.

``GET /queries`` lists them (name, titles and descriptions in French and English, parameters,
an example); ``GET /queries/NAME?param=value`` runs one, its result negotiated like ``/sparql``.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from ses_graph import queries

from . import execution, jobs
from .errors import BadRequest
from .sparql import RESULTS

router = APIRouter(tags=["named queries"])


@router.get("/queries", summary="The named queries")
async def list_queries() -> JSONResponse:
    return JSONResponse([query.summary() for query in queries.catalogue().values()])


@router.get("/queries/{name}", summary="Run a named query", responses={
    200: RESULTS,
    400: {"description": "a missing, unknown or bad parameter (an entity name that matches nothing, or several things)"},
    404: {"description": "no named query has this name"},
    406: {"description": "none of the accepted media types fits the result"},
})
async def run_query(name: str, request: Request) -> Response:
    named = queries.get(name)
    values: dict[str, str] = {}
    for key, value in request.query_params.multi_items():
        if key in values:
            raise BadRequest(f"give the parameter {key!r} once")
        values[key] = value
    return await execution.answer(request, jobs.Job(request.headers.get("accept"), name=named.name, values=values))
