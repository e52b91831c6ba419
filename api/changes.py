"""``/changes``: who wrote what, when: the accepted writes, most recent first (the named query ``recent-changes``).

JSON by default (a list of ``{"change", "time", "holder", "role", "agent", "added", "removed"}``, the
last two lists of N-Quads lines, with ``proposer`` and ``proposal`` for an accepted proposal); an HTML page, in French
or English (``?lang=fr|en``), when the
client asks for ``text/html`` first.
"""

from __future__ import annotations

import json
from html import escape

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ses_graph import queries

from .dependencies import get_store
from .html import LANGUAGES, language
from .negotiation import HTML, Offer, choose

router = APIRouter(tags=["history"])

OFFERS = (Offer("application/json", None), HTML)
TEXT = {
    "fr": {
        "title": "Modifications récentes",
        "none": "Aucune écriture acceptée pour l'instant.",
        "time": "Date",
        "who": "Auteur",
        "role": "Rôle",
        "added": "Ajouté",
        "removed": "Retiré",
        "other": "English",
        "intro": "Les écritures acceptées par ce serveur, la plus récente d'abord, avec les quads ajoutés et retirés.",
    },
    "en": {
        "title": "Recent changes",
        "none": "No accepted write yet.",
        "time": "Date",
        "who": "Author",
        "role": "Role",
        "added": "Added",
        "removed": "Removed",
        "other": "Français",
        "intro": "The writes this server accepted, most recent first, with the quads added and removed.",
    },
}


def recent(store) -> list[dict]:
    """The accepted writes of ``store``, most recent first."""
    rows = queries.run(store, queries.get("recent-changes"), {})
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


def _proposed(change: dict) -> str:
    return f"<br>({escape(change['proposer'])})" if "proposer" in change else ""


def page(changes: list[dict], lang: str) -> str:
    text = TEXT[lang]
    other = LANGUAGES[1 - LANGUAGES.index(lang)]
    rows = "".join(
        f"<tr><td>{escape(c['time'])}</td><td>{escape(c['holder'])}{_proposed(c)}</td><td>{escape(c['role'])}</td>"
        f"<td><pre>{escape(chr(10).join(c['added']))}</pre></td><td><pre>{escape(chr(10).join(c['removed']))}</pre></td></tr>"
        for c in changes)
    body = (f"<table><thead><tr><th>{text['time']}</th><th>{text['who']}</th><th>{text['role']}</th>"
            f"<th>{text['added']}</th><th>{text['removed']}</th></tr></thead><tbody>{rows}</tbody></table>"
            if changes else f"<p>{text['none']}</p>")
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{text["title"]}</title>'
            "<style>body{font-family:sans-serif;margin:2em}td,th{border:1px solid #ccc;padding:.3em;vertical-align:top}"
            "table{border-collapse:collapse}pre{margin:0;white-space:pre-wrap;font-size:.8em}</style></head><body>"
            f'<p><a href="?lang={other}">{text["other"]}</a></p><h1>{text["title"]}</h1><p>{text["intro"]}</p>'
            f"{body}</body></html>")


@router.get("/changes", summary="The accepted writes, most recent first (JSON, or HTML for a browser)", responses={
    200: {"description": "a list of {change, time, holder, role, agent, added, removed}",
          "content": {"application/json": {}, "text/html": {}}}})
async def recent_changes(request: Request) -> Response:
    offer = choose(request.headers.get("accept"), OFFERS)
    changes = await anyio.to_thread.run_sync(recent, get_store(request))
    if offer is HTML:
        lang = language(request)
        return HTMLResponse(page(changes, lang), headers={"Vary": "Accept, Accept-Language", "Content-Language": lang})
    return Response(json.dumps(changes, ensure_ascii=False, indent=2), media_type="application/json",
                    headers={"Vary": "Accept"})
