"""``/changes``: who wrote what, when: the accepted writes, most recent first (the named query ``recent-changes``).

JSON by default (a list of ``{"change", "time", "holder", "role", "agent", "added", "removed"}``, the
last two lists of N-Quads lines, with ``proposer`` and ``proposal`` for an accepted proposal); an HTML page
(``templates/changes.html``, in French or English: ``?lang=fr|en``) when the client asks for ``text/html`` first.
"""

from __future__ import annotations

import json
from typing import cast

import anyio
import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.responses import Response

from ses_graph import queries

from . import html
from .dependencies import get_store
from .negotiation import HTML, Offer, choose

router = APIRouter(tags=["history"])

OFFERS = (Offer("application/json", None), HTML)


def recent(store: ox.Store) -> list[dict]:
    """The accepted writes of ``store``, most recent first."""
    rows = cast(ox.QuerySolutions, queries.run(store, queries.get("recent-changes"), {}))
    return [
        {
            "change": row["change"].value,
            "time": row["time"].value,
            "holder": row["holder"].value,
            "role": row["role"].value,
            "agent": row["agent"].value,
            **(
                {"proposer": row["proposer"].value, "proposal": row["proposal"].value}
                if row["proposer"] is not None
                else {}
            ),
            "added": row["added"].value.splitlines(),
            "removed": row["removed"].value.splitlines(),
        }
        for row in rows
    ]


@router.get("/changes", summary="The accepted writes, most recent first (JSON, or HTML for a browser)", responses={
    200: {"description": "a list of {change, time, holder, role, agent, added, removed}",
          "content": {"application/json": {}, "text/html": {}}}})
async def recent_changes(request: Request) -> Response:
    offer = choose(request.headers.get("accept"), OFFERS)
    changes = await anyio.to_thread.run_sync(recent, (await get_store(request)))
    if offer is HTML:
        return html.page(request, "changes.html", vary="Accept, Accept-Language", changes=changes)
    return Response(json.dumps(changes, ensure_ascii=False, indent=2), media_type="application/json",
                    headers={"Vary": "Accept"})
