"""ontology: terms.py is generated from the ontology and must not drift; every term is bilingual."""

from __future__ import annotations

from ses_graph import ontology
from ses_graph.resources import PACKAGE_DIR


def test_terms_module_is_up_to_date():
    generated = ontology.generate_terms()
    assert (PACKAGE_DIR / "terms.py").read_text(encoding="utf-8") == generated, "run: python -m ses_graph.ontology"


def test_generation_is_deterministic():
    assert ontology.generate_terms() == ontology.generate_terms()


def test_compact_uses_the_ontology_prefixes():
    assert ontology.compact("http://www.w3.org/ns/org#member") == "org:member"
    assert ontology.compact("https://w3id.org/ses-graph/id/apes") == "id:apes"
    assert ontology.compact("https://w3id.org/ses-graph/id/level/regional") == "level:regional"
    assert ontology.compact("urn:x:y") == "<urn:x:y>"
