  /* Search */
  var input = document.getElementById("search"), list = document.getElementById("search-results");
  function search() {
    var q = normalize(input.value);
    if (!q) { state.search = null; state.hits = null; list.hidden = true; compute(); return; }
    detail();
    // One ranking (search.js, as ses_graph/search.py): the entities whose name or alias matches best
    // first, then the other entities, then the facts (actions); Enter opens the first.
    var ranked = sesSearch.rank(DATA.nodes, q);
    var hits = ranked.filter(function (m) { return m.item.kind !== "action"; })
      .concat(ranked.filter(function (m) { return m.item.kind === "action"; })).map(function (m) { return m.item; });
    state.search = new Set(); state.hits = new Set(hits.map(function (n) { return n.id; }));
    hits.forEach(function (n) { state.search.add(n.id); around.get(n.id).forEach(function (e) { state.search.add(e.from); state.search.add(e.to); }); });
    list.innerHTML = hits.length ? hits.slice(0, 30).map(function (n) {
      var kind = S.kinds[n.kind];
      return '<li data-node="' + esc(n.id) + '"><span class="sym" style="color:' + kind.color + '">' + kind.symbol + "</span>" +
        esc(n.name) + ' <small class="kind">' + esc(kind[lang] || n.kind) + "</small></li>";
    }).join("") : "<li>" + esc(t("noMatch")) + "</li>";
    list.hidden = false;
    compute();
  }
  input.addEventListener("input", search);
  input.addEventListener("keydown", function (ev) {
    var first = list.querySelector("li[data-node]");
    if (ev.key === "Enter" && first) { first.click(); }
  });
  list.addEventListener("click", function (ev) {
    var li = ev.target.closest("li[data-node]");
    if (li) { list.hidden = true; select(li.dataset.node); network.focus(li.dataset.node, { scale: 1.2, animation: false }); }
  });
  document.getElementById("reset").addEventListener("click", function () {
    input.value = ""; state.search = null; state.hits = null; list.hidden = true; state.unfold = false; opened.clear();
    if (state.mediators) { state.mediators = false; mediatorsButton.setAttribute("aria-pressed", "false"); emphasise(); }
    state.kind = new Set(Object.keys(S.kinds)); state.edge = new Set(Object.keys(S.edges));
    state.level = new Set(presentLevels); state.axis = new Set(presentAxes); state.source = allSources();
    state.year = null; state.undated = true;
    buildFilters(); compute(); select(null); moved = false; refit();
  });

  /* Language */
  function setLang(value) {
    lang = value; document.documentElement.lang = value;
    document.querySelectorAll("[data-i18n]").forEach(function (el) { el.textContent = t(el.dataset.i18n); });
    document.querySelectorAll("[data-i18n-placeholder]").forEach(function (el) { el.placeholder = t(el.dataset.i18nPlaceholder); });
    document.querySelectorAll("[data-i18n-title]").forEach(function (el) { el.title = t(el.dataset.i18nTitle); });
    document.querySelectorAll("#langs button").forEach(function (b) { b.setAttribute("aria-pressed", String(b.dataset.lang === value)); });
    document.title = t("title");
    buildFilters(); compute();
    if (selected) showPanel(selected);
    if (network) network.redraw();
  }
  document.querySelectorAll("#langs button").forEach(function (b) { b.addEventListener("click", function () { setLang(b.dataset.lang); }); });

  window.sesMap = { network: network, nodes: nodes, edges: edges, ready: false, select: select, setLang: setLang,
    selected: function () { return selected; }, labelBoxes: function () { return labelBoxes; },
    importance: function () { return importance.map(function (n) { return n.id; }); },
    visibleNodeIds: function () { return nodeView.getIds(); }, visibleEdgeIds: function () { return edgeView.getIds(); },
    folds: function () { return folds; }, bands: function () { return DATA.bands; },
    edgeType: function (id) { return edgeById.get(id).type; }, unfoldOne: unfoldOne, mediators: function () { return Array.from(tops); } };
  /* readyAt: the first frame drawn; ready once the rest of the page (the details) is parsed too */
  var drawn = false, parsed = document.readyState !== "loading";
  /* ?focus=IRI in the page's address (the entity pages' link to /map) opens the map on that entity */
  function focusFromAddress() {
    var id = new URLSearchParams(location.search).get("focus");
    if (id && byId.has(id)) { select(id); network.focus(id, { scale: 1.2, animation: false }); }
  }
  function done() {
    if (drawn && parsed && !window.sesMap.ready) { focusFromAddress(); window.sesMap.ready = true; document.body.dataset.ready = "1"; }
  }
  document.addEventListener("DOMContentLoaded", function () { parsed = true; done(); });
  network.once("afterDrawing", function () { window.sesMap.readyAt = performance.now(); drawn = true; done(); });
})();
