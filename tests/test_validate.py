"""validate: the SHACL shapes compiled to SPARQL agree with pySHACL, the reference implementation."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from pyshacl import validate as pyshacl_validate
from support import TURTLE_PREFIXES

from ses_graph import build, terms, validate
from ses_graph.errors import DataError
from ses_graph.ontology import compact
from ses_graph.resources import project_dir

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")

BROKEN = (
    TURTLE_PREFIXES
    + """@prefix schema: <http://schema.org/> .
@prefix level: <https://w3id.org/ses-graph/id/level/> .
id:t-person a ses:Person ; rdfs:label "P" ; prov:wasDerivedFrom id:source-003 .
id:t-instance a ses:Instance ; rdfs:label "I" ; prov:wasDerivedFrom id:source-003 ;
    ses:level level:regional, level:national .
id:t-no-source a ses:Seat ; org:member id:t-person ; org:organization id:t-instance ; ses:quote "q"@fr .
id:t-two-sources a ses:Membership ; org:member id:t-person ; org:organization id:t-instance ;
    prov:wasDerivedFrom id:source-003, id:source-001 ; ses:quote "q"@fr .
id:t-seat-not-instance a ses:Seat ; org:member id:t-person ; org:organization id:source-003 ;
    prov:wasDerivedFrom id:source-003 ; ses:quote "q"@fr .
id:t-bad-date a ses:Event ; rdfs:label "E" ; prov:wasDerivedFrom id:source-003 ; schema:startDate "3 décembre" .
id:t-bad-level a ses:Action ; ses:actor id:t-person ; ses:level id:t-person ; ses:actionType id:t-person ;
    prov:wasDerivedFrom id:source-003 ; ses:quote "q"@fr .
