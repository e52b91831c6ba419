"""``/store``: the Graph Store HTTP Protocol on live servers."""

from __future__ import annotations

import httpx
import pyoxigraph as ox
from live_server import TOKEN

GRAPH = "http://example.org/test-graph-store"
TURTLE = b"@prefix ex: <http://example.org/> . ex:a ex:p 1 ; ex:q [ ex:r \"blank\"@fr ] ."
MORE = b"<http://example.org/b> <http://example.org/p> \"2\" ."
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def triples(response: httpx.Response) -> set:
    assert response.status_code == 200, response.text
    fmt = ox.RdfFormat.from_media_type(response.headers["content-type"])
    return {str(q.triple) for q in ox.parse(response.content, format=fmt) if not isinstance(q.object, ox.BlankNode)}


def test_put_get_post_delete_a_named_graph(writer):
    url, params = f"{writer.url}/store", {"graph": GRAPH}
    httpx.delete(url, params=params, headers=AUTH)
    created = httpx.put(url, params=params, content=TURTLE, headers={"Content-Type": "text/turtle", **AUTH})
    assert created.status_code == 201
    got = httpx.get(url, params=params)
    assert got.headers["content-type"] == "text/turtle; charset=utf-8"
    assert len(list(ox.parse(got.content, format=ox.RdfFormat.TURTLE))) == 3
    assert httpx.head(url, params=params).status_code == 200
    added = httpx.post(url, params=params, content=MORE, headers={"Content-Type": "application/n-triples", **AUTH})
    assert added.status_code == 204
    assert len(triples(httpx.get(url, params=params, headers={"Accept": "application/n-triples"}))) == 3
    replaced = httpx.put(url, params=params, content=MORE, headers={"Content-Type": "application/n-triples", **AUTH})
    assert replaced.status_code == 204
    assert triples(httpx.get(url, params=params)) == {'<http://example.org/b> <http://example.org/p> "2"'}
    assert httpx.delete(url, params=params, headers=AUTH).status_code == 204
    assert httpx.get(url, params=params).status_code == 404
    assert httpx.delete(url, params=params, headers=AUTH).status_code == 404


def test_the_default_graph_of_the_curated_store(server):
    response = httpx.get(f"{server.url}/store", params={"default": ""}, headers={"Accept": "application/n-triples"})
    assert response.status_code == 200
    assert len(response.content.splitlines()) > 100


def test_writes_need_the_token(writer, server):
    url = f"{writer.url}/store"
    turtle = {"Content-Type": "text/turtle"}
    assert httpx.put(url, params={"graph": GRAPH}, content=TURTLE, headers=turtle).status_code == 401
    assert (
        httpx.put(
            url, params={"graph": GRAPH}, content=TURTLE, headers={**turtle, "Authorization": "Bearer nope"}
        ).status_code
        == 403
    )
    assert httpx.delete(f"{server.url}/store", params={"default": ""}, headers=AUTH).status_code == 403


def test_bad_requests(writer):
    url = f"{writer.url}/store"
    assert httpx.get(url).status_code == 400
    assert httpx.get(url, params={"graph": GRAPH, "default": ""}).status_code == 400
    assert httpx.get(url, params={"graph": "not an iri"}).status_code == 400
    assert httpx.get(url, params={"default": ""}, headers={"Accept": "text/csv"}).status_code == 406
    assert (
        httpx.put(
            url, params={"graph": GRAPH}, content=TURTLE, headers={"Content-Type": "text/csv", **AUTH}
        ).status_code
        == 415
    )
    broken = httpx.put(
        url, params={"graph": GRAPH}, content=b"<a> <b> .", headers={"Content-Type": "text/turtle", **AUTH}
    )
    assert broken.status_code == 400


def test_a_url_below_the_store_names_the_graph_whose_iri_it_is(writer):
    url = f"{writer.url}/store/people/1.ttl"
    assert httpx.put(url, content=MORE, headers={"Content-Type": "application/n-triples", **AUTH}).status_code == 201
    expected = {'<http://example.org/b> <http://example.org/p> "2"'}
    assert triples(httpx.get(url)) == expected
    assert triples(httpx.get(f"{writer.url}/store", params={"graph": url})) == expected
    assert httpx.head(url).status_code == 200
    assert httpx.delete(url, headers=AUTH).status_code == 204
    assert httpx.get(url).status_code == 404 and httpx.head(url).status_code == 404


def test_a_minted_graph_iri_is_its_own_url(writer):
    created = httpx.post(f"{writer.url}/store", content=MORE, headers={"Content-Type": "application/n-triples", **AUTH})
    assert created.status_code == 201
    assert triples(httpx.get(created.headers["location"])) == {'<http://example.org/b> <http://example.org/p> "2"'}
    assert httpx.delete(created.headers["location"], headers=AUTH).status_code == 204


def test_a_direct_url_keeps_its_percent_escapes_in_the_graph_iri(writer):
    url = f"{writer.url}/store/caf%C3%A9%20au%20lait"
    assert httpx.put(url, content=MORE, headers={"Content-Type": "application/n-triples", **AUTH}).status_code == 201
    ask = f"ASK {{ GRAPH <{url}> {{ ?s ?p ?o }} }}"
    assert httpx.get(writer.sparql, params={"query": ask}).json()["boolean"] is True
    assert httpx.delete(url, headers=AUTH).status_code == 204


def test_a_direct_url_refuses_graph_and_default_parameters(writer):
    url = f"{writer.url}/store/people/1.ttl"
    assert httpx.get(url, params={"graph": GRAPH}).status_code == 400
    assert (
        httpx.put(
            url, params={"default": ""}, content=MORE, headers={"Content-Type": "application/n-triples", **AUTH}
        ).status_code
        == 400
    )


def test_a_multipart_body_without_its_closing_boundary_is_refused_and_stores_nothing(writer):
    part = (b'--XyZ\r\nContent-Disposition: form-data; name="a"; filename="a.ttl"\r\nContent-Type: text/turtle\r\n\r\n'
            + MORE + b"\r\n")
    headers = {"Content-Type": "multipart/form-data; boundary=XyZ", **AUTH}
    graph = GRAPH + "-multipart"
    for body in (part, part[:-12], b"--XyZ\r\n", b""):
        response = httpx.put(f"{writer.url}/store", params={"graph": graph}, content=body, headers=headers)
        assert response.status_code == 400, (body, response.text)
        assert "closing boundary" in response.json()["detail"]
        assert httpx.get(f"{writer.url}/store", params={"graph": graph}).status_code == 404  # not even an empty graph
    refused = httpx.put(f"{writer.url}/store", params={"graph": graph}, content=b"no boundary at all", headers=headers)
    assert refused.status_code == 400 and "does not parse" in refused.json()["detail"]
    closed = httpx.put(f"{writer.url}/store", params={"graph": graph}, content=part + b"--XyZ--\r\n", headers=headers)
    assert closed.status_code == 201, closed.text
    assert triples(httpx.get(f"{writer.url}/store", params={"graph": graph})) == {
        '<http://example.org/b> <http://example.org/p> "2"'}
