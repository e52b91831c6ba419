"""A server of the public view (``Settings(public=True)``, ``serve --public``) names no person without a public mandate.

Every GET route of the OpenAPI description is walked, with every entity page, every named query,
both rankings and languages of the map, the Graph Store's graphs and the whole SPARQL dump; the
people to hide and the co-presidents to find are computed from the curated files (tests/mandates.py).
"""

from __future__ import annotations

import httpx
import pytest
from live_server import TOKEN, LiveServer
from mandates import ID, leaks, people, readable
from support import cli
from test_serve_cli import serving

from ses_graph import queries
from ses_graph.api.exports import DOWNLOADS
from ses_graph.api.settings import Settings
from ses_graph.errors import UsageError

PEOPLE = people()
DUMP = "SELECT * WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
ENTITIES = ("SELECT DISTINCT ?e WHERE { { ?e ?p ?o } UNION { ?s ?p ?e } UNION { GRAPH ?g { ?e ?p ?o } } "
            "FILTER(isIRI(?e)) }")
GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture(scope="module")
def public_server(api_store_path):
    with LiveServer(Settings(store=api_store_path, public=True)) as live:
        yield live


def _column(client: httpx.Client, base: str, query: str, name: str) -> list[str]:
    rows = client.get(f"{base}/sparql", params={"query": query}).json()["results"]["bindings"]
    return sorted(row[name]["value"] for row in rows)


def _requests(client: httpx.Client, base: str, full_base: str) -> list[tuple[str, dict, dict]]:
    """(path, query parameters, headers) of every GET route, its templates filled with every value there is."""
    schema = client.get(f"{base}/openapi.json").json()
    both = set(_column(client, full_base, ENTITIES, "e")) | set(_column(client, base, ENTITIES, "e"))
    entities = sorted(e[len(ID):] for e in both if e.startswith(ID))
    graphs = _column(client, base, GRAPHS, "g")
    turtle = {"Accept": "text/turtle"}
    fillers = {
        "/id/{path}": [(f"/id/{e}", {}, headers) for e in entities for headers in ({}, turtle)],
        "/queries/{name}": [(f"/queries/{q.name}", q.example, {}) for q in queries.catalogue().values()],
        "/store/{path}": [],  # the curated store has no graph named by a URL below /store
        "/store": [("/store", {"default": ""}, turtle)] + [("/store", {"graph": g}, turtle) for g in graphs],
        "/mediators": [("/mediators", {"kind": kind}, {}) for kind in ("organisation", "person")],
        "/map": [("/map", {"lang": lang}, {}) for lang in ("fr", "en")],
        "/sparql": [("/sparql", {"query": DUMP}, {"Accept": "text/tab-separated-values"})],
        "/": [("/", {"lang": lang}, {}) for lang in ("fr", "en")],
        "/editor": [("/editor", {"lang": lang}, {}) for lang in ("fr", "en")],
        "/ontology": [("/ontology", {}, {}), ("/ontology", {}, {"Accept": "text/html"})],
        "/export/{name}": [(f"/export/{name}", {}, {}) for name in DOWNLOADS],
        # The proposals need a token (a read-only server has none, and no proposal): the review page only.
        "/proposals": [("/proposals", {"lang": lang}, {"Accept": "text/html"}) for lang in ("fr", "en")],
        "/proposals/{proposal_id}": [],
    }
    walked = [("/openapi.json", {}, {}), ("/docs", {}, {})]
    for path, operations in sorted(schema["paths"].items()):
        if "get" not in operations:
            continue
        if path in fillers:
            walked += fillers[path]
        else:
            assert "{" not in path, f"{path}: a route this test cannot fill in; say here how to walk it"
            walked.append((path, {}, {}))
    return walked


def test_every_route_hides_the_people_without_a_public_mandate(public_server, server):
    hidden_paths = {f"/id/{iri[len(ID):]}" for iri in PEOPLE.hidden}
    found: dict[str, set[str]] = {iri: set() for iri in PEOPLE.co_presidents}
    with httpx.Client(timeout=60) as client:
        walked = _requests(client, public_server.url, server.url)
        assert len(walked) > 100
        for path, params, headers in walked:
            response = client.get(public_server.url + path, params=params, headers=headers)
            where = f"GET {path} {params} {headers}"
            assert response.status_code in (200, 404), where
            if path.startswith("/id/") and response.status_code == 404:
                continue  # an entity the view leaves out: the 404 names the IRI asked for, nothing more
            assert response.status_code == 200, where
            text = readable(response)
            assert leaks(text, PEOPLE.hidden) == [], where
            for iri in found:
                if leaks(text, {iri: PEOPLE.kept[iri]}):
                    found[iri].add(path)
        for path in hidden_paths:
            assert client.get(public_server.url + path).status_code == 404, path
    for iri in PEOPLE.co_presidents:  # the co-presidents appear in the dump, on the map, in the ranking, on their page
        assert {"/sparql", "/map", "/mediators", f"/id/{iri[len(ID):]}"} <= found[iri], (iri, found[iri])


def test_the_full_server_still_names_everyone(server):
    dump = httpx.get(f"{server.url}/sparql", params={"query": DUMP}, headers={"Accept": "text/tab-separated-values"})
    text = readable(dump)
    assert set(leaks(text, PEOPLE.hidden)) == set(PEOPLE.hidden)
    ranked = {entry["entity"] for entry in httpx.get(f"{server.url}/mediators", params={"kind": "person"}).json()}
    assert ranked & set(PEOPLE.hidden)


def test_the_public_view_is_read_only(public_server):
    update = httpx.post(public_server.sparql, content="CLEAR ALL", headers={
        "Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"})
    assert update.status_code == 403 and "public view" in update.json()["detail"]
    put = httpx.put(f"{public_server.url}/store", params={"default": ""}, content="",
                    headers={"Content-Type": "text/turtle", "Authorization": f"Bearer {TOKEN}"})
    assert put.status_code == 403
    page = httpx.get(f"{public_server.url}/", params={"lang": "en"}).text
    assert "Public view: a person appears only if a source gives them a public mandate" in page


def test_a_public_server_with_a_token_is_refused(api_store_path, monkeypatch):
    with pytest.raises(UsageError, match="read-only"):
        Settings(store=api_store_path, token=TOKEN, public=True)
    monkeypatch.setenv("SES_GRAPH_TOKEN", TOKEN)
    refused = cli("serve", "--public", "--store", str(api_store_path), "--port", "1")
    assert refused.returncode == 2 and "unset SES_GRAPH_TOKEN" in refused.stderr
    monkeypatch.setenv("SES_GRAPH_PUBLIC", "perhaps")
    monkeypatch.delenv("SES_GRAPH_TOKEN")
    refused = cli("serve", "--store", str(api_store_path), "--port", "1")
    assert refused.returncode == 2 and "SES_GRAPH_PUBLIC must be 1 or 0" in refused.stderr


def test_serve_with_ses_graph_public_serves_the_view(tmp_path):
    with serving(tmp_path / "store", env={"SES_GRAPH_PUBLIC": "1"}) as (base, _):
        ranked = {entry["entity"] for entry in httpx.get(f"{base}/mediators", params={"kind": "person"}).json()}
        assert ranked and ranked <= set(PEOPLE.kept)
        assert leaks(httpx.get(f"{base}/map").text, PEOPLE.hidden) == []
    assert (tmp_path / "store" / "public" / "current").is_dir()
