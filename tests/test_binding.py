"""binding: parameters written into VALUES slots, as standard SPARQL (the same text for every engine)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from ses_graph import binding, queries
from ses_graph.errors import ParameterError, QueryError
from ses_graph.sparql_tokens import query_form, query_limit, select_pages

ID = "https://w3id.org/ses-graph/id/"


def test_a_slot_is_filled_with_the_term_or_removed():
    cut = binding.template("SELECT ?x WHERE {\n  VALUES ?x { UNDEF }\n  ?x a ?t }")
    assert cut.slots == (("x",),)
    assert cut.text({"x": ox.NamedNode("urn:a")}) == "SELECT ?x WHERE {\n  VALUES ?x { <urn:a> }\n  ?x a ?t }"
    assert cut.text() == "SELECT ?x WHERE {\n  \n  ?x a ?t }"
    with pytest.raises(KeyError, match="no VALUES slot for y"):
        cut.text({"y": ox.Literal("1")})


def test_slots_in_comments_strings_and_iris_do_not_count():
    text = ('# VALUES ?a { UNDEF }\nSELECT * WHERE { BIND("VALUES ?b { UNDEF }" AS ?s) '
            'BIND(<urn:VALUES> AS ?i) values ?c {undef} }')
    assert binding.template(text).slots == (("c",),)


def test_only_blocks_of_undef_alone_are_slots():
    text = ("SELECT * WHERE { VALUES ?a { <urn:a> } VALUES ?b { UNDEF <urn:b> } VALUES (?c ?d) { (UNDEF) (1 2) } "
            "VALUES (?e) {(UNDEF)} VALUES (?f ?g) {\n (UNDEF UNDEF)\n} VALUES ?h {undef} VALUES ?i { UNDEF")
    assert binding.template(text).slots == (("e",), ("f", "g"), ("h",))


@pytest.mark.parametrize(("text", "form"), [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
    ('PREFIX select: <urn:s#>\nBASE <urn:b>\n# ASK in a comment\nconstruct { ?s select:p "ASK" } WHERE {}',
     "CONSTRUCT"),
    ("prefix : <urn:x#> DESCRIBE :a", "DESCRIBE"),
    ("PREFIX ask: <urn:a#>\nask { ?s ask:p ?o }", "ASK"),
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", None),
    ("# SELECT\n", None),
])
def test_the_form_of_a_query_is_read_on_its_tokens(text, form):
    assert query_form(text) == form


@pytest.mark.parametrize(("text", "limit"), [
    ("SELECT * WHERE { ?s ?p ?o } limit 10", 10),
    ("SELECT * WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 5 OFFSET 20", 5),
    ("SELECT * WHERE { ?s ?p ?o } OFFSET 20 LIMIT 7 VALUES ?s { <urn:a> }", 7),
    ("SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 3 } }", None),  # a sub-query's own
    ('SELECT * WHERE { ?s ?p "x" } # LIMIT 1', None),
    ('SELECT ("LIMIT 2" AS ?x) WHERE { }', None),
    ("PREFIX limit: <urn:l#> SELECT * WHERE { ?s limit:x ?o }", None),
    ("SELECT * WHERE { ?s ?p ?o } LIMIT ?n", None),  # not SPARQL: the engine says why
])
def test_the_limit_of_a_query_is_its_own_read_on_its_tokens(text, limit):
    assert query_limit(text) == limit


def test_a_variable_bound_in_each_branch_gets_its_value_in_each():
    cut = binding.template("SELECT * WHERE { { VALUES ?e { UNDEF } ?e ?p ?o } UNION { VALUES ?e { UNDEF } ?s ?p ?e } }")
    assert cut.text({"e": ox.NamedNode("urn:e")}).count("VALUES ?e { <urn:e> }") == 2


def test_a_slot_of_several_variables_takes_the_rows_of_a_table():
    cut = binding.template("SELECT * WHERE { VALUES (?a ?b) { (UNDEF UNDEF) } ?a ?p ?b }")
    assert cut.slots == (("a", "b"),)
    table = binding.Table(("b", "c", "a"), ((ox.Literal("1"), ox.Literal("x"), ox.NamedNode("urn:a")),
                                            (ox.Literal("1"), ox.Literal("y"), ox.NamedNode("urn:a")),
                                            (None, ox.Literal("z"), ox.NamedNode("urn:b"))))
    assert cut.text({"a": table}) == 'SELECT * WHERE { VALUES (?a ?b) { (<urn:a> "1") (<urn:b> UNDEF) } ?a ?p ?b }'
    assert cut.text() == "SELECT * WHERE {  ?a ?p ?b }"


def test_a_hostile_literal_stays_one_term():
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("x")))
    cut = binding.template("SELECT ?v WHERE { VALUES ?v { UNDEF } ?s ?p ?o }")
    hostile = ox.Literal('x" } } ; DROP ALL ; SELECT * { #\n\\')
    rows = list(store.query(cut.text({"v": hostile})))
    assert [row["v"] for row in rows] == [hostile] and len(store) == 1


def test_a_malformed_iri_is_a_parameter_error(curated):
    with pytest.raises(ParameterError, match="not a valid IRI"):
        queries.bound_text(curated, queries.get("network-members"), {"network": "http://x/a b>"})


def test_a_parameter_without_its_slot_is_refused(tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("#+ parameters:\n#+   - {name: who, type: entity}\nSELECT ?who WHERE { ?who a ?t }\n")
    with pytest.raises(QueryError, match=r"no slot VALUES \?who"):
        queries.load_file(bad)


def test_the_catalogue_is_read_once():
    assert queries.get("network-members") is queries.get("network-members")
    assert queries.catalogue()["timeline"] is queries.get("timeline")


def _substituted(store, query, values):
    """The rows the same query gives with pyoxigraph's own substitutions (the binding used before)."""
    terms = queries.bind(store, query, values)
    result = store.query(query.template.text(), substitutions={ox.Variable(k): v for k, v in terms.items()},
                         **queries.options())
    return [tuple(solution) for solution in result]


