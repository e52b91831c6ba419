"""import essglobal: the SSE standard CSV of the DigitalCommons / RIPESS pipeline, imported beside the MES data.

``essglobal/sample.csv`` was written for these tests: four good rows (a workers' co-operative whose
address spans two lines, a federation with its own coordinates, one named like a curated network,
one with a curated organisation's web address) and seven bad ones. The real file (7,272 UK
co-operatives) is read from ``../shared/datasets`` when it is there (``SES_GRAPH_REQUIRE_DATASETS=1``,
set by ``.ci/run``, makes its absence a failure).
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pyoxigraph as ox
import pytest
from support import ROOT, SHARED, cli

from ses_graph import build, cartography, queries, stats, store
from ses_graph.cartography import page

SAMPLE = ROOT / "tests" / "essglobal" / "sample.csv"
DATASETS = SHARED / "datasets"
UK_FILE = DATASETS / "uk-workers-coops" / "2023-03-02_standard.csv"
SCHEMES = DATASETS / "essglobal" / "standard"
ID = "https://w3id.org/ses-graph/id/"
REJECTED = {  # line: (identifier or column named, what the message says)
    5: "Name", 6: "Primary Activity", 7: "Latitude", 8: "duplicate identifier (first on line 2)",
    11: "Identifier", 12: "between -90 and 90", 13: "Geo Container",
}


def needs_datasets(*paths: Path) -> None:
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        message = f"the reference datasets are missing: {', '.join(missing)}"
        if os.environ.get("SES_GRAPH_REQUIRE_DATASETS"):
            pytest.fail(message + " (SES_GRAPH_REQUIRE_DATASETS is set)")
        pytest.skip(message)


@pytest.fixture(scope="module")
def imported(tmp_path_factory, curated_store_path):
    """``import essglobal`` of the sample, against the curated store: (result, folder of the Turtle)."""
    folder = tmp_path_factory.mktemp("essglobal") / "sample"
    result = cli("import", "essglobal", str(SAMPLE), "-o", str(folder / "sample.ttl"), "--dataset", "sample",
                 "--store", str(curated_store_path))
    return result, folder


@pytest.fixture(scope="module")
def both(imported, tmp_path_factory):
    """A store built from the curated data and the imported sample, with ``build --data data --data DIR``."""
    path = tmp_path_factory.mktemp("both") / "store"
    result = cli("build", "--data", str(ROOT / "data"), "--data", str(imported[1]), "--store", str(path))
    assert result.returncode == 0, result.stderr
    return store.open_store(path)


def test_bad_rows_are_reported_with_their_line_and_a_summary(imported):
    result, folder = imported
    assert result.returncode == 1  # rows were rejected: the data is wrong, the good rows are still written
    lines = [line for line in result.stderr.splitlines() if "row rejected" in line]
    assert len(lines) == len(REJECTED)
    for line, what in REJECTED.items():
        assert any(f"sample.csv:{line}:" in text and what in text for text in lines), (line, result.stderr)
    assert "11 rows read, 4 written" in result.stderr and "7 rejected" in result.stderr
    assert (folder / "sample.ttl").is_file()


def test_each_row_is_an_sse_initiative_of_the_matching_class_derived_from_the_file(imported):
    graph = ox.Store()
    graph.load(path=str(imported[1] / "sample.ttl"), format=ox.RdfFormat.TURTLE)
    rows = {r["org"].value.rsplit("/", 1)[-1]: r for r in graph.query("""
        PREFIX essglobal: <http://purl.org/essglobal/vocab/>
        PREFIX ses: <https://w3id.org/ses-graph/ontology#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX schema: <http://schema.org/>
        SELECT ?org ?class ?id ?source ?lat ?lon ?address WHERE {
          ?org a essglobal:SSEInitiative , ?class ; dcterms:identifier ?id ; prov:wasDerivedFrom ?source .
          FILTER(?class != essglobal:SSEInitiative)
          OPTIONAL { ?org schema:latitude ?lat ; schema:longitude ?lon }
          OPTIONAL { ?org schema:address ?address }
        }""")}
    assert sorted(rows) == ["T001", "T002", "T006", "T007"]
    assert rows["T001"]["class"].value.endswith("#Enterprise")  # OS60, a workers' co-operative
    assert rows["T002"]["class"].value.endswith("#Network")     # OS190, a federation
    assert rows["T006"]["class"].value.endswith("#Organisation")  # OS20: no closer class
    assert {r["source"].value for r in rows.values()} == {ID + "source-sample"}
    assert rows["T001"]["id"].value == "T001"
    assert (rows["T001"]["lat"].value, rows["T001"]["lon"].value) == ("53.79", "-1.54")  # the postcode's
    assert (rows["T002"]["lat"].value, rows["T002"]["lon"].value) == ("54.97", "-1.61")  # its own
    assert rows["T001"]["address"].value == "Unit 4, Mill Lane, Leeds, West Yorkshire, LS1 1AA"
    record = {(q.predicate.value.rsplit("/", 1)[-1]): q.object
              for q in graph.quads_for_pattern(ox.NamedNode(ID + "source-sample"), None, None)}
    assert record["identifier"].value == "sample.csv" and record["license"].value.startswith("https://opendatacommons")
    assert record["publisher"].value and record["title"].value and record["language"].value == "en"
    activities = list(graph.query("""PREFIX essglobal: <http://purl.org/essglobal/vocab/>
        SELECT ?a WHERE { <https://w3id.org/ses-graph/id/sample/T001> essglobal:additionalSectors ?a }"""))
    assert len(activities) == 2


def test_entity_resolution_proposes_candidates_without_merging(imported):
    with (imported[1] / "sample.candidates.csv").open(encoding="utf-8") as f:
        found = {(r["identifier"], r["match"], r["candidate"]) for r in csv.DictReader(f)}
    assert ("T006", "name", ID + "miramap") in found or ("T006", "alias", ID + "miramap") in found
    assert ("T007", "website", ID + "decidim") in found
    assert {identifier for identifier, _, _ in found} == {"T006", "T007"}
    assert "candidate(s)" in imported[0].stderr


def test_import_is_byte_identical_from_run_to_run(imported, tmp_path, curated_store_path):
    again = tmp_path / "again.ttl"
    cli("import", "essglobal", str(SAMPLE), "-o", str(again), "--dataset", "sample", "--store", str(curated_store_path))
    assert again.read_bytes() == (imported[1] / "sample.ttl").read_bytes()


def test_imported_organisations_are_found_counted_and_sourced_in_the_build(both, curated):
    rows = list(queries.run(both, queries.get("entity-search"), {"q": "bread and roses"}))
    assert [r["entity"].value for r in rows] == [ID + "sample/T001"]
    figures = stats.stats(both)
    assert figures["entities_by_source"]["sample.csv"] == 4
    assert figures["quality"]["entities_without_label"] == 0
    curated_figures = stats.stats(curated)
    assert figures["facts_by_source"] == {**curated_figures["facts_by_source"], "sample.csv": 0}  # all the MES data
    assert figures["entities_by_source"] == {**curated_figures["entities_by_source"], "sample.csv": 4}


def test_a_file_without_the_name_column_is_refused_where_it_says(tmp_path, curated_store_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("Identifier,Title\nX1,Something\n", encoding="utf-8")
    result = cli("import", "essglobal", str(bad), "-o", str(tmp_path / "out.ttl"), "--store", str(curated_store_path))
    assert result.returncode == 1 and "bad.csv:1:1" in result.stderr and "Name" in result.stderr
    assert not (tmp_path / "out.ttl").exists()
    missing = cli("import", "essglobal", str(tmp_path / "none.csv"), "-o", str(tmp_path / "out.ttl"))
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_concept_labels_come_from_the_essglobal_schemes(tmp_path, curated_store_path):
    needs_datasets(SCHEMES)
    out = tmp_path / "sample.ttl"
    cli("import", "essglobal", str(SAMPLE), "-o", str(out), "--dataset", "sample", "--schemes", str(SCHEMES),
        "--store", str(curated_store_path))
    graph = ox.Store()
    graph.load(path=str(out), format=ox.RdfFormat.TURTLE)
    concept = ox.NamedNode("https://dev.lod.coop/essglobal/2.1/standard/organisational-structure/OS60")
    labels = {q.object for q in graph.quads_for_pattern(concept, None, None) if isinstance(q.object, ox.Literal)}
    assert ox.Literal("Workers co-operative", language="en") in labels
    match = ox.NamedNode("http://purl.org/essglobal/standard/organisational-structure/OS60")
    assert any(q.object == match for q in graph.quads_for_pattern(concept, None, None))


def test_the_uk_cooperatives_import_and_build_beside_the_mes_data(tmp_path, curated_store_path):
    needs_datasets(UK_FILE, SCHEMES)
    out = tmp_path / "uk" / "uk.ttl"
    result = cli("import", "essglobal", str(UK_FILE), "-o", str(out), "--schemes", str(SCHEMES),
                 "--store", str(curated_store_path))
    assert result.returncode == 0, result.stderr[-2000:]
    assert "7272 rows read, 7272 written" in result.stderr and "0 rejected" in result.stderr
    report = build.build(tmp_path / "store", extra=[out.parent])
    built = store.open_store(report.store)
    figures = stats.stats(built)
    assert figures["entities_by_source"]["2023-03-02_standard.csv"] == 7272
    assert figures["classes"]["ses:Enterprise"] > 6000
    rows = list(queries.run(built, queries.get("entity-search"), {"q": "Midcounties Co-operative"}))
    assert ID + "uk-workers-coops/R000004" in {r["entity"].value for r in rows}
    nodes, edges, concepts = cartography.map_data(built)
    on_map = {n["id"] for n in nodes if n["id"].startswith(ID + "uk-workers-coops/")}
    assert len(on_map) == 7272, "every imported co-operative is on the map"
    drawn, _ = page.payload(page.vis_items(nodes, edges, {n["id"]: (0, 0) for n in nodes}, page.sizes(nodes, edges)),
                            concepts)
    number = drawn["sources"].index(ID + "source-uk-workers-coops") + 1
    assert all(n.get("src") == [number] for n in drawn["nodes"] if n["id"] in on_map), "each names its dataset"
    assert number not in {s for e in drawn["edges"] for s in e.get("src", ())}, "no fact of the MES data comes from it"
