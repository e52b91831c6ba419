"""api.caching: ETag and Last-Modified tied to the store's version, 304, and the result cache emptied by writes."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

import httpx
import pytest
from live_server import TOKEN, writable_copy

from ses_graph.api.caching import _names

JSON = {"Accept": "application/sparql-results+json"}
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s a ses:Person }"


def test_validators_and_304(server):
    first = httpx.get(server.sparql, params={"query": COUNT}, headers=JSON)
    assert first.status_code == 200 and first.headers["cache-control"] == "no-cache"
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    again = httpx.get(server.sparql, params={"query": COUNT}, headers={**JSON, "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    since = httpx.get(server.sparql, params={"query": COUNT}, headers={**JSON, "If-Modified-Since": modified})
    assert since.status_code == 304
    csv = httpx.get(server.sparql, params={"query": COUNT}, headers={"Accept": "text/csv", "If-None-Match": etag})
    assert csv.status_code == 200 and csv.headers["etag"] != etag  # another representation, another ETag
    other = httpx.get(server.sparql, params={"query": COUNT + " LIMIT 1"}, headers={**JSON, "If-None-Match": etag})
    assert other.status_code == 200
    page = httpx.get(server.url + "/queries/timeline", headers=JSON)
    assert page.status_code == 200 and "etag" in page.headers


def test_a_repeated_query_is_answered_from_the_cache(server):
    cache = server.app.state.cache
    text = "SELECT ?p WHERE { ?p a ses:Person } ORDER BY ?p LIMIT 3"
    first = httpx.post(server.sparql, data={"query": text}, headers=JSON)
    key = next(k for k in cache._entries if first.headers["etag"] in k)
    headers, body = cache.get(key)
    marked = body.replace(b'"p"', b'"q"')  # the same length: Content-Length still holds
    cache._entries[key] = (headers, marked)
    second = httpx.post(server.sparql, data={"query": text}, headers=JSON)
    assert second.content == marked  # served from the cache, not evaluated again
    cache._entries[key] = (headers, body)


def test_the_method_and_the_body_s_type_are_part_of_the_key(server):
    described = httpx.get(server.sparql, headers={"Accept": "text/turtle"})  # the Service Description, cached
    assert described.status_code == 200
    empty = httpx.post(server.sparql, content=b"", headers={"Accept": "text/turtle",
                                                           "Content-Type": "application/x-www-form-urlencoded"})
    assert empty.status_code == 400, "a POST without a query is not the GET's cached description"
    head = httpx.head(server.sparql, headers={"Accept": "text/turtle"})
    assert head.headers["etag"] == described.headers["etag"], "HEAD and GET: the same representation"
    query = "ASK { ?s a ses:Person }"
    as_form = httpx.post(server.sparql, data={"query": query}, headers=JSON)
    as_text = httpx.post(server.sparql, content=urlencode({"query": query}).encode(),
                         headers={**JSON, "Content-Type": "application/sparql-query"})
    assert as_form.status_code == 200 and as_text.status_code == 400, "the same bytes, another media type"


def test_a_request_with_credentials_is_neither_validated_nor_cached(server):
    query = {"query": "ASK { ?s a ses:Organisation }"}
    kept = len(server.app.state.cache._entries)
    signed = httpx.get(server.sparql, params=query, headers={**JSON, "Authorization": "Bearer someone"})
    assert signed.status_code == 200 and "etag" not in signed.headers
    assert len(server.app.state.cache._entries) == kept, "nothing kept"
    assert "etag" in httpx.get(server.sparql, params=query, headers=JSON).headers


@pytest.mark.parametrize("body", [b"query=ASK%20%7B%7D&update", b"%75pdate=x", b"up+date=1&&update=&", b"a=b=c&%ZZ=1",
                                  "qu\u00e9ry=%C3%A9".encode()])
def test_the_names_of_a_form_are_those_the_endpoint_reads(body):
    # the middleware tells an update from a query by the names alone, without decoding the values
    assert list(_names(body)) == [name for name, _ in parse_qsl(body.decode("latin-1"), keep_blank_values=True)]


def test_errors_carry_no_validators(server):
    bad = httpx.get(server.sparql, params={"query": "SELECT * WHERE { ?s ?p }"})
    assert bad.status_code == 400 and "etag" not in bad.headers


@pytest.fixture(scope="module")
def writable(api_store_path, tmp_path_factory):
    with writable_copy(api_store_path, tmp_path_factory.mktemp("caching"), token=TOKEN, query_workers=1) as live:
        yield live


def test_a_write_changes_the_version_and_empties_the_cache(writable):
    person = (
        'INSERT DATA { id:caching-test a ses:Person ; rdfs:label "Caching Test" ; prov:wasDerivedFrom id:source-003 }'
    )
    before = httpx.post(writable.sparql, data={"query": COUNT}, headers=JSON)
    repeated = httpx.post(writable.sparql, data={"query": COUNT}, headers=JSON)
    assert before.json() == repeated.json() and before.headers["etag"] == repeated.headers["etag"]
    done = httpx.post(writable.sparql, data={"update": person}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert done.status_code in (200, 204), done.text
    after = httpx.post(writable.sparql, data={"query": COUNT}, headers=JSON)
    count = int(before.json()["results"]["bindings"][0]["n"]["value"])
    assert int(after.json()["results"]["bindings"][0]["n"]["value"]) == count + 1
    assert after.headers["etag"] != before.headers["etag"]
    stale = httpx.get(
        writable.sparql, params={"query": COUNT}, headers={**JSON, "If-None-Match": before.headers["etag"]}
    )
    assert stale.status_code == 200