@pytest.mark.parametrize("name", [name for name, q in queries.catalogue().items()
                                  if q.parameters and all(p.type != "search" for p in q.parameters)])
def test_values_slots_answer_as_substitutions_did(curated, name):  # a search text expands into rows: no substitution
    query = queries.get(name)
    values = {k: str(v) for k, v in query.example.items()}
    rows = [tuple(solution) for solution in queries.run(curated, query, values)]
    assert rows, f"{name}: its example finds nothing"
    assert sorted(rows, key=str) == sorted(_substituted(curated, query, values), key=str)  # member-profile: ties
    if not any(p.required for p in query.parameters):  # unbound, the optional parameter keeps every row
        assert len(list(queries.execute(curated, query.template.text()))) > len(rows)


def test_instance_seats_keeps_only_the_bound_instance(curated):
    result = queries.run(curated, queries.get("instance-seats"), {"instance": "ess france"})
    instances = {row["instance"].value for row in result}
    assert instances == {ID + "ess-france"}


def _cells(result) -> list[tuple[str, ...]]:
    return [tuple("_:b" if isinstance(term, ox.BlankNode) else str(term) for term in row) for row in result]


@pytest.mark.parametrize("name", sorted(queries.catalogue()))
def test_the_pages_of_every_named_select_are_its_rows_in_one_order(curated, name):
    """Read in pages (:func:`ses_graph.sparql_tokens.select_pages`: five at most here), each named query gives the rows
    it gives whole, every one once, and in its own order where its ``ORDER BY`` decides (a page's order completes
    it)."""
    query = queries.get(name)
    text = queries.bound_text(curated, query, {k: str(v) for k, v in query.example.items()})
    pages = select_pages(text)
    if query_form(text) != "SELECT":
        assert pages is None
        return
    assert pages is not None
    whole = curated.query(text, **queries.options())
    keys = [str(variable) for variable in whole.variables]
    expected = _cells(whole)
    size = max(3, len(expected) // 4 + 1)
    found: list[tuple[str, ...]] = []
    while True:
        page = _cells(curated.query(pages.page(keys, len(found), size), **queries.options()))
        found += page
        if len(page) < size:
            break
    assert sorted(found) == sorted(expected)
    ordered = _cells(curated.query(pages.page(keys, 0, len(expected) + 1), **queries.options()))
    assert found == ordered  # the pages are slices of one order


@pytest.mark.parametrize(("text", "page"), [
    ("SELECT ?s WHERE { ?s ?p ?o }",
     "SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s } } OFFSET 0 LIMIT 9"),
    # its own order first; the dataset clauses outside the sub-query, which may not have them
    ("SELECT ?s FROM <urn:g> FROM NAMED <urn:h> { ?s ?p ?o } ORDER BY DESC(?o) LIMIT 20",
     "SELECT ?s FROM <urn:g> FROM NAMED <urn:h> WHERE { { SELECT ?s   { ?s ?p ?o } ORDER BY DESC(?o) ?s LIMIT 20 } } "
     "OFFSET 0 LIMIT 9"),
    # an EXISTS of the SELECT clause is not the WHERE group; a FROM in a string is not a dataset clause
    ('SELECT (EXISTS { ?s ?p "FROM <urn:x>" } AS ?s) { ?s ?p ?o } # ORDER BY ?o',
     'SELECT ?s WHERE { { SELECT (EXISTS { ?s ?p "FROM <urn:x>" } AS ?s) { ?s ?p ?o } ORDER BY ?s } } '
     'OFFSET 0 LIMIT 9'),
    ("SELECT * { ?s ?p ?o } GROUP BY ?s HAVING (COUNT(*) > 1) VALUES ?s { <urn:s> }",
     "SELECT ?s WHERE { { SELECT * { ?s ?p ?o } GROUP BY ?s HAVING (COUNT(*) > 1) ORDER BY ?s VALUES ?s { <urn:s> } "
     "} } OFFSET 0 LIMIT 9"),
])
def test_a_page_is_the_ordered_query_sliced_outside_it(text, page):
    pages = select_pages(text)
    assert pages is not None and pages.page(["?s"], 0, 9) == page
    assert select_pages("ASK { ?s ?p ?o }") is None and select_pages("CONSTRUCT WHERE { ?s ?p ?o }") is None
