"""queries: the named-query mechanism (headers, parameters bound in VALUES slots, errors)."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from support import cli

from ses_graph import queries
from ses_graph.errors import ParameterError, QueryError, UnknownQuery

REQUIRED = {
    "network-members": {"member", "memberName", "role", "source"},
    "instance-seats": {"instance", "instanceName", "level", "member", "memberName", "role", "source"},
    "shared-instances": {"instance", "instanceName", "memberCount"},
    "workshop-participants": {"person", "name", "organisation", "organisationName", "role"},
    "actions-by-level": {"action", "description", "level", "actor", "actorName", "target", "targetName", "source"},
    "entity-search": {"entity", "label", "type"},
    "member-profile": {"property", "value", "valueLabel", "source"},
    "timeline": {"date", "label", "source"},
}


def projected(query: queries.NamedQuery) -> set[str]:
    result = queries.execute(ox.Store(), query.text)
    return {v.value for v in result.variables}


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_required_queries_exist_with_their_variables(name):
    query = queries.get(name)
    assert REQUIRED[name] <= projected(query)
    assert query.title.get("fr") and query.title.get("en")
    assert query.description.get("fr") and query.description.get("en")
    for parameter in query.parameters:
        assert parameter.name in projected(query), "a parameter variable is projected: each row shows its value"
        assert parameter.name in query.template.variables
        assert parameter.description.get("fr") and parameter.description.get("en")


def test_every_query_file_parses_and_documents_itself():
    for name, query in queries.catalogue().items():
        assert projected(query) is not None, name
        assert query.title.get("fr") and query.title.get("en"), name


def test_unknown_query_and_bad_parameters_are_refused():
    with pytest.raises(UnknownQuery):
        queries.get("no-such-query")
    with pytest.raises(UnknownQuery):
        queries.get("../pyproject")
    store = ox.Store()
    with pytest.raises(ParameterError, match="needs the parameter 'axis'"):
        queries.bind(store, queries.get("workshop-participants"), {})
    with pytest.raises(ParameterError, match="must be an integer"):
        queries.bind(store, queries.get("workshop-participants"), {"axis": "four"})
    with pytest.raises(ParameterError, match="between 1 and 4"):
        queries.bind(store, queries.get("workshop-participants"), {"axis": "5"})
    with pytest.raises(ParameterError, match="has no parameter colour"):
        queries.bind(store, queries.get("timeline"), {"colour": "red"})
    with pytest.raises(ParameterError, match="no entity is named"):
        queries.bind(store, queries.get("network-members"), {"network": "Nobody"})


def test_a_value_is_bound_never_pasted_into_the_query():
    store = ox.Store()
    store.add(
        ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("https://w3id.org/ses-graph/ontology#searchKey"), ox.Literal("x"))
    )
    hostile = '" } } DELETE WHERE { ?s ?p ?o } #'
    result = list(queries.run(store, queries.get("entity-search"), {"q": hostile}))
    assert result == [] and len(store) == 1


def test_malformed_query_file_reports_the_position(tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT * WHERE { ?s ?p }\n")
    with pytest.raises(QueryError, match=r"bad.rq: error at 2:1"):
        queries.run(ox.Store(), queries.load_file(bad))
    result = cli("query", str(bad), "--store", str(tmp_path / "store"))
    assert result.returncode == 1 and "bad.rq" in result.stderr and "Traceback" not in result.stderr


def test_cli_lists_the_queries_as_json():
    result = cli("queries", "--format", "json")
    assert result.returncode == 0, result.stderr
    listed = {q["name"]: q for q in json.loads(result.stdout)}
    assert set(REQUIRED) <= set(listed)
    assert listed["workshop-participants"]["parameters"][0]["name"] == "axis"


def test_cli_usage_errors_exit_2(tmp_path):
    assert cli("query", "no-such-query", "--store", str(tmp_path)).returncode == 2
    assert cli("query", "timeline", "--param", "nokeyvalue").returncode == 2
    assert cli("frobnicate").returncode == 2


def test_a_graph_query_prints_as_turtle_with_the_prefixes_it_uses(tmp_path, curated_store_path):
    construct = tmp_path / "pesad.rq"
    construct.write_text(
        "CONSTRUCT { ?s ?p ?o } WHERE { BIND(<https://w3id.org/ses-graph/id/pesad-21> AS ?s) ?s ?p ?o }\n"
    )
    result = cli("query", str(construct), "--store", str(curated_store_path), "--format", "table")
    assert result.returncode == 0, result.stderr
    assert "@prefix id: <https://w3id.org/ses-graph/id/> ." in result.stdout
    assert "id:pesad-21 a ses:MemberOrganisation" in result.stdout
    assert "@prefix essglobal:" not in result.stdout  # declared by the ontology, unused here


def test_a_query_file_may_use_the_projects_prefixes_without_declaring_them(tmp_path, curated_store_path):
    query = tmp_path / "undeclared.rq"
    query.write_text("SELECT ?name WHERE { id:miramap rdfs:label ?name }\n")
    result = cli("query", str(query), "--store", str(curated_store_path), "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert "MIRAMAP" in result.stdout
    query.write_text("SELECT ?name WHERE {\n  id:miramap sez:label ?name }\n")
    result = cli("query", str(query), "--store", str(curated_store_path))
    assert result.returncode == 1 and "undeclared.rq: error at 2:14: unknown prefix 'sez'" in result.stderr
