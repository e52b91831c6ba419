"""``/`` and ``/docs`` on a live server."""

from __future__ import annotations

import html
import re

import httpx


def test_the_landing_page_is_french_by_default_and_links_everything(server):
    response = httpx.get(f"{server.url}/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-language"] == "fr"
    page = response.text
    assert '<html lang="fr">' in page and "Éditeur SPARQL" in page
    for link in (
        'href="/map',
        'href="/queries"',
        'href="/docs"',
        'action="/sparql"',
        'href="/queries/network-members?',
    ):
        assert link in page


def test_the_landing_page_speaks_english_when_asked(server):
    by_parameter = httpx.get(f"{server.url}/", params={"lang": "en"})
    by_header = httpx.get(f"{server.url}/", headers={"Accept-Language": "en-GB,en;q=0.9,fr;q=0.5"})
    for response in (by_parameter, by_header):
        assert response.headers["content-language"] == "en"
        assert "SPARQL editor" in response.text and "Named queries" in response.text


def test_the_landing_page_loads_nothing_from_elsewhere(server):
    page = httpx.get(f"{server.url}/").text
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "<script" not in page


def test_the_editor_sends_its_query_to_the_endpoint(server):
    page = httpx.get(f"{server.url}/").text
    form = re.search(r'<form action="/sparql" method="get">\s*<textarea name="query"[^>]*>(.*?)</textarea>', page, re.S)
    query = html.unescape(form.group(1))
    assert httpx.get(server.sparql, params={"query": query}).status_code == 200


def test_openapi_documents_the_routes(server):
    schema = httpx.get(f"{server.url}/openapi.json").json()
    assert {"/sparql", "/queries", "/queries/{name}", "/"} <= set(schema["paths"])
    sparql = schema["paths"]["/sparql"]  # a plain Starlette route, described by hand
    assert set(sparql) == {"get", "post"}
    (parameter,) = sparql["get"]["parameters"]  # one object: the query and its dataset, which goes with it
    assert (parameter["name"], parameter["style"], parameter["explode"]) == ("query", "form", True)
    assert list(parameter["schema"]["properties"]) == ["query", "default-graph-uri", "named-graph-uri"]
    assert set(sparql["post"]["requestBody"]["content"]) == {
        "application/x-www-form-urlencoded", "application/sparql-query", "application/sparql-update"}
    assert "503" in sparql["post"]["responses"] and "text/turtle" in sparql["get"]["responses"]["200"]["content"]
    assert httpx.get(f"{server.url}/docs").status_code == 200
