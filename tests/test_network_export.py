"""export --format graphml|gexf|csv: the network of the map and the mediators, read back by networkx, igraph and R.

The files are read by the libraries researchers use (networkx, python-igraph; R's igraph and sna when
installed: ``SES_GRAPH_REQUIRE_R=1``, set by ``.ci/run``, makes their absence a failure), and
``ses-graph brokerage`` runs on the GraphML as exported.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile

import igraph as ig
import networkx as nx
import pytest
from support import cli

from ses_graph import network_export
from ses_graph.analysis import brokerage, graphs

GEXF = "{http://www.gexf.net/1.2draft}"


@pytest.fixture(scope="module")
def exported(curated_store_path, tmp_path_factory):
    """The three exports of the curated store, written by the command line: {format: path}."""
    folder = tmp_path_factory.mktemp("network")
    paths = {"graphml": folder / "g.graphml", "gexf": folder / "g.gexf", "csv": folder / "csv"}
    for fmt, path in paths.items():
        result = cli("export", "--format", fmt, "-o", str(path), "--store", str(curated_store_path))
        assert result.returncode == 0, result.stderr
    return paths


def test_the_network_is_the_mediator_analysiss_with_every_endpoint_a_node(curated, exported):
    analysed = graphs.network(curated)
    graph = nx.read_graphml(exported["graphml"])
    assert set(graph.nodes) == set(analysed.nodes)
    assert sorted(k for _, _, k in graph.edges(keys=True)) == sorted(k for _, _, k in analysed.edges(keys=True))
    assert all(u in graph and v in graph for u, v in graph.edges())


def test_graphml_attributes_are_typed_and_a_node_without_level_says_so(exported):
    graph = nx.read_graphml(exported["graphml"])
    mes = graph.nodes["https://w3id.org/ses-graph/id/apes"]
    assert isinstance(mes["mediator_score"], float) and isinstance(mes["coordinator"], int)
    assert mes["kind"] == "organisation" and mes["label_fr"]
    assert all(d["level"] for _, d in graph.nodes(data=True))
    assert any(d["level"] == network_export.NONE for _, d in graph.nodes(data=True))
    edge = next(d for _, _, d in graph.edges(data=True) if d["relation"] == "seat")
    assert {"relation", "role", "level", "date", "source", "quote", "fact", "strength", "Weight"} <= set(edge)
    assert edge["strength"] == "mandate" and edge["Weight"] == 1.0
    assert edge["source"].startswith("https://w3id.org/ses-graph/id/source-") and edge["quote"]
    dates = {d["date"] for _, _, d in graph.edges(data=True) if d["date"]}
    assert "2019-12-03/2019-12-04" in dates, "a participation in the 2019 seminar's workshops, dated by its event"
    assert {date[:4] for date in dates} >= {"2004", "2019", "2020", "2022"}, "the facts' dates, 2004-2022"


def test_brokerage_runs_on_the_export_and_agrees_with_the_mediator_analysis(exported):
    result = cli("brokerage", str(exported["graphml"]), "--group", "level")
    assert result.returncode == 0, result.stderr
    graph = nx.read_graphml(exported["graphml"])
    assert set(json.loads(result.stdout)) == set(graph.nodes)
    # the analysis counts roles on the undirected network without attendance ties, with its own groups
    # (the level, else the kind)
    strong = nx.Graph()
    strong.add_nodes_from(graph.nodes(data=True))
    strong.add_edges_from((u, v) for u, v, d in graph.edges(data=True) if d["strength"] != "attendance")
    roles = brokerage.brokerage(strong, "group")
    ranked = [n for n, d in graph.nodes(data=True) if "mediator_score" in d]
    assert ranked and all(roles[n]["total"] == graph.nodes[n]["brokerage_total"] for n in ranked)


def test_igraph_reads_the_graphml(exported):
    graph = ig.Graph.Read_GraphML(str(exported["graphml"]))
    expected = nx.read_graphml(exported["graphml"])
    assert (graph.vcount(), graph.ecount()) == (expected.number_of_nodes(), expected.number_of_edges())
    assert graph.is_directed() and {"kind", "level", "mediator_score", "liaison"} <= set(graph.vs.attributes())


def test_gexf_declares_typed_attributes_for_gephi(exported):
    root = ET.parse(exported["gexf"]).getroot()
    declared = {(a.get("title"), a.get("type")) for a in root.iter(GEXF + "attribute")}
    assert {("mediator_score", "double"), ("liaison", "long"), ("level", "string"), ("quote", "string")} <= declared
    graph = nx.read_gexf(exported["gexf"])
    assert graph.number_of_edges() == nx.read_graphml(exported["graphml"]).number_of_edges()


def test_csv_has_gephis_spreadsheet_columns(exported):
    with (exported["csv"] / "nodes.csv").open(encoding="utf-8") as f:
        nodes = list(csv.DictReader(f))
    with (exported["csv"] / "edges.csv").open(encoding="utf-8") as f:
        edges = list(csv.DictReader(f))
    assert list(nodes[0])[:2] == ["Id", "Label"] and list(edges[0])[:5] == ["Source", "Target", "Type", "Id", "Label"]
    ids = {n["Id"] for n in nodes}
    assert all(e["Source"] in ids and e["Target"] in ids and e["Type"] == "Directed" for e in edges)
    assert len(nodes) == nx.read_graphml(exported["graphml"]).number_of_nodes()


def test_the_same_store_gives_the_same_bytes(curated, exported, tmp_path, curated_store_path):
    for fmt, path in exported.items():
        again = tmp_path / path.name
        cli("export", "--format", fmt, "-o", str(again), "--store", str(curated_store_path))
        if fmt == "csv":
            assert all((again / n).read_bytes() == (path / n).read_bytes() for n in network_export.CSV_FILES)
        else:
            assert again.read_bytes() == path.read_bytes()
    files = network_export.files(curated, "csv")
    assert network_export.zipped(files) == network_export.zipped(files)
    assert sorted(zipfile.ZipFile(io.BytesIO(network_export.zipped(files))).namelist()) == ["edges.csv", "nodes.csv"]


def test_csv_needs_a_folder(curated_store_path):
    result = cli("export", "--format", "csv", "--store", str(curated_store_path))
    assert result.returncode == 2 and "-o" in result.stderr


R_SCRIPT = """
suppressMessages({library(igraph); library(sna)})
args <- commandArgs(trailingOnly = TRUE)
g <- read_graph(args[1], format = "graphml")
m <- as.matrix(as_adjacency_matrix(simplify(g, remove.multiple = TRUE, remove.loops = TRUE), sparse = FALSE))
b <- sna::brokerage(m, V(g)$level)$raw.nli
write.csv(data.frame(id = V(g)$id, total = b[, "t"], n = vcount(g), e = ecount(g)), args[2], row.names = FALSE)
"""


def test_r_igraph_reads_the_graphml_and_sna_gives_the_same_brokerage(exported, tmp_path):
    rscript = shutil.which("Rscript")
    check = "quit(status = !(requireNamespace('igraph', quietly = TRUE) && requireNamespace('sna', quietly = TRUE)))"
    probe = rscript and subprocess.run([rscript, "-e", check], capture_output=True, timeout=120)
    if not probe or probe.returncode != 0:
        reason = "Rscript with the igraph and sna packages not found (apt-get install r-cran-igraph r-cran-sna)"
        if os.environ.get("SES_GRAPH_REQUIRE_R"):
            pytest.fail(reason)
        pytest.skip(reason)
    (tmp_path / "run.R").write_text(R_SCRIPT)
    out = tmp_path / "roles.csv"
    proc = subprocess.run([rscript, "--vanilla", str(tmp_path / "run.R"), str(exported["graphml"]), str(out)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    with out.open() as f:
        rows = list(csv.DictReader(f))
    graph = nx.read_graphml(exported["graphml"])
    assert (int(rows[0]["n"]), int(rows[0]["e"])) == (graph.number_of_nodes(), graph.number_of_edges())
    ours = brokerage.brokerage(nx.DiGraph(graph), "level")
    assert {r["id"]: int(float(r["total"])) for r in rows} == {n: v["total"] for n, v in ours.items()}
