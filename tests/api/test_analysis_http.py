"""``/mediators`` (the ranking, as the command line prints it) and ``/map`` (the offline map)."""

from __future__ import annotations

import json
import subprocess
import sys

import httpx
import pytest
from pages_check import external_resources


@pytest.mark.parametrize("kind, top, lang", [("organisation", "5", "en"), ("person", "3", "fr")])
def test_the_ranking_is_the_one_the_command_line_prints(server, api_store_path, kind, top, lang):
    response = httpx.get(f"{server.url}/mediators", params={"kind": kind, "top": top, "lang": lang}, timeout=60)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.headers["content-language"] == lang
    printed = subprocess.run([sys.executable, "-m", "ses_graph.cli", "mediators", "--kind", kind, "--top", top,
                              "--format", "json", "--store", str(api_store_path), "--lang", lang],
                             capture_output=True, text=True, check=True).stdout
    assert response.json() == json.loads(printed)
    assert len(response.json()) <= int(top)


def test_the_default_is_every_organisation(server):
    entries = httpx.get(f"{server.url}/mediators", timeout=60).json()
    assert {e["kind"] for e in entries} <= {"organisation"}
    ranks = [e["rank"] for e in entries]
    assert ranks[0] == 1 and ranks == sorted(ranks)
    # equal scores share a rank: the rank is one more than the number of better scores
    assert all(e["rank"] == 1 + sum(o["score"] > e["score"] for o in entries) for e in entries)
    assert all(e["rank_range"]["best"] <= e["rank"] <= e["rank_range"]["worst"] for e in entries)


def test_explanations_follow_accept_language(server):
    french = httpx.get(f"{server.url}/mediators", params={"kind": "person", "top": "1"},
                       headers={"Accept-Language": "fr-FR,fr;q=0.9"}, timeout=60)
    english = httpx.get(f"{server.url}/mediators", params={"kind": "person", "top": "1"},
                        headers={"Accept-Language": "en-GB,en;q=0.8"}, timeout=60)
    assert french.headers["content-language"] == "fr" and english.headers["content-language"] == "en"
    fr, en = french.json()[0], english.json()[0]
    assert fr["entity"] == en["entity"] and fr["evidence"] == en["evidence"] and fr["evidence"]
    assert "Co-président·e" in fr["explanation"] and "Co-president" in en["explanation"]


@pytest.mark.parametrize("params", [{"kind": "robot"}, {"top": "0"}, {"top": "ten"}, {"top": "-3"}, {"lang": "de"}])
def test_bad_values_are_400(server, params):
    response = httpx.get(f"{server.url}/mediators", params=params)
    assert response.status_code == 400
    assert response.json()["detail"]


def test_the_map_is_one_page_that_needs_no_internet(server):
    response = httpx.get(f"{server.url}/map", timeout=60)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="fr">' in response.text
    assert external_resources(response.text) == []


def test_the_map_opens_in_english_and_on_an_entity(server):
    iri = "https://w3id.org/ses-graph/id/mes-france"
    page = httpx.get(f"{server.url}/map", params={"lang": "en", "focus": iri}, timeout=60).text
    assert '<html lang="en">' in page
    assert json.dumps(iri) in page
    # the page reads ?focus from its own address (tests/api/test_editor_http.py opens it in Chromium):
    # no script spliced in, the same bytes for every focus
    assert page == httpx.get(f"{server.url}/map", params={"lang": "en"}, timeout=60).text


def test_a_focus_cannot_inject_markup(server):
    page = httpx.get(f"{server.url}/map", params={"focus": "</script><script>alert(1)</script>"}, timeout=60).text
    assert "</script><script>alert(1)" not in page
