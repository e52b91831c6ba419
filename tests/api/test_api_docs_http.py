"""``/docs``: Swagger UI served by the application itself (no CDN)."""

from __future__ import annotations

import re

import httpx
from pages_check import external_resources


def test_the_docs_page_loads_its_assets_from_the_server(server):
    response = httpx.get(f"{server.url}/docs")
    assert response.status_code == 200
    page = response.text
    assert external_resources(page) == []
    assets = re.findall(r"""(?:src|href)=["'](/static/[^"']+)""", page)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets) and any(a.endswith(".css") for a in assets)
    for asset in assets:
        assert httpx.get(server.url + asset).status_code == 200, asset
    assert "cdn.jsdelivr.net" not in page and "fastapi.tiangolo.com" not in page


def test_the_openapi_description_lists_the_new_routes(server):
    paths = httpx.get(f"{server.url}/openapi.json").json()["paths"]
    for path in ("/map", "/mediators", "/id/{path}", "/ontology", "/sparql", "/queries"):
        assert path in paths