"""
)


def shacl_focus_nodes_ours(files: list[Path]) -> set[tuple[str, str]]:
    survey, problems = build.survey_files(files)
    assert problems == []
    constraints, unsupported = validate.compile_shapes(survey.shapes)
    assert unsupported == []
    return {(v.focus, v.term.split()[1]) for v in validate.run_constraints(validate.Graph(survey), constraints)}


def shacl_focus_nodes_reference(files: list[Path]) -> set[tuple[str, str]]:
    data = rdflib.Graph()
    for f in files:
        if f.name != "shapes.ttl":
            data.parse(f)
    shapes = rdflib.Graph().parse(project_dir("ontology") / "shapes.ttl")
    conforms, report, _ = pyshacl_validate(data, shacl_graph=shapes, inference="none", advanced=False)
    found = set()
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        focus = str(report.value(result, SH.focusNode))
        path = report.value(result, SH.resultPath)
        found.add((focus, compact(str(path))))
    return found


def load(files: list[Path]) -> ox.Store:
    store = ox.Store()
    for f in files:
        store.load(
            path=str(f), format=ox.RdfFormat.TURTLE, to_graph=terms.SHAPES_GRAPH if f.name == "shapes.ttl" else None
        )
    return store


@pytest.mark.parametrize("broken", [False, True], ids=["curated", "broken"])
def test_shapes_agree_with_pyshacl(broken, tmp_path):
    files = build.collect_files(build.default_inputs())
    if broken:
        (tmp_path / "broken.ttl").write_text(BROKEN, encoding="utf-8")
        files.append(tmp_path / "broken.ttl")
    ours = shacl_focus_nodes_ours(files)
    reference = shacl_focus_nodes_reference(files)
    assert ours == reference
    if broken:
        expected = {("https://w3id.org/ses-graph/id/t-no-source", "prov:wasDerivedFrom"),
                    ("https://w3id.org/ses-graph/id/t-two-sources", "prov:wasDerivedFrom"),
                    ("https://w3id.org/ses-graph/id/t-seat-not-instance", "org:organization"),
                    ("https://w3id.org/ses-graph/id/t-bad-date", "schema:startDate"),
                    ("https://w3id.org/ses-graph/id/t-instance", "ses:level"),
                    ("https://w3id.org/ses-graph/id/t-bad-level", "ses:level"),
                    ("https://w3id.org/ses-graph/id/t-bad-level", "dcterms:description")}
        assert expected <= ours
    else:
        assert ours == set()


def test_unsupported_shacl_feature_is_refused():
    store = ox.Store()
    store.load(b"""@prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:s> a sh:NodeShape ; sh:targetClass <urn:C> ; sh:closed true ;
            sh:property [ sh:path <urn:p> ; sh:qualifiedMinCount 1 ] .""",
               format=ox.RdfFormat.TURTLE, to_graph=terms.SHAPES_GRAPH)
    _, unsupported = validate.compile_shapes(store)
    assert {v.term for v in unsupported} == {"sh:closed", "sh:qualifiedMinCount"}


def test_every_class_of_the_ontology_has_a_shape():
    store = load(build.collect_files([project_dir("ontology")]))
    classes = {r["c"].value for r in store.query(
        "SELECT ?c ?ns WHERE { ?c a <http://www.w3.org/2002/07/owl#Class> FILTER(STRSTARTS(STR(?c), ?ns)) }",
        substitutions={ox.Variable("ns"): ox.Literal(terms.SES)})}
    targeted = {r["target"].value for r in store.query(
        "PREFIX sh: <http://www.w3.org/ns/shacl#> SELECT ?target WHERE { ?s sh:targetClass ?target }",
        default_graph=terms.SHAPES_GRAPH)}
    assert len(classes) >= 20 and classes <= targeted, classes - targeted


def located(files: list[Path], *triples: tuple) -> list[tuple[str, int, int]]:
    return validate.locate.places([(f, ox.RdfFormat.TURTLE) for f in files], list(triples))


def test_locator_points_at_the_line_and_column_the_parser_read_the_triple_at(tmp_path):
    """The column is that of the last character the parser read when it gave the triple: just after its object (the
    space that ends a name; the ',' or '.' a literal's lookahead reaches), in characters, not bytes."""
    f = tmp_path / "x.ttl"
    f.write_text(
        "@prefix id: <https://w3id.org/ses-graph/id/> .\n# id:thing a id:y .\nid:other a id:y ; id:p id:thing ;\n"
        '    id:q """id:thing id:p\nid:y""" .\nid:thing a id:z .\nid:été id:p "été" , id:x .\n', encoding="utf-8"
    )
    thing, y, other, ete = (ox.NamedNode(terms.ID + name) for name in ("thing", "y", "other", "été"))
    p, q, x = (ox.NamedNode(terms.ID + name) for name in ("p", "q", "x"))
    # the comment and the string hold the names too: the parser is not misled by them
    assert located([f], (thing, None, None), (y, None, None)) == [(str(f), 6, 16), (str(f), 3, 16)]
    assert located([f], (other, p, thing), (other, q, None), (other, p, y)) == [
        (str(f), 3, 32), (str(f), 5, 9), (str(f), 3, 32)]
    assert located([f], (ete, p, x), (ete, p, None)) == [(str(f), 7, 25), (str(f), 7, 19)]
    assert located([f], (ox.NamedNode(terms.ID + "nobody"), None, None)) == [("", 0, 0)]


def test_a_triple_is_reported_at_its_own_line_not_at_its_subjects_first_statement(tmp_path):
    """An entity described in one file and given an undeclared property in another: the problem is in the second."""
    (tmp_path / "a.ttl").write_text(TURTLE_PREFIXES + """id:t-person a ses:Person ; rdfs:label "P" ;
    prov:wasDerivedFrom id:source-003 .
""", encoding="utf-8")
    (tmp_path / "b.ttl").write_text(TURTLE_PREFIXES + """
id:t-person rdfs:label "P" ;
    ses:nickname "Pi" .
""", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        build.check([project_dir("data"), tmp_path])
    assert [(Path(p.file).name, p.line, p.column, p.term, p.value) for p in caught.value.problems] == [
        ("b.ttl", 9, 23, "unknown-property", "ses:nickname")]
    assert str(caught.value.problems[0]).startswith(f"{tmp_path / 'b.ttl'}:9:23: id:t-person uses a property")


def test_every_subject_of_the_default_graph_is_checked_whatever_its_namespace(tmp_path):
    """A triple about an untyped subject outside the graph's namespace (an unsourced claim that a person is a
    member) is refused with its line, and so are an undeclared class and an undeclared property on outside subjects."""
    (tmp_path / "outside.ttl").write_text(TURTLE_PREFIXES + """<http://example.org/claim> org:member id:josette-combes .
<http://example.org/thing> a <http://example.org/Class> ;
    <http://example.org/p> "v" .
_:someone org:member id:josette-combes .
""", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        build.check([project_dir("data"), tmp_path])
    found = {(p.line, p.term, p.value, p.message) for p in caught.value.problems}
    assert found == {
        (7, "untyped-entity", "", "<http://example.org/claim> is described but has no rdf:type"),
        (8, "unknown-class", "<http://example.org/Class>",
         "<http://example.org/thing> typed with a class that the ontology does not declare"),
        (9, "unknown-property", "<http://example.org/p>",
         "<http://example.org/thing> uses a property that the ontology does not declare"),
        (10, "untyped-entity", "", "_:someone is described but has no rdf:type"),
    }
    assert {Path(p.file).name for p in caught.value.problems} == {"outside.ttl"}


def test_the_terms_of_the_ontology_may_use_the_language_of_owl_and_nothing_else_may(tmp_path):
    (tmp_path / "terms.ttl").write_text(TURTLE_PREFIXES + """@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
ses:Extra a owl:Class ; rdfs:subClassOf ses:Organisation ; rdfs:label "Extra"@en, "Extra"@fr ;
    skos:definition "An extra class."@en, "Une classe de plus."@fr .
id:josette-combes rdfs:subClassOf ses:Person .
""", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        build.check([project_dir("data"), tmp_path])
    assert [(p.line, p.term, p.value) for p in caught.value.problems] == [(11, "unknown-property", "rdfs:subClassOf")]


def test_checks_and_messages_name_what_is_wrong(tmp_path):
    (tmp_path / "extra.ttl").write_text(TURTLE_PREFIXES + """@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
ses:NewClass a owl:Class ; rdfs:label "New"@en, "Nouveau"@fr-FR ; skos:definition "A new class."@en .
id:untyped rdfs:label "U" .
id:stated-twice a ses:Seat ; org:member id:untyped ; org:organization id:source-003 ;
    prov:wasDerivedFrom id:source-003, id:source-003 ; ses:quote "q"@fr .
""", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        build.check([project_dir("data"), tmp_path])
    found = {(p.term, p.value, p.message.split(" ", 1)[1]) for p in caught.value.problems}
    assert found == {
        ("term-without-bilingual-label", "skos:definition@fr",
         "ontology term or concept lacks a label or a definition in French or in English"),
        ("untyped-entity", "", "is described but has no rdf:type"),
        ("dangling-reference", "id:untyped", "refers to an entity that is defined nowhere (no rdf:type)"),
        ("ses:Seat org:member sh:or", "id:untyped",
         "value breaks sh:or (sh:class ses:Organisation | sh:class ses:Person)"),
        ("ses:Seat org:organization sh:class", "id:source-003", "value breaks sh:class ses:Instance"),
    }  # the source stated twice is one value: no sh:maxCount 1 violation
