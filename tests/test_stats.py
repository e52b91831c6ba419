"""stats: the coverage figures of the curated graph are pinned, so that a regression in the data shows.

When facts are added on purpose, update the figures here in the same commit.
"""

from __future__ import annotations

from ses_graph import stats

EXPECTED_CLASSES = {
    "ses:Action": 143, "ses:Enterprise": 4, "ses:Event": 27, "ses:Funder": 5, "ses:Funding": 8,
    "ses:Instance": 14, "ses:MemberOrganisation": 11, "ses:Membership": 37, "ses:Network": 21,
    "ses:Organisation": 26, "ses:Participation": 81, "ses:Partnership": 21, "ses:Person": 28,
    "ses:Production": 23, "ses:Project": 23, "ses:PublicBody": 5, "ses:ResearchBody": 14,
    "ses:Resource": 48, "ses:RoundTable": 1, "ses:Seat": 10, "ses:SourceDocument": 5,
    "ses:Territory": 25, "ses:Workshop": 4, "skos:Collection": 1, "skos:Concept": 78,
    "skos:ConceptScheme": 8,
}
EXPECTED_FACTS_BY_SOURCE = {
    "000_75c6e73700818364": 7, "001_cbb2a07f91382dfd": 8, "002_e47323c77b6c5739": 7,
    "003_8f68f67bb4e44f49": 291, "004_d691c028f5a9a887": 10,
}
TRIPLES = 37670  # the mediator records and kinds (106 each) and their terms, the national hub and its term included;
# the search graph: 29,468, its keys and the index of their words (ses_graph/search_index.py)
EXPECTED_ENTITIES_BY_SOURCE = {
    "000_75c6e73700818364": 10, "001_cbb2a07f91382dfd": 12, "002_e47323c77b6c5739": 11,
    "003_8f68f67bb4e44f49": 237, "004_d691c028f5a9a887": 13,
}
EXPECTED_QUALITY = {
    "entities_without_label": 0, "events_without_english_label": 25, "facts_without_quote": 0,
    "facts_without_source": 0, "terms_without_english_label": 0, "terms_without_french_label": 0,
}


def test_coverage_figures_are_pinned(curated):
    figures = stats.stats(curated)
    assert figures["classes"] == EXPECTED_CLASSES
    assert figures["facts_by_source"] == EXPECTED_FACTS_BY_SOURCE
    assert figures["entities_by_source"] == EXPECTED_ENTITIES_BY_SOURCE
    assert figures["quality"] == EXPECTED_QUALITY
    assert figures["triples"] == TRIPLES


def test_stats_table_lists_every_figure(curated):
    text = stats.table(stats.stats(curated))
    assert f"triples  {TRIPLES}" in text and "entities by source" in text
    assert "003_8f68f67bb4e44f49" in text and "facts_without_quote" in text
