"""build: parse, validate, load atomically; bad input never destroys the last good store."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from support import ROOT, TURTLE_PREFIXES, cli

from ses_graph import build, search_index, store, terms
from ses_graph.errors import DataError
from ses_graph.resources import project_dir

GOOD_FACT = TURTLE_PREFIXES  # six lines: the first subject of a test file is on line 7


@pytest.fixture()
def data_copy(tmp_path) -> Path:
    """A copy of the real data folder that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(project_dir("data"), target)
    return target


@pytest.fixture()
def good_store(tmp_path, data_copy) -> Path:
    path = tmp_path / "store"
    result = cli("build", "--data", str(data_copy), "--store", str(path), "--no-mediators")
    assert result.returncode == 0, result.stderr
    return path


def triples(path: Path) -> int:
    result = cli("stats", "--store", str(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["triples"]


def assert_still_answers(path: Path, expected: int) -> None:
    assert triples(path) == expected
    generation = store.current_generation(path)
    assert generation is not None and generation.name == "gen-1"


BROKEN = {
    "bad_turtle": (
        "broken.ttl",
        GOOD_FACT + 'id:x a ses:Person ;\n    rdfs:label "X" ,, .\n',
        ["broken.ttl:8:21", "is not a valid RDF object"],
    ),
    "unknown_class": (
        "unknown.ttl",
        GOOD_FACT + 'id:x a ses:Persn ;\n    rdfs:label "X" ;\n    prov:wasDerivedFrom id:source-003 .\n',
        ["unknown.ttl:7:17: ", "ses:Persn", "class that the ontology does not declare"],
    ),
    "dangling_reference": (
        "dangling.ttl",
        GOOD_FACT + "id:m a ses:Membership ;\n    org:member id:nobody-at-all ;\n"
        '    org:organization id:source-003 ;\n    prov:wasDerivedFrom id:source-003 ;\n    ses:quote "q"@fr .\n',
        ["dangling.ttl:8:32: ", "id:nobody-at-all", "defined nowhere"],
    ),
    "fact_without_source": (
        "unsourced.ttl",
        GOOD_FACT + 'id:p a ses:Person ;\n    rdfs:label "P" ;\n    prov:wasDerivedFrom id:source-003 .\n'
        "id:f a ses:Participation ;\n    ses:participant id:p ;\n    ses:event id:p ;\n"
        "    org:role <https://w3id.org/ses-graph/id/role/participant> .\n",
        ["unsourced.ttl:10:25: ", "exactly one source document", "verbatim quote"],
    ),
    "unknown_property": (
        "property.ttl",
        GOOD_FACT
        + 'id:p a ses:Person ;\n    rdfs:label "P" ;\n    ses:nickname "Pi" ;\n'
        "    prov:wasDerivedFrom id:source-003 .\n",
        ["property.ttl:9:23: ", "ses:nickname", "property that the ontology does not declare"],
    ),
    "invalid_iri": (
        "iri.ttl",
        GOOD_FACT + 'id:p a ses:Person ;\n    rdfs:label "P" ;\n    rdfs:seeAlso <http://example.org/a b> ;\n'
        "    prov:wasDerivedFrom id:source-003 .\n",
        ["iri.ttl:9:41: ", "<http://example.org/a b> is not a valid IRI"],
    ),
    "missing_label": (
        "nolabel.ttl",
        GOOD_FACT + "id:p a ses:Person ;\n    prov:wasDerivedFrom id:source-003 .\n",
        ["nolabel.ttl:7:18: ", "every entity needs a label"],
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_bad_input_is_reported_and_keeps_the_last_good_store(case, good_store, data_copy):
    before = triples(good_store)
    name, text, expected = BROKEN[case]
    (data_copy / name).write_text(text, encoding="utf-8")
    result = cli("build", "--data", str(data_copy), "--store", str(good_store))
    assert result.returncode == 1, result.stderr
    for fragment in expected:
        assert fragment in result.stderr, (fragment, result.stderr)
    assert "Traceback" not in result.stderr
    assert_still_answers(good_store, before)
    assert [p.name for p in good_store.glob("gen-*")] == ["gen-1"]
    validated = cli("validate", str(data_copy))
    assert validated.returncode == 1 and expected[0] in validated.stderr


def test_all_problems_are_reported_not_only_the_first(data_copy, tmp_path):
    for case in ("unknown_class", "missing_label", "bad_turtle"):
        name, text, _ = BROKEN[case]
        (data_copy / name).write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        build.check([data_copy])
    assert len(caught.value.problems) == 1  # the syntax error stops before validation...
    (data_copy / "broken.ttl").unlink()
    with pytest.raises(DataError) as caught:
        build.check([data_copy])
    messages = str(caught.value)
    assert "ses:Persn" in messages and "every entity needs a label" in messages  # ...then all the others at once


def test_a_second_build_replaces_the_store_atomically(good_store, data_copy):
    before = triples(good_store)
    (data_copy / "extra.ttl").write_text(GOOD_FACT + "id:extra-person a ses:Person ;\n    rdfs:label \"Extra\" ;\n"
                                         "    prov:wasDerivedFrom id:source-003 .\n", encoding="utf-8")
    result = cli("build", "--data", str(data_copy), "--store", str(good_store), "--no-mediators")
    assert result.returncode == 0, result.stderr
    indexed = search_index.search_keys([(ox.NamedNode(terms.ID + "extra-person"), ox.Literal("Extra"))])
    assert triples(good_store) == before + 3 + len(set(indexed))  # type, label, source; the search graph's (new word)
    assert store.current_generation(good_store).name == "gen-2"
    assert sorted(p.name for p in good_store.glob("gen-*")) == ["gen-1", "gen-2"]


def test_store_kept_open_by_a_reader_survives_a_failed_build(good_store, data_copy):
    reader = store.open_store(good_store)
    count = len(reader)
    name, text, _ = BROKEN["bad_turtle"]
    (data_copy / name).write_text(text, encoding="utf-8")
    assert cli("build", "--data", str(data_copy), "--store", str(good_store)).returncode == 1
    assert len(reader) == count
    assert reader.query("ASK { ?s a <https://w3id.org/ses-graph/ontology#SourceDocument> }")


def test_query_builds_the_default_store_when_none_exists(tmp_path):
    env = {"SES_GRAPH_STORE": str(tmp_path / "store"), "PATH": "/usr/bin:/bin"}
    result = cli("query", "entity-search", "--param", "q=source", "--format", "json", env=env)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "store" / "current").is_symlink()


def test_wheel_bundles_the_ontology_data_and_queries(tmp_path):
    import subprocess
    import sys
    import zipfile
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True)
    wheel = next(tmp_path.glob("ses_graph-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for expected in ("ses_graph/_project/ontology/ses.ttl", "ses_graph/_project/data/sources.ttl",
                     "ses_graph/_project/queries/network-members.rq", "ses_graph/sparql/entity.rq",
                     "ses_graph/_project/ontology/shapes.ttl"):
        assert expected in names


def test_two_builds_of_the_same_files_give_byte_identical_dumps(tmp_path):
    dumps = []
    for n in (1, 2):
        build.build(tmp_path / f"store-{n}")
        result = cli("export", "--format", "nquads", "--store", str(tmp_path / f"store-{n}"), "-o",
                     str(tmp_path / f"dump-{n}.nq"))
        assert result.returncode == 0, result.stderr
        dumps.append((tmp_path / f"dump-{n}.nq").read_bytes())
    assert dumps[0] == dumps[1]
    # what a parser (and the bulk loader) would name at random: the blank nodes of the shapes graph
    assert b" _:" in dumps[0] and b"<https://w3id.org/ses-graph/graph/shapes>" in dumps[0]


def test_the_same_files_give_the_same_store_wherever_their_folders_are(tmp_path):
    """The files are read in the order the inputs are given, not in that of their paths: the data folder copied
    where its path sorts before the ontology's, then after it, gives byte-identical dumps (the blank nodes are named
    by the order of the files; the search graph depends on the set of labels alone: tests/test_search_index.py)."""
    ontology = tmp_path / "m-ontology"
    shutil.copytree(project_dir("ontology"), ontology)
    dumps = []
    for name in ("a-data", "z-data"):
        shutil.copytree(project_dir("data"), tmp_path / name)
        build.build(tmp_path / f"store-{name}", data_dir=tmp_path / name, ontology_dir=ontology)
        out = tmp_path / f"{name}.nq"
        result = cli("export", "--format", "nquads", "--store", str(tmp_path / f"store-{name}"), "-o", str(out))
        assert result.returncode == 0, result.stderr
        dumps.append(out.read_bytes())
    assert dumps[0] == dumps[1]
