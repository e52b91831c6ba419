"""cartography: rows, layout and the page, without a browser."""

from __future__ import annotations

import re

import pytest
from mapgraphs import run_cli

from ses_graph import cartography
from ses_graph.cartography import folds, layout, page

ID = "https://w3id.org/ses-graph/id/"


def test_small_graph_gives_one_node_per_entity_and_one_edge_per_link(small):
    nodes, edges, concepts = cartography.map_data(small)
    kinds = {n["id"][len(ID):]: n["kind"] for n in nodes}
    assert kinds == {"t-mes": "network", "t-pesad": "organisation", "t-coop": "organisation", "t-cress": "instance",
                     "t-ripess": "instance", "t-region": "public-body", "t-josette": "person", "t-workshop": "event",
                     "t-a1": "action", "t-lonely": "person", "t-seminar": "event"}
    linked = {e["from"] for e in edges} | {e["to"] for e in edges}
    assert {n["id"] for n in nodes} - linked == {ID + "t-lonely", ID + "t-seminar"}, (
        "entities without an edge stand alone, findable")
    types = sorted((e["type"], e["from"][len(ID):], e["to"][len(ID):]) for e in edges)
    assert types == [("action", "t-a1", "t-region"), ("action", "t-pesad", "t-a1"),
                     ("membership", "t-josette", "t-mes"), ("membership", "t-pesad", "t-mes"),
                     ("participation", "t-josette", "t-workshop"), ("partnership", "t-coop", "t-pesad"),
                     ("seat", "t-mes", "t-ripess"), ("seat", "t-pesad", "t-cress")]
    for edge in edges:
        for fact in edge["facts"]:
            assert fact["source"] == ID + "source-t" and fact["quotes"], edge
    assert concepts[ID + "level/european"]["en"] == "European"


def test_node_data_carry_every_spelling_and_its_search_key(small):
    nodes = {n["id"][len(ID):]: n for n in cartography.map_data(small)[0]}
    pesad = nodes["t-pesad"]
    assert pesad["alt"] == ["PES21", "Pôle d'économie solidaire 21"]
    assert {"pes21", "pesad 21", "pole d economie solidaire 21"} <= set(pesad["keys"])
    assert nodes["t-workshop"]["name"] == "Atelier axe 4", "the French label is the name"
    action = nodes["t-a1"]
    assert (action["levelRank"], action["axes"], action["quotes"]) == (3, [4], ["Plaidoyer auprès de la Région"])


def test_actions_fold_into_the_edge_between_their_actor_and_target_and_sit_on_it(small):
    nodes, edges, _ = cartography.map_data(small)
    assert [n["id"][len(ID):] for n in nodes if n.get("fact")] == ["t-a1"]
    folded = folds.folds(nodes, edges)
    assert folded == [{"type": "action", "from": ID + "t-pesad", "to": ID + "t-region", "facts": [ID + "t-a1"]}]
    placed, _ = folds.positions(nodes, edges, folded)
    (x1, y1), (x2, y2) = placed[ID + "t-pesad"], placed[ID + "t-region"]
    assert placed[ID + "t-a1"] == (round((x1 + x2) / 2), round((y1 + y2) / 2)), "on its fold, half way"


def test_layout_puts_levels_in_bands_international_on_top(small):
    nodes, edges, _ = cartography.map_data(small)
    positions, bands = layout.layered_positions(nodes, edges)
    y = {n["id"][len(ID):]: positions[n["id"]][1] for n in nodes}
    assert y["t-ripess"] < y["t-cress"], "European above regional"
    assert y["t-pesad"] == y["t-cress"] or abs(y["t-pesad"] - y["t-cress"]) < layout.BAND_GAP, (
        "an organisation sits with its instances"
    )
    assert [b["rank"] for b in bands] == sorted((b["rank"] for b in bands), reverse=True)


def test_entities_without_a_link_lie_in_a_band_of_their_own_below_the_network(small):
    nodes, edges, _ = cartography.map_data(small)
    folded = folds.folds(nodes, edges)
    positions, bands = folds.positions(nodes, edges, folded)
    alone = {ID + "t-lonely", ID + "t-seminar"}
    assert bands[-1]["rank"] == layout.ALONE and bands[-1]["count"] == len(alone)
    assert min(positions[i][1] for i in alone) > max(y for i, (_, y) in positions.items() if i not in alone)
    drawn = cartography.render_map(small, lang="en")
    named = re.search(r'"bands":(\[.*?\])', drawn)
    assert named and '"en":"no link","fr":"sans lien"' in named.group(1)


def test_size_follows_how_many_entities_a_node_is_tied_to(small):
    nodes, edges, _ = cartography.map_data(small)
    tied = page.importance(nodes, edges)
    # PESAD 21: the MES, the CRESS, the cooperative, and the Region through its action
    assert tied[ID + "t-pesad"] == 4 and tied[ID + "t-a1"] == 2 and tied[ID + "t-region"] == 1
    size = page.sizes(nodes, edges)
    assert max(size, key=size.get) == ID + "t-pesad" and size[ID + "t-pesad"] == page.MAX_SIZE
    assert size[ID + "t-lonely"] == page.MIN_SIZE < size[ID + "t-region"] < size[ID + "t-a1"] < size[ID + "t-mes"]


