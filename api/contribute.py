"""``/contribute``: the contribution form, in French or English, working with no internet (:mod:`ses_graph.form`).

``GET /contribute`` is the page: choose a kind of fact (a seat in an instance, a membership with a
role, an advocacy action with its level, target and axis, a participation), pick each entity by the
project's search (the named query ``entity-search``: any spelling) or create one (the page then shows the
existing entities whose names the new one resembles, found by the same search), pick roles, levels,
axes, action types and statuses from the concept schemes, the dates, territory and affiliation ("on behalf
of") that the shapes allow each kind of fact, give the source (an existing source document, or a
new one: title, date, web address or the organisation that declares it) and the verbatim quote.
``POST /contribute`` takes the form as JSON with a bearer token and makes it one write through the
same path as any other (:func:`ses_graph.api.writer.commit_graph`: validated, journaled, with its provenance):
201 for a curator's token, 202 and a proposal for a contributor's (:mod:`ses_graph.api.proposals`), 422 with
the violations, each with the ``field`` it belongs to, so that the page shows them next to it.
"""

from __future__ import annotations

import json
from typing import cast

import anyio
import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from ses_graph import form, queries, search, terms
from ses_graph.errors import BadRequest, WriteRefused, http_status
from ses_graph.journal import Entry
from ses_graph.ontology import compact

from . import html, writer
from .dependencies import check_write_access, get_store, write
from .handlers import violation_json
from .proposals import proposed

router = APIRouter(tags=["pages"])


def choices(store: ox.Store, lang: str) -> dict:
    """What the page offers: the kinds and their fields, the concepts of each scheme, the source documents."""
    words = html.text(lang)
    concepts: dict[str, list[dict]] = {}
    for row in cast(ox.QuerySolutions, queries.run(store, queries.get("map-concepts"))):
        label = row["labelEn" if lang == "en" else "labelFr"] or row["labelFr"] or row["concept"]
        concepts.setdefault(row["scheme"].value, []).append({"iri": row["concept"].value, "label": label.value})
    sources = concepts.get(terms.SourceDocument.value, [])
    kinds = [{"name": kind.name, "label": words[f"contribute_kind_{kind.name}"], "fields": [
        {"name": f.name, "type": f.type, "optional": f.optional, "label": words[f"contribute_field_{f.name}"],
         "classes": [{"iri": c.value, "label": words[f"contribute_class_{compact(c.value).split(':')[1]}"]}
                     for c in f.classes],
         "concepts": concepts.get(f.scheme.value, []) if f.scheme is not None else []}
        for f in kind.fields]} for kind in form.kinds().values()]
    # A new entity's name that ranks better than this against an existing one (the same name, the same words, a typo
    # or two away) is shown as resembling it (entity-search, the ranking of every search by name: ses_graph.search).
    return {"kinds": kinds, "sources": sources, "similar_below": search.PREFIX * search.STEP}


@router.get("/contribute", response_class=HTMLResponse, summary="The contribution form (French or English)")
async def contribute_page(request: Request) -> HTMLResponse:
    lang = html.language(request)
    data = await anyio.to_thread.run_sync(choices, (await get_store(request)), lang)
    words = html.text(lang)
    data["text"] = {key[len("contribute_"):]: value for key, value in words.items() if key.startswith("contribute_")}
    return html.page(request, "contribute.html", data=data)


async def _submission(request: Request) -> object:
    try:
        return json.loads(await request.body())
    except (ValueError, UnicodeDecodeError) as error:
        raise BadRequest(f"the form sends JSON: {error}") from None


#: The form's JSON (:mod:`ses_graph.form`): its kinds from form.yaml. What the fields hold (entities of the store,
#: picked by search; concepts of a scheme) and the rules the fact must keep (the curated data's) are the store's,
#: which no schema carries: a body of this shape may still be a 400 naming the field, or a 422 with the violations.
SUBMISSION = {"type": "object", "required": ["kind", "fields", "source", "quote"], "properties": {
    "kind": {"type": "string", "enum": list(form.kinds())},
    "fields": {"type": "object", "description": "each field of the kind: an entity {iri} or {new: {label, class}}, "
                                                "a concept's IRI, or a text"},
    "source": {"type": "object", "description": "{iri} of a source document, or {new: {title, language, date, url, "
                                                "publisher}}"},
    "quote": {"type": "string", "minLength": 1, "description": "the verbatim quote of the source"},
    "language": {"type": "string", "enum": ["fr", "en"]}}}


@router.post("/contribute", summary="Send the contribution form: a write, or a contributor's proposal",
             openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": SUBMISSION}}}},
             responses={
    201: {"description": "a curator's write, made: {status: written, fact, change}"},
    202: {"description": "a contributor's proposal, kept for review: {status: pending, fact, id}"},
    400: {"description": "a field that cannot be read (its name in the message)"},
    401: {"description": "no bearer token"}, 403: {"description": "not a token of this server"},
    422: {"description": "the write breaks the rules of the curated data: the violations, each with its field"}})
async def contribute(request: Request) -> Response:
    agent = check_write_access(request)
    built = await anyio.to_thread.run_sync(form.build, (await get_store(request)), await _submission(request))
    try:
        result = await write(request, writer.commit_graph, agent, ox.DefaultGraph(), built.triples, False)
    except WriteRefused as error:
        violations = [violation_json(v) | {"field": form.field_of(built, v.focus, v.path, v.value)}
                      for v in error.violations]
        return JSONResponse({"detail": str(error), "violations": violations}, status_code=http_status(error))
    answer = proposed(result)
    if answer is not None:
        body = json.loads(bytes(answer.body)) | {"fact": built.fact.value}
        return JSONResponse(body, status_code=202, headers={"Location": answer.headers["location"]})
    change = result.id if isinstance(result, Entry) else None
    return JSONResponse({"status": "written", "fact": built.fact.value, "change": change}, status_code=201)
