"""``/queries``: the named queries of ``queries/*.rq``, listed and run over HTTP.

``GET /queries`` lists them (name, titles and descriptions in French and English, parameters,
an example); ``GET /queries/NAME?param=value`` runs one, its result negotiated like ``/sparql``.
``POST /queries/NAME`` (a form: ``query``, the text as edited, and the parameters) runs an edited
text with the named query's parameters bound: the editor's tabs of named queries.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from ses_graph import queries

from . import execution, jobs
from .errors import BadRequest
from .sparql import RESULTS

router = APIRouter(tags=["named queries"])
RUN_RESPONSES = {
    200: RESULTS,
    400: {"description": "a missing, unknown or bad parameter (an entity name that matches nothing, or several things)"},
    404: {"description": "no named query has this name"},
    406: {"description": "none of the accepted media types fits the result"},
}


@router.get("/queries", summary="The named queries")
async def list_queries() -> JSONResponse:
    return JSONResponse([query.summary() for query in queries.catalogue().values()])


def _values(items: list[tuple[str, str]], text_field: bool = False) -> tuple[dict[str, str], str | None]:
    """The parameter values of a request (each given once), and the edited text when ``text_field``."""
    values: dict[str, str] = {}
    text = None
    for key, value in items:
        if key in values or (text_field and key == "query" and text is not None):
            raise BadRequest(f"give the parameter {key!r} once")
        if text_field and key == "query":
            text = value
        else:
            values[key] = value
    return values, text


@router.get("/queries/{name}", summary="Run a named query", responses=RUN_RESPONSES)
async def run_query(name: str, request: Request) -> Response:
    named = queries.get(name)
    values, _ = _values(request.query_params.multi_items())
    return await execution.answer(request, jobs.Job(request.headers.get("accept"), name=named.name, values=values))


@router.post("/queries/{name}", summary="Run a named query's text as edited, with its parameters", responses=RUN_RESPONSES)
async def run_edited_query(name: str, request: Request) -> Response:
    named = queries.get(name)
    form = await request.form()
    if any(not isinstance(v, str) for _, v in form.multi_items()):
        raise BadRequest("send the query and its parameters as form fields, not files")
    values, text = _values([(k, str(v)) for k, v in form.multi_items()], text_field=True)
    # an edited text runs where the workers' guard says, as a /sparql text does (api.remote_calls)
    base = str(request.url.replace(query="", fragment=""))
    job = jobs.Job(request.headers.get("accept"), name=named.name, values=values, text=text, base_iri=base)
    return await execution.answer(request, job)
