"""``/editor``: YASGUI served by the application, one tab per named query, queries sent to ``/sparql``.

The browser test runs headless Chromium (skipped when /usr/bin/chromium or playwright is missing,
unless SES_GRAPH_REQUIRE_BROWSER=1).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
from pages_check import external_resources, open_page

from ses_graph import queries

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


def test_the_editor_page_serves_yasgui_itself_with_the_named_queries(server):
    response = httpx.get(f"{server.url}/editor", params={"lang": "en"})
    assert response.status_code == 200
    page = response.text
    assert external_resources(page) == []
    for asset in re.findall(r"""(?:src|href)=["'](/static/yasgui/[^"']+)""", page):
        assert httpx.get(server.url + asset).status_code == 200
    data = json.loads(
        re.search(r'<script type="application/json" id="editor-data">(.*?)</script>', page, re.S).group(1)
    )
    assert [e["text"] for e in data["examples"]] == [q.text for q in queries.catalogue().values()]
    members = next(e for e in data["examples"] if e["name"] == "network-members")
    assert [(p["name"], p["required"]) for p in members["parameters"]] == [("network", True)]
    assert members["example"] == {"network": "RIPESS Europe"}


def test_the_licence_of_yasgui_is_served_with_it(server):
    assert "MIT" in httpx.get(f"{server.url}/static/yasgui/LICENSE").text


def test_in_a_browser_the_tabs_are_there_and_a_query_runs_without_leaving_the_server(server, chromium):
    context, page, errors, foreign = open_page(chromium, f"{server.url}/editor?lang=en", server.url)
    try:
        page.wait_for_function("window.sesEditor !== undefined", timeout=30_000)
        names = page.evaluate("sesEditor.persistentConfig.getTabs().map(id => sesEditor.getTab(id).getName())")
        assert len(names) >= len(queries.catalogue())
        # a new tab is a free query, sent to /sparql (a named query's tab goes to /queries/NAME)
        page.evaluate("sesEditor.addTab(true) && null")
        page.evaluate("sesEditor.getTab().getYasqe().setValue('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }')")
        with page.expect_response(lambda r: r.url.startswith(f"{server.url}/sparql")) as answer:
            page.evaluate("sesEditor.getTab().getYasqe().query()")
        assert answer.value.status == 200
        assert errors == [] and foreign == []
    finally:
        context.close()


def test_in_a_browser_a_named_query_without_its_required_parameter_is_refused_and_asked_for(server, chromium):
    context = chromium.new_context()
    page = context.new_page()
    errors, sent = [], []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: sent.append(r.url) if "/queries/" in r.url or "/sparql" in r.url else None)
    try:
        page.goto(f"{server.url}/editor?lang=en")
        page.wait_for_function("window.sesEditor !== undefined", timeout=30_000)
        page.evaluate("sesEditor.selectTabId('query-network-members') && null")
        page.wait_for_selector('#parameters input[name="network"]')
        field = page.locator('#parameters input[name="network"]')
        assert field.input_value() == "RIPESS Europe", "the example's value to start with"
        field.fill("")
        page.evaluate("sesEditor.getTab().getYasqe().query().catch(() => null)")
        assert sent == [], "nothing is sent without the required parameter"
        assert "This query needs: network" in page.locator("#parameters-note").inner_text()
        assert "missing" in (field.get_attribute("class") or "")
        field.fill("RIPES Europe")
        with page.expect_response(lambda r: r.url == f"{server.url}/queries/network-members") as answer:
            page.evaluate("sesEditor.getTab().getYasqe().query()")
        assert answer.value.status == 200
        rows = answer.value.json()["results"]["bindings"]
        assert rows and {r["network"]["value"] for r in rows} == {"https://w3id.org/ses-graph/id/ripess-europe"}
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "editor-named-query.png"))
        assert errors == []
    finally:
        context.close()


def test_an_edited_named_query_runs_with_its_parameters_bound(server):
    text = queries.get("network-members").text + "\nLIMIT 2"
    response = httpx.post(f"{server.url}/queries/network-members", data={"query": text, "network": "RIPESS Europe"})
    assert response.status_code == 200, response.text
    assert len(response.json()["results"]["bindings"]) == 2
    missing = httpx.post(f"{server.url}/queries/network-members", data={"query": text})
    assert missing.status_code == 400 and "needs the parameter 'network'" in missing.json()["detail"]


def test_in_a_browser_the_docs_draw_swagger_ui_without_leaving_the_server(server, chromium):
    context, page, errors, foreign = open_page(chromium, f"{server.url}/docs", server.url)
    try:
        page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
        assert page.locator(".opblock").count() >= 10
        assert errors == [] and foreign == []
    finally:
        context.close()


def test_in_a_browser_the_map_opens_on_the_entity_of_focus(server, chromium):
    iri = "https://w3id.org/ses-graph/id/mes-france"
    context, page, errors, foreign = open_page(chromium, f"{server.url}/map?focus={iri}", server.url)
    try:
        page.wait_for_function("window.sesMap && window.sesMap.ready", timeout=60_000)
        page.wait_for_function(f"sesMap.network.getSelectedNodes()[0] === {iri!r}", timeout=10_000)
        assert errors == [] and foreign == []
    finally:
        context.close()


def test_in_a_browser_the_landing_run_button_and_links_give_pages(server, chromium):
    context, page, errors, foreign = open_page(chromium, f"{server.url}/?lang=fr", server.url)
    try:
        ARTIFACTS.mkdir(exist_ok=True)
        page.click("form[action='/sparql'] button[type=submit]")
        page.wait_for_selector("table.results")
        assert page.locator("table.results tbody tr").count() > 0
        page.screenshot(path=str(ARTIFACTS / "sparql-results.png"))
        for path, name, selector in (
            ("/queries/network-members?network=RIPESS+Europe", "query-results.png", "table.results"),
            ("/id/apes", "entity-apes.png", "section.group"),
            ("/id/miramp", "entity-not-found.png", "#nearest"),
        ):
            page.goto(server.url + path)
            page.wait_for_selector(selector)
            page.screenshot(path=str(ARTIFACTS / name), full_page=False)
        assert errors == [] and foreign == []
    finally:
        context.close()