def test_the_national_hub_is_among_the_largest_nodes_of_the_real_map(curated):
    nodes, edges, _ = cartography.map_data(curated)
    size = page.sizes(nodes, edges)
    largest = sorted(size, key=lambda i: (-size[i], i))
    assert largest[0] == ID + "mes-france" and size[ID + "mes-france"] == page.MAX_SIZE


def test_page_is_self_contained_and_byte_identical(small):
    first = cartography.render_map(small)
    assert first == cartography.render_map(small)
    assert not re.search(r"""<(?:script|img|iframe)[^>]*\ssrc=|<link[^>]*\shref=""", first, re.I)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", first, re.I)
    assert "@import" not in first and "cdnjs" not in first and "jsdelivr" not in first


def test_same_graph_loaded_in_another_order_gives_the_same_bytes(small):
    import pyoxigraph as ox
    shuffled = ox.Store()
    shuffled.extend(sorted(small, key=lambda q: str(q), reverse=True))
    assert cartography.render_map(shuffled) == cartography.render_map(small)


def test_language_sets_the_opening_language_and_is_checked(small):
    assert '<html lang="en">' in cartography.render_map(small, lang="en")
    assert '<html lang="fr">' in cartography.render_map(small)
    with pytest.raises(ValueError, match="lang"):
        cartography.render_map(small, lang="de")


def test_real_map_has_instances_actions_and_sourced_facts(curated):
    nodes, edges, _ = cartography.map_data(curated)
    kinds = {n["kind"] for n in nodes}
    assert {"instance", "organisation", "person"} <= kinds
    ids = {n["id"] for n in nodes}
    for edge in edges:
        assert edge["from"] in ids and edge["to"] in ids
        assert edge["facts"] and all(f["source"] and f["quotes"] for f in edge["facts"]), edge


def test_cli_writes_the_map(curated_store_path, tmp_path):
    target = tmp_path / "map.html"
    result = run_cli("map", "-o", str(target), "--lang", "en", "--store", str(curated_store_path))
    assert result.returncode == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and '<html lang="en">' in text
    again = run_cli("map", "--store", str(curated_store_path))
    assert again.returncode == 0 and again.stdout.startswith("<!DOCTYPE html>")
    assert run_cli("map", "--lang", "de").returncode == 2


def test_first_frame_data_leave_details_for_later(small):
    nodes, edges, concepts = cartography.map_data(small)
    positions, _ = layout.layered_positions(nodes, edges)
    net = page.vis_items(nodes, edges, positions, page.sizes(nodes, edges))
    drawn, details = page.payload(net, concepts)
    assert len(drawn["nodes"]) == len(details["nodes"]) == len(nodes) and len(drawn["edges"]) == len(
        details["facts"]
    ) == len(edges)
    assert not {"name", "quotes", "sources", "color", "shape"} & {k for n in drawn["nodes"] for k in n}
    assert not {"facts", "color", "from", "to"} & {k for e in drawn["edges"] for k in e}
    pesad = next(i for i, n in enumerate(drawn["nodes"]) if n["id"] == ID + "t-pesad")
    assert details["nodes"][pesad]["name"] == "PESAD 21"
    html = cartography.render_map(small)
    assert html.index('id="map-data"') < html.index("sesMap") < html.index('id="map-details"')


def test_the_map_reads_the_mediator_ranking_the_build_stored(curated):
    """``ses-graph map`` (no ranking given) draws the same page as ``/map``, which may compute the ranking itself."""
    from ses_graph.analysis import graphs, mediators, output

    network = graphs.network(curated)
    entries = [e for kind in ("organisation", "person") for e in mediators.ranking(network, kind)]
    stored = cartography.stored_ranking(curated)
    assert {e["entity"]: (e["rank"], e["evidence"]) for e in stored} == \
        {e["entity"]: (e["rank"], e["evidence"]) for e in entries}
    assert output.panel_texts(stored)[ID + "josette-combes"]["fr"].startswith("rang 1 (entre 1 et ")
    assert cartography.render_map(curated) == cartography.render_map(curated, ranking=entries)


def test_the_mediators_view_reads_the_stored_ranking_and_its_evidence(curated):
    nodes, edges, _ = cartography.map_data(curated)
    folded = folds.folds(nodes, edges)
    ranking = cartography.stored_ranking(curated)
    view = cartography.mediator_view(nodes, edges, folded, ranking)
    rank = {e["entity"]: e["rank"] for e in ranking}
    assert [rank[nodes[i]["id"]] for i in view["top"]] == sorted(rank[nodes[i]["id"]] for i in view["top"])
    assert max(rank[nodes[i]["id"]] for i in view["top"]) == cartography.TOP_MEDIATORS
    evidence = {f for e in ranking if e["rank"] <= cartography.TOP_MEDIATORS for f in e["evidence"]}
    assert view["ties"] and all({f["fact"] for f in edges[i]["facts"]} & evidence for i in view["ties"])
    assert cartography.mediator_view(nodes, edges, folded, []) == {"top": [], "ties": [], "folds": []}
