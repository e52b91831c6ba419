"""``/proposals``: contributors' writes waiting for review, and the curators' decisions (:mod:`ses_graph.proposals`).

A write sent with a contributor's token (SPARQL update or Graph Store) is validated like any other
and answered ``202 Accepted`` with the proposal (``{"id", "status": "pending", ...}``) and its
``Location``; the published graph does not change. ``GET /proposals`` lists them (JSON, with a
curator's token: every proposal; with a contributor's: their own), ``?status=pending|accepted|rejected``;
a browser gets a page (FR/EN) that asks for the token and shows them, with the buttons of the review.
``POST /proposals/ID/accept`` (a curator's token) makes it an accepted write naming both agents
(validated again: 422 if it no longer fits, and it stays pending); ``POST /proposals/ID/reject``
with a ``reason`` (JSON ``{"reason": ...}`` or a form field) keeps it with the reason. Deciding twice
is 409, an unknown id 404.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import Response

from ses_graph import proposals
from ses_graph.errors import BadRequest, NotFound, UnsupportedMediaType
from ses_graph.journal import Agent, Entry
from ses_graph.proposals import Proposal

from . import html, writer
from .dependencies import after_write, check_curator, check_write_access, get_settings
from .docs import query_parameters
from .negotiation import HTML, Offer, choose

router = APIRouter(tags=["review"])

OFFERS = (Offer("application/json", None), HTML)
AUTH: dict[int | str, dict[str, Any]] = {
    401: {"description": "no bearer token"},
    403: {"description": "not a token of this server"},
}
DECIDE: dict[int | str, dict[str, Any]] = {
    **AUTH,
    403: {"description": "not a curator's token"},
    404: {"description": "no such proposal"},
    409: {"description": "the proposal was already accepted or rejected"},
}


def _json(data: object, status_code: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(data, ensure_ascii=False, indent=2), status_code=status_code,
                    media_type="application/json", headers=headers)


def proposed(result: Entry | Proposal | None) -> Response | None:
    """The answer to a write that became a proposal (202, its JSON, its ``Location``), else None."""
    if not isinstance(result, Proposal):
        return None
    return _json(result.to_dict(), 202, {"Location": f"/proposals/{result.id}"})


def _visible(agent: Agent, found: list[Proposal]) -> list[Proposal]:
    """Every proposal for a curator; a contributor's own for a contributor."""
    return found if agent.role == "curator" else [p for p in found if p.entry.agent == agent]


async def _all(request: Request) -> list[Proposal]:
    return await anyio.to_thread.run_sync(proposals.proposals, get_settings(request).store)


@router.get("/proposals", summary="The proposals, most recent first (JSON with a token, or a page for a browser)",
            openapi_extra=query_parameters(("status", {"type": "string", "enum": list(proposals.STATUSES)},
                                            "only the proposals in this state")),
            responses={200: {"description": "a list of proposals: id, holder, role, time, status, added, removed, "
                                            "and once decided decided_by, decided_at, reason or change",
                             "content": {"application/json": {}, "text/html": {}}},
                       400: {"description": "an unknown status"}, **AUTH})
async def list_proposals(request: Request) -> Response:
    status = request.query_params.get("status")
    if choose(request.headers.get("accept"), OFFERS) is HTML:
        words = html.text(html.language(request))
        data = {"text": {key[len("proposals_"):]: value for key, value in words.items()
                         if key.startswith("proposals_")}}
        return html.page(request, "proposals.html", vary="Accept, Accept-Language", data=data)
    if status is not None and status not in proposals.STATUSES:
        raise BadRequest(f"status: {status!r} is none of {', '.join(proposals.STATUSES)}")
    agent = check_write_access(request)
    found = _visible(agent, await _all(request))
    chosen = [p.to_dict() for p in reversed(found) if status is None or p.status == status]
    return _json(chosen, headers={"Vary": "Accept"})


@router.get("/proposals/{proposal_id}", summary="One proposal (JSON)",
            responses={**AUTH, 404: {"description": "no such proposal"}})
async def get_proposal(request: Request, proposal_id: str) -> Response:
    agent = check_write_access(request)
    found = _visible(agent, [await anyio.to_thread.run_sync(proposals.get, get_settings(request).store, proposal_id)])
    if not found:
        raise NotFound(f"no proposal {proposal_id} of {agent.holder}")
    return _json(found[0].to_dict())


@router.post("/proposals/{proposal_id}/accept", summary="Accept a proposal: it becomes an accepted write",
             responses={**DECIDE,
                        422: {"description": "it no longer fits the rules of the curated data: it stays pending"}})
async def accept(request: Request, proposal_id: str) -> Response:
    curator = check_curator(request)
    state = request.app.state
    await state.writer.call(writer.accept_proposal, str(state.settings.store), curator, proposal_id,
                            timeout=state.settings.query_timeout)
    await after_write(request)
    return _json((await anyio.to_thread.run_sync(proposals.get, state.settings.store, proposal_id)).to_dict())


async def _reason(request: Request) -> str:
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = (await request.body()).decode("utf-8", errors="replace")
    if media == "application/json":
        try:
            data = json.loads(body)
        except ValueError as error:
            raise BadRequest(f"the body is not JSON: {error}") from None
        reason = data.get("reason") if isinstance(data, dict) else None
    elif media == "application/x-www-form-urlencoded":
        reason = dict(parse_qsl(body)).get("reason")
    else:
        raise UnsupportedMediaType("send the reason as JSON {\"reason\": \"...\"} or as the form field 'reason'")
    if not isinstance(reason, str):
        raise BadRequest("a rejection needs a reason (the field 'reason', a text)")
    return reason


#: A reason holds a character that is not blank: not one of those str.strip removes (proposals.reject strips it),
#: spelled out as the schema's regular expression.
NOT_BLANK = "[^" + "".join(f"\\u{code:04x}" for code in range(0x3001) if chr(code).isspace()) + "]"
REASON = {"type": "object", "properties": {"reason": {"type": "string", "pattern": NOT_BLANK}}, "required": ["reason"]}


@router.post("/proposals/{proposal_id}/reject", summary="Reject a proposal, with a reason (kept)",
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/json": {"schema": REASON}, "application/x-www-form-urlencoded": {"schema": REASON}}}},
             responses={**DECIDE, 400: {"description": "no reason"}, 415: {"description": "neither JSON nor a form"}})
async def reject(request: Request, proposal_id: str) -> Response:
    curator = check_curator(request)
    reason = await _reason(request)
    state = request.app.state
    rejected = await state.writer.call(writer.reject_proposal, str(state.settings.store), curator, proposal_id, reason,
                                       timeout=state.settings.query_timeout)
    return _json(rejected.to_dict())
