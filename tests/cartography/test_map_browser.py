"""cartography in a real browser: headless Chromium opens the map file, offline.

Skipped when /usr/bin/chromium or the playwright package is missing, unless
SES_GRAPH_REQUIRE_BROWSER=1 (then they fail).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ses_graph import cartography
from ses_graph.cartography import folds, layout

ID = "https://w3id.org/ses-graph/id/"
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


class Opened:
    """A page of the map, with what it logged and requested."""

    def __init__(
        self, browser, html: str, folder: Path, name: str = "map.html", viewport: tuple[int, int] = (1600, 1000)
    ):
        self.file = folder / name
        self.file.write_text(html, encoding="utf-8")
        self.url = self.file.as_uri()
        self.context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        self.page = self.context.new_page()
        self.errors, self.requests = [], []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url) if r.url != self.url else None)
        self.page.goto(self.url)
        self.page.wait_for_function("window.sesMap && window.sesMap.ready", timeout=60_000)

    def visible(self) -> set[str]:
        return set(self.page.evaluate("sesMap.visibleNodeIds()"))

    def visible_edges(self) -> int:
        return self.page.evaluate("sesMap.visibleEdgeIds().length")

    def toggle(self, group: str, value: str) -> None:
        self.page.click(f'#controls input[data-filter="{group}"][value="{value}"]')

    def click_node(self, iri: str) -> None:
        point = self.page.evaluate(
            "(id) => { const n = sesMap.network; return n.canvasToDOM(n.getPosition(id)); }", iri
        )
        box = self.page.locator("#map canvas").bounding_box()
        self.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])

    def close(self):
        self.context.close()


#: The radius of each node on screen, in CSS pixels.
RADII = ("() => Object.fromEntries(sesMap.visibleNodeIds()"
         ".map(id => [id, sesMap.network.body.nodes[id].shape.radius * sesMap.network.getScale()]))")


@pytest.fixture
def small_page(browser, small, tmp_path):
    opened = Opened(browser, cartography.render_map(small), tmp_path)
    yield opened
    opened.close()


def test_real_map_renders_every_node_offline_without_errors(browser, curated, tmp_path):
    nodes, edges, _ = cartography.map_data(curated)
    facts = {n["id"] for n in nodes if n.get("fact")}
    folded = folds.folds(nodes, edges)
    opened = Opened(browser, cartography.render_map(curated), tmp_path)
    try:
        assert opened.page.evaluate("sesMap.nodes.length") == len(nodes)
        assert opened.visible() == {n["id"] for n in nodes} - facts, "the actions lie folded"
        ties = [e for e in edges if e["from"] not in facts and e["to"] not in facts]
        assert opened.visible_edges() == len(ties) + len(folded)
        assert opened.errors == []
        assert opened.requests == [], "no request may leave the page"
        ARTIFACTS.mkdir(exist_ok=True)
        opened.page.screenshot(path=str(ARTIFACTS / "map.png"))
        radius = opened.page.evaluate(RADII)
        largest = sorted(radius, key=lambda i: (-radius[i], i))
        assert ID + "mes-france" in largest[:3], "the national hub is drawn among the largest"
        assert radius[ID + "mes-france"] >= 2 * sorted(radius.values())[len(radius) // 2]
        opened.page.click("#unfold")
        assert opened.visible() == {n["id"] for n in nodes} and opened.visible_edges() == len(edges)
    finally:
        opened.close()


def test_generated_1000_node_map_renders(browser, generated_1000, tmp_path):
    nodes, _, _ = cartography.map_data(generated_1000)
    opened = Opened(browser, cartography.render_map(generated_1000), tmp_path)
    try:
        assert opened.page.evaluate("sesMap.nodes.length") == len(nodes) >= 990
        assert opened.errors == [] and opened.requests == []
    finally:
        opened.close()


SPELLINGS = json.loads((Path(__file__).resolve().parent.parent / "search_spellings.json").read_text(encoding="utf-8"))


def test_map_search_ranks_as_the_library_and_enter_opens_the_best(browser, curated, tmp_path):
    on_map = {n["id"] for n in cartography.map_data(curated)[0]}
    rows = [r for r in SPELLINGS["spellings"] if r["entity"] and ID + r["entity"] in on_map]
    assert len(rows) >= 20
    opened = Opened(browser, cartography.render_map(curated), tmp_path)
    try:
        page = opened.page
        for row in rows:
            page.fill("#search", row["typed"])
            first = page.locator("#search-results li[data-node]").first
            assert first.get_attribute("data-node") == ID + row["entity"], row
            assert first.locator("small.kind").inner_text(), "each result shows its kind"
        page.fill("#search", "APES")
        page.press("#search", "Enter")
        assert page.evaluate("sesMap.selected()") == ID + "apes"
        assert page.locator("#panel").is_visible() and "APES" in page.locator("#panel-body h2").inner_text()
        assert opened.errors == []
    finally:
        opened.close()


def test_search_finds_any_spelling(small_page):
    page = small_page.page
    data = page.evaluate("(id) => sesMap.nodes.get(id)", ID + "t-pesad")
    assert "PES21" in data["alt"] and "pole d economie solidaire 21" in data["keys"]
    for spelling in ["PES21", "pôle d'Economie", "pesad-21"]:
        page.fill("#search", spelling)
        assert ID + "t-pesad" in small_page.visible(), spelling
        assert ID + "t-ripess" not in small_page.visible(), spelling
        assert page.locator("#search-results li[data-node]").first.get_attribute("data-node") == ID + "t-pesad"
    page.fill("#search", "josette COMBES")
    assert small_page.visible() == {ID + "t-josette", ID + "t-mes", ID + "t-workshop"}, "the match and its neighbours"
    page.fill("#search", "")
    assert len(small_page.visible()) == 10, "every node but the action, folded, the two that stand alone included"


@pytest.mark.parametrize("group, value, hidden", [
    ("kind", "person", {"t-josette", "t-workshop", "t-lonely"}),  # the workshop loses its only link
    ("edge", "seat", {"t-ripess", "t-cress"}),
    ("level", "5", {"t-ripess"}),
    ("axis", "4", {"t-workshop", "t-region"}),  # the action (folded) is on axis 4: its fold goes
])
def test_each_filter_changes_what_is_shown(small_page, group, value, hidden):
    before = small_page.visible()
    small_page.toggle(group, value)
    after = small_page.visible()
    assert before - after == {ID + h for h in hidden}
    small_page.toggle(group, value)
    assert small_page.visible() == before


def test_the_sources_filter_shows_an_imported_dataset_beside_the_sources_of_the_facts(browser, small_with_import,
                                                                                      tmp_path):
    nodes, edges, _ = cartography.map_data(small_with_import)
    imported = {n["id"] for n in nodes if n["id"].startswith(ID + "sample/")}
    assert len(imported) == 4 and not imported & ({e["from"] for e in edges} | {e["to"] for e in edges})
    opened = Opened(browser, cartography.render_map(small_with_import, lang="en"), tmp_path)
    try:
        boxes = opened.page.locator('#filter-source input[data-filter="source"]')
        assert boxes.count() == 2
        names = opened.page.locator("#filter-source label").all_inner_texts()
        assert "sample.csv" in names[0] and names[1] == "T - test source", names
        every = opened.visible()
        assert imported < every, "the imported organisations stand alone on the map"
        opened.toggle("source", "1")
        assert every - opened.visible() == imported, "the dataset's own organisations go, nothing else"
        opened.toggle("source", "1")
        opened.toggle("source", "2")
        assert opened.visible() == imported, "without the tests' source, only the dataset is left"
        opened.page.fill("#search", "bread and roses")
        assert opened.visible() == {ID + "sample/T001"}
        opened.page.click("#reset")
        assert opened.visible() == every
        assert opened.errors == []
    finally:
        opened.close()


def test_filters_combine(small_page):
    small_page.toggle("kind", "person")
    small_page.toggle("edge", "seat")
    assert small_page.visible() == {ID + x for x in ["t-mes", "t-pesad", "t-coop", "t-region", "t-seminar"]}
    assert small_page.visible_edges() == 3, "membership, partnership and the fold of the action"
    small_page.page.click("#reset")
    assert len(small_page.visible()) == 10


def test_clicking_a_node_shows_its_sources_links_and_neighbourhood(small_page):
    page = small_page.page
    small_page.click_node(ID + "t-pesad")
    panel = page.locator("#panel")
    assert panel.is_visible()
    text = panel.inner_text()
    assert "PESAD 21" in text and "PES21" in text
    assert "Le PESAD siège au CA de la CRESS." in text and "T - test source" in text
    # opened from disk: the entity's own IRI (absolute), no link to a server that is not there
    assert page.locator("#panel a.entity-page").get_attribute("href") == ID + "t-pesad"
    assert page.locator("#panel a.sparql").count() == 0
    opacity = page.evaluate("Object.fromEntries(sesMap.nodes.get().map(n => [n.id.split('/').pop(), n.opacity]))")
    assert opacity["t-cress"] == 1 and opacity["t-pesad"] == 1 and opacity["t-josette"] < 1
    assert small_page.errors == []


def test_the_panel_tells_a_mediator_s_rank_its_range_and_why_in_the_map_s_language(browser, curated, tmp_path):
    opened = Opened(browser, cartography.render_map(curated), tmp_path)
    try:
        opened.page.evaluate("(id) => sesMap.select(id)", ID + "josette-combes")
        text = opened.page.locator("#panel").inner_text()
        assert "Médiation" in text and "rang 1 (entre 1 et " in text
        assert "Co-président·e de Mouvement pour l’Économie Solidaire et administrateur·rice de RIPESS Europe" in text
        opened.page.click('#langs button[data-lang="en"]')
        text = opened.page.locator("#panel").inner_text()
        assert "Mediation" in text and "rank 1 (between 1 and " in text and "Co-president of" in text
        assert opened.errors == []
    finally:
        opened.close()


def test_the_panel_says_when_the_ranking_does_not_count_every_write_yet(browser, curated, tmp_path):
    nodes, edges, concepts = cartography.map_data(curated)
    ranking = cartography.stored_ranking(curated)
    since = "2026-12-01T10:00:00Z"
    opened = Opened(browser, cartography.render_rows(nodes, edges, concepts, "fr", ranking, stale=since), tmp_path)
    try:
        opened.page.evaluate("(id) => sesMap.select(id)", ID + "josette-combes")
        panel = opened.page.locator("#panel")
        assert f"ne compte pas encore les écritures faites depuis le {since}" in panel.inner_text()
        opened.page.click('#langs button[data-lang="en"]')
        assert f"does not count yet the writes made since {since}" in panel.inner_text()
        assert opened.errors == []
    finally:
        opened.close()
    assert '"rankingStale":null' in cartography.render_map(curated), "a built store's ranking counts every write"


def test_language_switch(small_page):
    page = small_page.page
    assert "Instance" in page.locator("#filter-kind").inner_text()
    page.click('#langs button[data-lang="en"]')
    assert "Governance body" in page.locator("#filter-kind").inner_text()
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.get_attribute("#search", "placeholder").startswith("Search")


MEASURE = """() => {
  const net = sesMap.network, scale = net.getScale(), drawn = [];
  for (const id of sesMap.visibleNodeIds()) {
    const node = net.body.nodes[id], size = node.options.font.size * scale;
    if (!(size > 0)) continue;
    const box = node.labelModule.size, a = net.canvasToDOM({x: box.left, y: box.top}),
          b = net.canvasToDOM({x: box.left + box.width, y: box.top + box.height});
    drawn.push({id, px: size, left: a.x, top: a.y, right: b.x, bottom: b.y});
  }
  return drawn;
}"""
MAIN_KINDS = ("organisation", "network", "instance")


def overlaps(boxes: list[dict]) -> list[tuple[str, str]]:
    return [
        (a["id"], b["id"])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a["left"] < b["right"] - 1
        and b["left"] < a["right"] - 1
        and a["top"] < b["bottom"] - 1
        and b["top"] < a["bottom"] - 1
    ]


@pytest.mark.parametrize("width, height", [(1400, 900), (1920, 1080)])
def test_the_main_actors_are_legible_in_the_first_view(browser, curated, tmp_path, width, height):
    nodes, edges, _ = cartography.map_data(curated)
    kind = {n["id"]: n["kind"] for n in nodes}
    degree = {n["id"]: 0 for n in nodes}
    for edge in edges:
        degree[edge["from"]] += 1
        degree[edge["to"]] += 1
    main = sorted((i for i in degree if kind[i] in MAIN_KINDS), key=lambda i: (-degree[i], i))[:25]
    opened = Opened(browser, cartography.render_map(curated), tmp_path, viewport=(width, height))
    try:
        page = opened.page
        page.wait_for_timeout(300)
        drawn = page.evaluate(MEASURE)
        legible = {d["id"] for d in drawn if d["px"] >= 11}
        assert len(legible & set(main)) >= 12, (len(legible & set(main)), sorted(legible))
        assert overlaps(drawn) == [], "no two labels overlap"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"map-first-view-{width}x{height}.png"))
        scale = page.evaluate("sesMap.network.getScale()")
        page.evaluate(f"sesMap.network.moveTo({{scale: {scale * 3}, animation: false}})")
        page.wait_for_timeout(300)
        closer = page.evaluate(MEASURE)
        assert overlaps(closer) == []
        assert len(closer) > 0 and all(d["px"] >= 11 for d in closer)
        assert opened.errors == []
    finally:
        opened.close()


def test_the_year_slider_shows_the_facts_of_the_year_chosen(small_page):
    page = small_page.page
    slider = page.locator("#year")
    assert (slider.get_attribute("min"), slider.get_attribute("max")) == ("2019", "2020")
    every = small_page.visible()
    slider.focus()
    page.keyboard.press("Home")  # 2019: the workshop (dated by its event), not the 2020 action
    assert page.locator("#year-value").inner_text() == "2019"
    assert not page.locator("#year-all").is_checked()
    assert every - small_page.visible() == {ID + "t-region"}, "the fold of the 2020 action goes, and the Region"
    page.click("#year-undated")
    assert small_page.visible() == {ID + "t-josette", ID + "t-workshop"}, "only the facts dated 2019"
    slider.focus()
    page.keyboard.press("End")
    assert small_page.visible() == {ID + "t-pesad", ID + "t-region"}, "only the facts dated 2020 (the action, folded)"
    page.click("#year-all")
    assert small_page.visible() == {ID + "t-pesad", ID + "t-region", ID + "t-josette", ID + "t-workshop"}
    page.click("#reset")
    assert small_page.visible() == every and page.locator("#year-all").is_checked()
    assert small_page.errors == []


def test_the_year_slider_on_the_real_map(browser, curated, tmp_path):
    _, edges, _ = cartography.map_data(curated)
    spans = [y for e in edges for y in e["years"]]
    first, last = min(a for a, _ in spans), max(b for _, b in spans)
    assert (first, last) == (2004, 2022)
    in_2019 = [e for e in edges if any(a <= 2019 <= b for a, b in e["years"])]
    opened = Opened(browser, cartography.render_map(curated), tmp_path)
    try:
        page = opened.page
        page.click("#unfold")
        assert opened.visible_edges() == len(edges)
        page.locator("#year").focus()
        for _ in range(last - 2019):
            page.keyboard.press("ArrowLeft")
        assert page.locator("#year-value").inner_text() == "2019"
        assert opened.visible_edges() == len([e for e in edges if e["undated"]]) + \
            len([e for e in in_2019 if not e["undated"]])
        page.click("#year-undated")
        assert opened.visible_edges() == len(in_2019) > 50
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "map-year-2019.png"))
        assert opened.errors == []
    finally:
        opened.close()


def test_actions_are_folded_into_the_edge_between_actor_and_target_and_unfold_on_demand(small_page):
    page = small_page.page
    assert ID + "t-a1" not in small_page.visible()
    fold = page.evaluate("sesMap.folds()")
    assert [(f["from"], f["to"], f["facts"]) for f in fold] == [(ID + "t-pesad", ID + "t-region", [ID + "t-a1"])]
    assert "f0" in page.evaluate("sesMap.visibleEdgeIds()")
    drawn = page.evaluate(
        "(() => { const e = sesMap.network.body.edges.f0; return [e.options.label, e.options.title]; })()"
    )
    assert drawn == [None, "1 × Action"], "a fold of one action tells its count when hovered"
    # a point of the fold where nothing else is drawn (vis-network's own hit test says so)
    point = page.evaluate("""(() => { const n = sesMap.network, a = n.getPosition('%s'), b = n.getPosition('%s');
        for (let share = 0.01; share < 1; share += 0.01) {
          const p = n.canvasToDOM({x: a.x + (b.x - a.x) * share, y: a.y + (b.y - a.y) * share});
          if (n.getEdgeAt(p) === 'f0' && n.getNodeAt(p) === undefined) return p;
        } })()""" % (ID + "t-pesad", ID + "t-region"))  # noqa: UP031 (a script: its braces would double)
    box = page.locator("#map canvas").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    assert ID + "t-a1" in small_page.visible(), "a click on the fold shows its action"
    assert "f0" not in page.evaluate("sesMap.visibleEdgeIds()")
    page.click("#reset")
    assert ID + "t-a1" not in small_page.visible()
    page.click("#unfold")
    assert ID + "t-a1" in small_page.visible() and len(small_page.visible()) == 11
    page.click("#unfold")
    page.fill("#search", "plaidoyer aupres")
    assert ID + "t-a1" in small_page.visible(), "search finds an action and shows it"
    assert small_page.errors == []


def test_the_first_view_of_the_real_map_shows_who_connects_with_whom(browser, curated, tmp_path):
    nodes, edges, _ = cartography.map_data(curated)
    folded = folds.folds(nodes, edges)
    opened = Opened(browser, cartography.render_map(curated), tmp_path, viewport=(1400, 900))
    try:
        page = opened.page
        page.wait_for_timeout(300)
        kinds = {n["id"]: n["kind"] for n in nodes}
        assert "action" not in {kinds[i] for i in opened.visible()}
        drawn = page.evaluate("""() => sesMap.visibleEdgeIds().filter(id => id[0] === 'f').map(id => {
            const e = sesMap.network.body.edges[id];
            return [e.options.label, e.options.font.size * sesMap.network.getScale()]; })""")
        assert sorted(int(label) for label, _ in drawn if label) == sorted(len(f["facts"]) for f in folded
                                                                    if len(f["facts"]) > 1)
        assert len(drawn) == len(folded) and all(px >= 11 for label, px in drawn if label), "counts legible"
        assert sum(len(f["facts"]) for f in folded) >= 90, "most actions lie in a fold"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "map-folded-1400x900.png"))
        assert opened.errors == []
    finally:
        opened.close()


OPACITY = (
    "() => Object.fromEntries(sesMap.visibleNodeIds().map(id => [id, sesMap.network.body.nodes[id].options.opacity]))"
)
EDGE_OPACITY = ("() => Object.fromEntries(sesMap.visibleEdgeIds()"
                ".map(id => [id, sesMap.network.body.edges[id].options.color.opacity]))")


def test_the_mediators_view_emphasises_the_best_ranked_and_their_ties_and_dims_the_rest(browser, curated, tmp_path):
    nodes, edges, _ = cartography.map_data(curated)
    folded = folds.folds(nodes, edges)
    view = cartography.mediator_view(nodes, edges, folded, cartography.stored_ranking(curated))
    top = {nodes[i]["id"] for i in view["top"]}
    assert ID + "josette-combes" in top and len(top) == 2 * cartography.TOP_MEDIATORS
    opened = Opened(browser, cartography.render_map(curated), tmp_path)
    try:
        page = opened.page
        assert set(page.evaluate(OPACITY).values()) <= {None, 1}, "nothing dimmed before"
        page.click("#mediators")
        assert page.get_attribute("#mediators", "aria-pressed") == "true"
        opacity = page.evaluate(OPACITY)
        assert all(opacity[i] == 1 for i in top & set(opacity)), "the best-ranked mediators stay"
        assert opacity[ID + "mes-france"] == 1, "the national movement, which their ties reach, stays"
        dimmed = [i for i, value in opacity.items() if value < 0.5]
        assert len(dimmed) > len(opacity) / 3, (len(dimmed), len(opacity))
        ties = page.evaluate(EDGE_OPACITY)
        assert {i for i, value in ties.items() if value == 1} == {f"e{i}" for i in view["ties"]} & set(ties) | \
            {f"f{i}" for i in view["folds"]} & set(ties)
        assert sum(value < 0.5 for value in ties.values()) > len(ties) / 3
        borders = page.evaluate(
            "(ids) => ids.map(id => sesMap.network.body.nodes[id].options.borderWidth)", sorted(top & set(opacity))
        )
        assert set(borders) == {4}
        labelled = {d["id"] for d in page.evaluate(MEASURE)}
        assert ID + "josette-combes" in labelled, "the first mediator is named"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "map-mediators-view.png"))
        page.click("#mediators")
        assert set(page.evaluate(OPACITY).values()) == {1}
        assert opened.errors == []
    finally:
        opened.close()


def lab(colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB ``#rrggbb``."""
    rgb = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    xyz = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g + 0.0722 * b, \
        (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
    f = [v ** (1 / 3) if v > 0.008856 else 7.787 * v + 16 / 116 for v in xyz]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def test_every_edge_type_is_drawn_in_a_colour_of_its_own_and_named_as_in_the_filters(browser, curated, tmp_path):
    opened = Opened(browser, cartography.render_map(curated), tmp_path)
    try:
        page = opened.page
        page.click("#unfold")
        drawn = page.evaluate("""() => { const seen = {};
            for (const id of sesMap.visibleEdgeIds()) { const e = sesMap.network.body.edges[id];
              const type = id[0] === 'f' ? 'fold' : sesMap.edgeType(id);
              (seen[type] = seen[type] || new Set()).add(e.options.color.color); }
            return Object.fromEntries(Object.entries(seen).map(([k, v]) => [k, [...v]])); }""")
        types = [k for k in drawn if k != "fold"]
        assert len(types) >= 6 and all(len(drawn[k]) == 1 for k in types), drawn
        colour = {k: lab(drawn[k][0]) for k in types}
        close = [(a, b) for i, a in enumerate(types) for b in types[i + 1:]
                 if sum((x - y) ** 2 for x, y in zip(colour[a], colour[b], strict=True)) ** 0.5 < 25]
        assert close == [], "every pair of edge types at least 25 ΔE*ab apart"
        page.click("#unfold")
        folds_drawn = page.evaluate("() => [...new Set(sesMap.visibleEdgeIds().filter(id => id[0] === 'f')"
                                    ".map(id => sesMap.network.body.edges[id].options.color.color))]")
        assert folds_drawn == drawn["action"], "a fold of actions in the actions' colour"
        for lang in ("fr", "en"):
            page.click(f'#langs button[data-lang="{lang}"]')
            bands = page.evaluate(f"() => sesMap.bands().filter(b => b.rank !== {layout.ALONE}).map(b => b.{lang})")
            levels = page.locator("#filter-level label").all_inner_texts()
            assert sorted(bands) == sorted(levels), "the bands and the level filter say the same words"
            names = page.locator("#filter-edge label").all_inner_texts()
            page.evaluate("(id) => sesMap.select(id)", ID + "apes")
            said = set(page.locator("#panel .fact b").all_inner_texts())
            assert said and said <= set(names), "the panel names the links as the filter does"
        assert opened.errors == []
    finally:
        opened.close()


FILLS = """(alone) => { const net = sesMap.network, box = document.getElementById('map').getBoundingClientRect();
  const points = sesMap.visibleNodeIds().filter(id => !alone.includes(id))
    .map(id => net.canvasToDOM(net.getPosition(id)));
  const below = alone.map(id => net.canvasToDOM(net.getPosition(id)).y);
  const xs = points.map(p => p.x), ys = points.map(p => p.y);
  return {left: box.left, right: box.right, bottom: box.bottom, width: box.width, height: box.height,
          minX: Math.min(...xs), maxX: Math.max(...xs), minY: Math.min(...ys), maxY: Math.max(...ys),
          aloneTop: Math.min(...below),
          scrollW: document.documentElement.scrollWidth, scrollH: document.documentElement.scrollHeight}; }"""


@pytest.mark.parametrize("width, height", [(1400, 900), (1920, 1080)])
def test_the_view_fills_the_page(browser, curated, tmp_path, width, height):
    """The network fills the view; the entities with no link lie in their band below it."""
    nodes, edges, _ = cartography.map_data(curated)
    alone = sorted({n["id"] for n in nodes} - {e["from"] for e in edges} - {e["to"] for e in edges})
    assert alone, "the real map has entities that no fact ties yet"
    html = cartography.render_map(curated)
    for opened_at in [(width, height), (1000, 700)]:  # opened at that size, or resized to it
        opened = Opened(browser, html, tmp_path, viewport=opened_at)
        try:
            page = opened.page
            if opened_at != (width, height):
                page.set_viewport_size({"width": width, "height": height})
                page.wait_for_timeout(400)
            m = page.evaluate(FILLS, alone)
            assert (m["right"], m["bottom"]) == (width, height) and (m["scrollW"], m["scrollH"]) == (width, height)
            assert m["width"] >= width - 240, "the map takes the width the controls leave"
            assert 0 <= m["minX"] and m["maxX"] <= m["width"] and 0 <= m["minY"] and m["maxY"] <= m["height"], m
            assert m["aloneTop"] > m["maxY"], "below the network"
            spread = max((m["maxX"] - m["minX"]) / m["width"], (m["maxY"] - m["minY"]) / m["height"])
            assert spread >= 0.85, (opened_at, m)
            if opened_at == (width, height):
                ARTIFACTS.mkdir(exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / f"map-fills-{width}x{height}.png"))
            assert opened.errors == []
        finally:
            opened.close()
