/* The advocacy map: vis-network with fixed positions, and its own search, filters and panel. */
(function () {
  "use strict";
  /* What the first frame needs is in #map-data; names, sources and facts (#map-details) are parsed on first use. */
  var DATA = JSON.parse(document.getElementById("map-data").textContent);
  var S = DATA.style, C = DATA.concepts, lang = DATA.lang;
  var byId = new Map(), around = new Map(), visNodes = new Array(DATA.nodes.length), visEdges = new Array(DATA.edges.length);
  /* the commonest kind is the nodes' default style; the other kinds are vis groups */
  var kindCount = {}, commonKind = null;
  DATA.nodes.forEach(function (n) { kindCount[n.kind] = (kindCount[n.kind] || 0) + 1; });
  S.kindOrder.forEach(function (k) { if (kindCount[k] && (!commonKind || kindCount[k] > kindCount[commonKind])) commonKind = k; });
  var nodeDefaults = commonKind ? { shape: S.kinds[commonKind].shape, color: S.kinds[commonKind].color } : {};
  nodeDefaults.font = { size: 0 };  /* labels are drawn by declutter(): a legible size on screen, never overlapping */
  DATA.nodes.forEach(function (n, i) {
    n.axes = n.axes || []; n.alt = n.alt || []; n.keys = n.keys || []; n.src = n.src || [];
    byId.set(n.id, n); around.set(n.id, []);
    var v = { id: n.id, label: n.label, x: n.x, y: n.y, size: n.size, kind: n.kind, alt: n.alt, keys: n.keys };
    if (n.kind !== commonKind) v.group = n.kind;
    visNodes[i] = v;
  });
  /* the commonest link type is the edges' default style, so that most edges carry no option of their own */
  var typeCount = {}, common = null;
  DATA.edges.forEach(function (e) { typeCount[e.type] = (typeCount[e.type] || 0) + 1; });
  S.edgeOrder.forEach(function (k) { if (typeCount[k] && (!common || typeCount[k] > typeCount[common])) common = k; });
  var base = common ? S.edges[common] : S.edges[S.edgeOrder[0]];
  var edgeDefaults = { smooth: false, color: { color: base.color, highlight: base.color, hover: base.color, inherit: false },
                       width: base.width, dashes: base.dashes, arrows: base.arrows };
  DATA.edges.forEach(function (e, i) {
    var look = S.edges[e.type];
    e.id = "e" + i; e.from = DATA.nodes[e.f].id; e.to = DATA.nodes[e.t].id; e.color = look.color;
    e.levelRanks = e.ranks || []; e.axes = e.axes || []; e.years = e.years || []; e.undated = !!e.undated; e.src = e.src || [];
    around.get(e.from).push(e); if (e.to !== e.from) around.get(e.to).push(e);
    var v = { id: e.id, from: e.from, to: e.to };
    if (e.type !== common) { v.color = look.color; v.width = look.width; v.dashes = look.dashes; v.arrows = look.arrows; }
    visEdges[i] = v;
  });
  /* Folds: the actions (facts drawn as nodes) lie folded in one edge from their actor to their target, which tells how
     many it holds (ses_graph/cartography/folds.py); a click on it, "show each action" or a search unfolds them */
  var folds = (DATA.folds || []).map(function (f, i) {
    return { id: "f" + i, from: DATA.nodes[f.f].id, to: DATA.nodes[f.t].id, type: f.type,
             facts: f.facts.map(function (k) { return DATA.nodes[k].id; }) };
  });
  var foldsOf = new Map(), foldById = new Map();
  folds.forEach(function (f) {
    foldById.set(f.id, f);
    f.facts.forEach(function (id) { if (!foldsOf.has(id)) foldsOf.set(id, []); foldsOf.get(id).push(f); });
    var look = S.edges[f.type];
    /* the count is written on a fold of two actions or more; every fold tells it when hovered */
    visEdges.push({ id: f.id, from: f.from, to: f.to, label: f.facts.length > 1 ? String(f.facts.length) : undefined,
                    title: f.facts.length + " × " + S.kinds[byId.get(f.facts[0]).kind][lang], font: { size: 0 },
                    color: { color: look.color, highlight: look.color, hover: look.color, inherit: false },
                    width: look.width * (1 + Math.log2(f.facts.length)), dashes: look.dashes, arrows: look.arrows });
  });
  var details = null;
  function detail() {
    if (details) return details;
    var el = document.getElementById("map-details");
    details = el ? JSON.parse(el.textContent) : { nodes: DATA.nodes.map(function (n) { return { name: n.label }; }), facts: DATA.edges.map(function () { return []; }) };
    DATA.nodes.forEach(function (n, i) {
      var d = details.nodes[i];
      n.name = d.name; n.description = d.description || null; n.levelIri = d.levelIri || null; n.actionType = d.actionType || null;
      n.date = d.date || null; n.sources = d.sources || []; n.quotes = d.quotes || []; n.mediator = d.mediator || null;
    });
    DATA.edges.forEach(function (e, i) { e.facts = details.facts[i]; });
    return details;
  }
  var groups = {};
  Object.keys(S.kinds).forEach(function (k) { groups[k] = { shape: S.kinds[k].shape, color: S.kinds[k].color }; });
  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(visEdges);
  var sources = DATA.sources || [];
  function allSources() { return new Set([0].concat(sources.map(function (s, i) { return i + 1; }))); }
  var state = { kind: new Set(Object.keys(S.kinds)), edge: new Set(Object.keys(S.edges)),
                level: new Set(), axis: new Set(), source: allSources(), search: null, hits: null, year: null, undated: true, unfold: false,
                mediators: false };
  var shown = new Set(), selected = null, opened = new Set(), shownFolds = new Set(), folded = new Set();

  function t(key) { return S.strings[key][lang]; }
  function label(iri) { detail(); return C[iri] ? C[iri][lang] : (byId.has(iri) ? byId.get(iri).name : iri); }
  function esc(s) { return String(s).replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; }); }
  var normalize = sesSearch.normalize;
  function anyIn(values, set) {
    if (!values.length) return set.has(0);
    for (var i = 0; i < values.length; i++) if (set.has(values[i])) return true;
    return false;
  }
  /* Time: an edge passes the year chosen on the slider when one of its facts is dated in that year (or spans it),
     or when one of them is undated and undated facts are kept; state.year null: every year */
  function yearPasses(e) {
    if (e.undated && state.undated) return true;
    for (var i = 0; i < e.years.length; i++) if (state.year === null || (e.years[i][0] <= state.year && state.year <= e.years[i][1])) return true;
    return false;
  }
  function edgePasses(e) {
    return state.edge.has(e.type) && anyIn(e.levelRanks, state.level) && anyIn(e.axes, state.axis) && anyIn(e.src, state.source) && yearPasses(e);
  }
  /* an entity with no link at all (an organisation of an imported directory) stands alone: it follows its own sources,
     and, being undated, the choice of undated facts */
  function alonePasses(n) { return anyIn(n.src, state.source) && state.undated; }
  /* a fact drawn as a node stays in its folds unless they are unfolded, search found it or it is selected */
  function inFold(n) {
    if (!n.fact || state.unfold || n.id === selected || (state.hits && state.hits.has(n.id))) return false;
    var within = foldsOf.get(n.id);
    return !(within && within.some(function (f) { return opened.has(f.id); }));
  }
  function compute() {
    var candidates = new Set();
    DATA.nodes.forEach(function (n) {
      if (!state.kind.has(n.kind) || !anyIn(n.levelRank ? [n.levelRank] : [], state.level) || !anyIn(n.axes, state.axis)) return;
      if (state.search && !state.search.has(n.id)) return;
      candidates.add(n.id);
    });
    folded = new Set();
    DATA.nodes.forEach(function (n) { if (candidates.has(n.id) && inFold(n)) folded.add(n.id); });
    /* a fold is drawn when one of the facts it holds is folded and passes the filters */
    shownFolds = new Set();
    folds.forEach(function (f) {
      if (!state.edge.has(f.type) || !candidates.has(f.from) || !candidates.has(f.to) || folded.has(f.from) || folded.has(f.to)) return;
      if (f.facts.some(function (id) { return folded.has(id) && around.get(id).some(edgePasses); })) shownFolds.add(f.id);
    });
    /* a node stays when one of its links is shown, that is when the link passes and its other end is a candidate */
    shown = new Set();
    candidates.forEach(function (id) {
      if (folded.has(id)) return;
      if (!around.get(id).length) { if (alonePasses(byId.get(id))) shown.add(id); return; }
      if (around.get(id).some(function (e) {
        return edgePasses(e) && candidates.has(e.from) && candidates.has(e.to) && !folded.has(e.from) && !folded.has(e.to) && e.from !== e.to;
      })) shown.add(id);
    });
    shownFolds.forEach(function (id) { var f = foldById.get(id); shown.add(f.from); shown.add(f.to); });
    if (nodeView) { nodeView.refresh(); edgeView.refresh(); declutterSoon(); }
    document.getElementById("count").textContent = shown.size + " / " + DATA.nodes.length + " " + t("shown");
  }
  var nodeView = null, edgeView = null, network = null;

