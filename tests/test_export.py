"""export: whole dumps of the store (N-Quads, TriG, Turtle, JSON-LD) hold exactly its quads, byte for byte the same."""

from __future__ import annotations

import io
import json

import pyoxigraph as ox
import pytest
from support import cli

from ses_graph import export, terms

FORMATS = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
           "turtle": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD}


def _dump(store: ox.Store, name: str) -> bytes:
    out = io.BytesIO()
    export.dump(store, name, out)
    return out.getvalue()


@pytest.mark.parametrize("name", FORMATS)
def test_a_dump_round_trips_to_exactly_the_stores_quads(curated, name):
    """N-Quads and TriG: the store's quads; Turtle and JSON-LD: its default graph and the dataset's description."""
    if export.DUMPS[name].dataset:
        expected = set(curated)
    else:
        expected = {ox.Quad(q.subject, q.predicate, q.object) for graph in (ox.DefaultGraph(), terms.DESCRIPTION_GRAPH)
                    for q in curated.quads_for_pattern(None, None, None, graph)}
    assert set(ox.parse(_dump(curated, name), format=FORMATS[name])) == expected


def test_nquads_and_trig_hold_every_named_graph(curated):
    graphs = {q.graph_name for q in ox.parse(_dump(curated, "trig"), format=ox.RdfFormat.TRIG)}
    assert {terms.SEARCH_GRAPH, terms.MEDIATORS_GRAPH, terms.SHAPES_GRAPH, terms.DESCRIPTION_GRAPH,
            ox.DefaultGraph()} <= graphs


@pytest.mark.parametrize("name", FORMATS)
def test_the_same_store_gives_the_same_bytes(curated, name):
    assert _dump(curated, name) == _dump(curated, name)


def test_turtle_and_json_ld_use_the_ontologys_prefixes(curated):
    assert b"@prefix ses: <https://w3id.org/ses-graph/ontology#> ." in _dump(curated, "turtle")
    document = json.loads(_dump(curated, "jsonld"))
    assert document["@context"]["ses"] == terms.SES and document["@context"]["id"] == terms.ID
    assert any(node.get("@id") == terms.ID + "mes-france" for node in document["@graph"])


def test_export_command_writes_the_file(curated_store_path, tmp_path):
    out = tmp_path / "graph.nq"
    result = cli("export", "--format", "nquads", "-o", str(out), "--store", str(curated_store_path))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == _dump(ox.Store.read_only(str(curated_store_path / "current")), "nquads")
    assert not list(tmp_path.glob(".*partial"))


def test_export_to_a_missing_folder_is_a_usage_error(curated_store_path, tmp_path):
    result = cli("export", "--format", "trig", "-o", str(tmp_path / "no" / "such" / "graph.trig"),
                 "--store", str(curated_store_path))
    assert result.returncode == 2 and "no" in result.stderr
