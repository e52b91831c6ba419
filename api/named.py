"""``/queries``: the named queries of ``queries/*.rq``, listed and run over HTTP.

``GET /queries`` lists them (JSON: name, titles and descriptions in French and English,
parameters, an example; a browser gets the list as a page); ``GET /queries/NAME?param=value``
runs one, its result negotiated like ``/sparql`` (a browser gets a table, ``?format=`` chooses in
a link; ``lang`` and ``format`` are not parameters of the query). ``POST /queries/NAME`` (a form:
``query``, the text as edited, and the parameters) runs an edited text with the named query's
parameters bound: the editor's tabs of named queries.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from ses_graph import queries
from ses_graph.errors import BadRequest

from . import execution, html, jobs, results_page
from .negotiation import HTML, Offer, choose
from .sparql import RESULTS

router = APIRouter(tags=["named queries"])
RUN_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: RESULTS,
    400: {
        "description": "a missing, unknown or bad parameter (an entity name that matches nothing, or several things)"
    },
    404: {"description": "no named query has this name"},
    406: {"description": "none of the accepted media types fits the result"},
}
#: Request parameters that are not the query's: the page's language and the format of a link.
NOT_PARAMETERS = ("lang", "format")
LIST_OFFERS = (Offer("application/json", None), HTML)


def example_link(query: queries.NamedQuery) -> str:
    """``/queries/NAME`` with the query's example values."""
    return f"/queries/{query.name}" + (f"?{urlencode(query.example)}" if query.example else "")


@router.get("/queries", summary="The named queries (JSON; a browser gets a page)")
async def list_queries(request: Request) -> Response:
    catalogue = queries.catalogue().values()
    if choose(request.headers.get("accept"), LIST_OFFERS) is HTML and "html" in request.headers.get("accept", ""):
        lang = html.language(request)
        items = [{"name": q.name, "link": example_link(q), "title": q.title.get(lang) or q.title.get("en") or q.name,
                  "description": q.description.get(lang) or q.description.get("en") or "",
                  "parameters": [p.name + ("" if p.required else "?") for p in q.parameters]} for q in catalogue]
        return html.page(request, "queries.html", vary="Accept, Accept-Language", queries=items)
    return JSONResponse([query.summary() for query in catalogue], headers={"Vary": "Accept"})


def _values(items: list[tuple[str, str]], text_field: bool = False) -> tuple[dict[str, str], str | None]:
    """The parameter values of a request (each given once), and the edited text when ``text_field``."""
    values: dict[str, str] = {}
    text = None
    for key, value in items:
        if key in values or (text_field and key == "query" and text is not None):
            raise BadRequest(f"give the parameter {key!r} once")
        if text_field and key == "query":
            text = value
        elif key not in NOT_PARAMETERS:
            values[key] = value
    return values, text


@router.get("/queries/{name}", summary="Run a named query", responses=RUN_RESPONSES)
async def run_query(name: str, request: Request) -> Response:
    named = queries.get(name)
    values, _ = _values(request.query_params.multi_items())
    accept = results_page.accept_of(request)
    job = jobs.Job(accept, name=named.name, values=values)
    if results_page.wants_html(accept):
        lang = html.language(request)
        return await results_page.answer(request, job, title=named.title.get(lang) or named.name, query_text=named.text,
                                         description=named.description.get(lang) or "", params=list(values.items()))
    return await execution.answer(request, job)


@router.post(
    "/queries/{name}", summary="Run a named query's text as edited, with its parameters", responses=RUN_RESPONSES
)
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
