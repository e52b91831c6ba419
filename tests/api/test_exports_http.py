"""``GET /export/{format}`` (downloads with a file name) and N-Quads / TriG for CONSTRUCT on /sparql."""

from __future__ import annotations

import io
import zipfile

import httpx
import networkx as nx
import pyoxigraph as ox
import pytest

from ses_graph.api.negotiation import CONSTRUCT_OFFERS, choose

DOWNLOADS = {"nquads": ("application/n-quads", "ses-graph.nq", ox.RdfFormat.N_QUADS),
             "trig": ("application/trig", "ses-graph.trig", ox.RdfFormat.TRIG),
             "turtle": ("text/turtle", "ses-graph.ttl", ox.RdfFormat.TURTLE),
             "jsonld": ("application/ld+json", "ses-graph.jsonld", ox.RdfFormat.JSON_LD)}


@pytest.mark.parametrize("name", DOWNLOADS)
def test_each_export_is_a_download_with_its_file_name(server, name):
    media_type, filename, fmt = DOWNLOADS[name]
    response = httpx.get(f"{server.url}/export/{name}", timeout=60)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    assert response.headers["content-disposition"] == f'attachment; filename="{filename}"'
    quads = list(ox.parse(response.content, format=fmt))
    assert len(quads) > 1000
    again = httpx.get(f"{server.url}/export/{name}", timeout=60)
    assert again.content == response.content


def test_an_unknown_export_is_404(server):
    response = httpx.get(f"{server.url}/export/xlsx")
    assert response.status_code == 404 and "nquads" in response.text


@pytest.mark.parametrize("media_type, fmt", [("application/n-quads", ox.RdfFormat.N_QUADS),
                                            ("application/trig", ox.RdfFormat.TRIG)])
def test_construct_negotiates_n_quads_and_trig(server, media_type, fmt):
    query = "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 5"
    response = httpx.get(server.sparql, params={"query": query}, headers={"Accept": media_type})
    assert response.status_code == 200 and response.headers["content-type"].startswith(media_type)
    quads = list(ox.parse(response.content, format=fmt))
    assert len(quads) == 5 and all(q.graph_name == ox.DefaultGraph() for q in quads)


def test_turtle_stays_the_default_for_construct():
    assert choose(None, CONSTRUCT_OFFERS).format == ox.RdfFormat.TURTLE


@pytest.mark.parametrize("name, media_type, filename", [
    ("graphml", "application/graphml+xml", "ses-graph.graphml"),
    ("gexf", "application/gexf+xml", "ses-graph.gexf"),
    ("csv", "application/zip", "ses-graph-csv.zip"),
])
def test_the_network_exports_are_downloads_too(server, name, media_type, filename):
    response = httpx.get(f"{server.url}/export/{name}", timeout=120)
    assert response.status_code == 200 and response.headers["content-type"].startswith(media_type)
    assert response.headers["content-disposition"] == f'attachment; filename="{filename}"'
    if name == "csv":
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        assert archive.read("nodes.csv").startswith(b"Id,Label,") and archive.read("edges.csv").startswith(b"Source,")
    else:
        graph = nx.read_graphml(io.BytesIO(response.content)) if name == "graphml" else nx.read_gexf(
            io.BytesIO(response.content))
        assert graph.number_of_nodes() > 100
