"""``/mediators`` (the ranking, as the command line prints it) and ``/map`` (the offline map)."""

from __future__ import annotations

import json
import subprocess
import sys

import httpx
import pytest
from pages_check import external_resources


@pytest.mark.parametrize("kind, top", [("organisation", "5"), ("person", "3")])
def test_the_ranking_is_the_one_the_command_line_prints(server, api_store_path, kind, top):
    response = httpx.get(f"{server.url}/mediators", params={"kind": kind, "top": top}, timeout=60)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    printed = subprocess.run([sys.executable, "-m", "ses_graph.cli", "mediators", "--kind", kind, "--top", top,
                              "--format", "json", "--store", str(api_store_path)],
                             capture_output=True, text=True, check=True).stdout
    assert response.json() == json.loads(printed)
    assert len(response.json()) <= int(top)


def test_the_default_is_every_organisation(server):
    entries = httpx.get(f"{server.url}/mediators", timeout=60).json()
    assert {e["kind"] for e in entries} <= {"organisation"}
    assert [e["rank"] for e in entries] == list(range(1, len(entries) + 1))


@pytest.mark.parametrize("params", [{"kind": "robot"}, {"top": "0"}, {"top": "ten"}, {"top": "-3"}])
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


def test_a_focus_cannot_inject_markup(server):
    page = httpx.get(f"{server.url}/map", params={"focus": "</script><script>alert(1)</script>"}, timeout=60).text
    assert "</script><script>alert(1)" not in page
