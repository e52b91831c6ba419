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

  /* Filters */
  var presentLevels = new Set([0]), presentAxes = new Set([0]);
  DATA.nodes.forEach(function (n) { if (n.levelRank) presentLevels.add(n.levelRank); n.axes.forEach(function (a) { presentAxes.add(a); }); });
  DATA.edges.forEach(function (e) { e.levelRanks.forEach(function (r) { presentLevels.add(r); }); e.axes.forEach(function (a) { presentAxes.add(a); }); });
  presentLevels.forEach(function (r) { state.level.add(r); }); presentAxes.forEach(function (a) { state.axis.add(a); });
  var yearMin = Infinity, yearMax = -Infinity;
  DATA.edges.forEach(function (e) { e.years.forEach(function (y) { yearMin = Math.min(yearMin, y[0]); yearMax = Math.max(yearMax, y[1]); }); });
  var levelName = {};
  DATA.bands.forEach(function (b) { levelName[b.rank] = b; });
  function checkbox(group, value, html) {
    return '<label><input type="checkbox" checked data-filter="' + group + '" value="' + esc(value) + '">' + html + "</label>";
  }
  function buildFilters() {
    var kinds = S.kindOrder.filter(function (k) { return DATA.nodes.some(function (n) { return n.kind === k; }); });
    document.getElementById("filter-kind").innerHTML = '<legend>' + esc(t("kinds")) + "</legend>" + kinds.map(function (k) {
      return checkbox("kind", k, '<span class="sym" style="color:' + S.kinds[k].color + '">' + S.kinds[k].symbol + "</span>" + esc(S.kinds[k][lang]));
    }).join("");
    var types = S.edgeOrder.filter(function (k) { return DATA.edges.some(function (e) { return e.type === k; }); });
    document.getElementById("filter-edge").innerHTML = '<legend>' + esc(t("edgeTypes")) + "</legend>" + types.map(function (k) {
      var st = S.edges[k];
      return checkbox("edge", k, '<span class="line" style="border-top-style:' + (st.dashes ? "dashed" : "solid") + ";border-top-color:" + st.color + '"></span>' + esc(st[lang]));
    }).join("");
    document.getElementById("filter-level").innerHTML = '<legend>' + esc(t("levels")) + "</legend>" + Array.from(presentLevels).sort(function (a, b) { return b - a; }).map(function (r) {
      return checkbox("level", r, esc(r ? levelName[r] ? levelName[r][lang] : r : t("noLevel")));
    }).join("");
    document.getElementById("filter-axis").innerHTML = '<legend>' + esc(t("axes")) + "</legend>" + Array.from(presentAxes).sort().map(function (a) {
      return checkbox("axis", a, esc(a ? t("axis") + " " + a : t("noAxis")));
    }).join("");
    document.getElementById("filter-source").innerHTML = '<legend>' + esc(t("sources")) + "</legend>" + sources.map(function (iri, i) {
      return checkbox("source", i + 1, esc(C[iri] ? C[iri][lang] : iri));
    }).join("");
    buildYears(); buildFold();
    document.querySelectorAll("#controls input[data-filter]").forEach(function (box) {
      var group = box.dataset.filter, value = group === "level" || group === "axis" || group === "source" ? Number(box.value) : box.value;
      box.checked = state[group].has(value);
      box.addEventListener("change", function () { if (box.checked) state[group].add(value); else state[group].delete(value); compute(); });
    });
  }

  function buildFold() {
    var box = document.getElementById("filter-fold");
    box.hidden = !folds.length;
    box.innerHTML = '<label><input type="checkbox" id="unfold"' + (state.unfold ? " checked" : "") + ">" + esc(t("unfold")) + "</label>" +
      '<small>' + esc(t("foldHint")) + "</small>";
    document.getElementById("unfold").addEventListener("change", function (ev) { state.unfold = ev.target.checked; opened.clear(); compute(); });
  }
  function buildYears() {
    var box = document.getElementById("filter-year");
    box.hidden = yearMin > yearMax;
    if (box.hidden) return;
    box.innerHTML = "<legend>" + esc(t("years")) + "</legend>" +
      '<label><input type="checkbox" id="year-all"' + (state.year === null ? " checked" : "") + ">" + esc(t("allYears")) + "</label>" +
      '<input type="range" id="year" min="' + yearMin + '" max="' + yearMax + '" step="1" value="' + (state.year === null ? yearMax : state.year) +
      '" aria-label="' + esc(t("years")) + '"><output id="year-value"></output>' +
      '<label><input type="checkbox" id="year-undated"' + (state.undated ? " checked" : "") + ">" + esc(t("undated")) + "</label>";
    var all = document.getElementById("year-all"), slider = document.getElementById("year"), shownYear = document.getElementById("year-value");
    function show() { shownYear.textContent = state.year === null ? yearMin + "–" + yearMax : String(state.year); }
    show();
    all.addEventListener("change", function () { state.year = all.checked ? null : Number(slider.value); show(); compute(); });
    slider.addEventListener("input", function () { state.year = Number(slider.value); all.checked = false; show(); compute(); });
    document.getElementById("year-undated").addEventListener("change", function (ev) { state.undated = ev.target.checked; compute(); });
  }

  /* Network */
  var big = DATA.nodes.length > 2000;
  setLang(lang);
  nodeView = new vis.DataView(nodes, { filter: function (n) { return shown.has(n.id); } });
  var edgeById = new Map(DATA.edges.map(function (e) { return [e.id, e]; }));
  edgeView = new vis.DataView(edges, { filter: function (e) {
    if (foldById.has(e.id)) return shownFolds.has(e.id);
    var d = edgeById.get(e.id);
    return edgePasses(d) && shown.has(e.from) && shown.has(e.to);
  } });
  network = new vis.Network(document.getElementById("map"), { nodes: nodeView, edges: edgeView }, {
    groups: groups, nodes: nodeDefaults, physics: { enabled: false }, layout: { improvedLayout: false }, edges: edgeDefaults,
    interaction: { hideEdgesOnDrag: big, hideEdgesOnZoom: big }
  });
  /* Level of detail: labels at LABEL_PX on screen whatever the zoom, actors first, the most connected first, each one
     drawn only where it overlaps no label already placed; zooming in makes room for more names. */
  var LABEL_PX = 13, LABEL_GAP = 3, LABEL_CANDIDATES = 600;
  var importance = DATA.nodes.slice().sort(function (a, b) {  /* actors before actions, then by links */
    return ((a.kind === "action") - (b.kind === "action")) || (around.get(b.id).length - around.get(a.id).length) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  });
  var labelled = new Map(), labelBoxes = [], foldFont = null;
  /* the width of a label on screen, measured in the font vis-network draws it with */
  var ruler = document.createElement("canvas").getContext("2d"), widths = new Map();
  ruler.font = LABEL_PX + "px arial";
  function labelWidth(n) {
    if (!widths.has(n.id)) widths.set(n.id, Math.max.apply(null, n.label.split("\n").map(function (l) { return ruler.measureText(l).width; })) + 2);
    return widths.get(n.id);
  }
  function labelBox(n, scale, width, height) {
    var p = network.canvasToDOM({ x: n.x, y: n.y }), lines = n.label.split("\n");
    var w = labelWidth(n);
    var top = p.y + (n.size || 10) * scale + 2;
    var box = { id: n.id, left: p.x - w / 2, right: p.x + w / 2, top: top, bottom: top + lines.length * LABEL_PX * 1.25 };
    return box.right < 0 || box.left > width || box.bottom < 0 || box.top > height ? null : box;
  }
  function declutter() {
    var scale = network.getScale(), canvas = document.getElementById("map"), changes = [], kept = [], tried = 0;
    var width = canvas.clientWidth, height = canvas.clientHeight;
    (state.mediators ? mediatorsFirst : importance).forEach(function (n) {
      var box = null;
      if (shown.has(n.id) && tried < LABEL_CANDIDATES && !(state.mediators && !tieEnds.has(n.id))) {
        box = labelBox(n, scale, width, height);
        if (box) {
          tried += 1;
          for (var i = 0; i < kept.length; i++) {
            var k = kept[i];
            if (box.left < k.right + LABEL_GAP && k.left < box.right + LABEL_GAP &&
                box.top < k.bottom + LABEL_GAP && k.top < box.bottom + LABEL_GAP) { box = null; break; }
          }
        }
      }
      if (box) kept.push(box);
      var size = box ? LABEL_PX / scale : 0;
      if (labelled.get(n.id) !== size) { labelled.set(n.id, size); changes.push({ id: n.id, font: { size: size } }); }
    });
    labelBoxes = kept;
    if (changes.length) nodes.update(changes);
    /* the count on each fold, at the labels' size on screen */
    if (folds.length && foldFont !== LABEL_PX / scale) {
      foldFont = LABEL_PX / scale;
      edges.update(folds.map(function (f) {
        return { id: f.id, font: { size: foldFont, color: "#1c2833", strokeWidth: 3 / scale, strokeColor: "#ffffff" } };
      }));
    }
  }
  var pending = false;
  function declutterSoon() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; declutter(); });
  }
  network.on("zoom", declutterSoon);
  network.on("dragEnd", declutterSoon);
  /* the view fills the page: fitted again when the window changes size, until the reader moves or zooms it */
  var moved = false;
  network.on("zoom", function () { moved = true; });
  network.on("dragEnd", function (p) { if (!p.nodes.length) moved = true; });
  /* after vis-network's own handling of the new size, which keeps the old centre and scale */
  network.on("resize", function () { requestAnimationFrame(function () { if (!moved) refit(); declutterSoon(); }); });
  /* fitted on the positions of the nodes shown, a margin kept for their labels (vis-network's own fit counts the
     labels, whose size follows the zoom, so that fitting twice does not give the same view) */
  var MARGIN_X = 70, MARGIN_Y = 45;
  function refit() {
    /* the view fits the network: the entities that stand alone lie below it, within reach */
    var ids = nodeView.getIds(), linked = ids.filter(function (id) { return around.get(id).length; });
    if (linked.length) ids = linked;
    var canvas = document.getElementById("map"), box = network.getPositions(ids);
    if (!ids.length) return;
    var xs = ids.map(function (id) { return box[id].x; }), ys = ids.map(function (id) { return box[id].y; });
    var left = Math.min.apply(null, xs), right = Math.max.apply(null, xs), top = Math.min.apply(null, ys), bottom = Math.max.apply(null, ys);
    var scale = Math.min((canvas.clientWidth - 2 * MARGIN_X) / Math.max(right - left, 1), (canvas.clientHeight - 2 * MARGIN_Y) / Math.max(bottom - top, 1));
    network.moveTo({ position: { x: (left + right) / 2, y: (top + bottom) / 2 }, scale: scale, animation: false });
    declutterSoon();
  }
  network.once("afterDrawing", declutter);
  refit();
  var left = Infinity, right = -Infinity;
  DATA.nodes.forEach(function (n) { left = Math.min(left, n.x - 120); right = Math.max(right, n.x + 120); });
  network.on("beforeDrawing", function (ctx) {
    var scale = network.getScale(), edge = network.DOMtoCanvas({ x: 8, y: 0 }).x;
    DATA.bands.forEach(function (b, i) {
      ctx.fillStyle = i % 2 ? "#f8f9f9" : "#eaf1f7";
      ctx.fillRect(Math.min(left, edge - 8 / scale), b.top - 50, right - Math.min(left, edge - 8 / scale), b.bottom - b.top + 100);
      ctx.fillStyle = "#34495e"; ctx.textBaseline = "top";
      ctx.font = "bold " + Math.round(15 / scale) + "px DejaVu Sans, sans-serif";
      ctx.fillText(b[lang], edge, b.top - 46);
    });
  });

  /* Mediators view: the best-ranked mediators (the ranking the build stored) and the ties of the facts their
     explanations rest on stay; the rest is dimmed */
  var M = DATA.mediators, tops = new Set(M.top.map(function (i) { return DATA.nodes[i].id; }));
  var tieEdges = new Set(M.ties.map(function (i) { return "e" + i; })), tieFolds = new Set(M.folds.map(function (i) { return "f" + i; }));
  var tieEnds = new Set(tops);
  M.ties.forEach(function (i) { var e = DATA.edges[i]; tieEnds.add(e.from); tieEnds.add(e.to); });
  M.folds.forEach(function (i) { tieEnds.add(folds[i].from); tieEnds.add(folds[i].to); });
  var mediatorsFirst = importance.filter(function (n) { return tops.has(n.id); }).concat(importance.filter(function (n) { return !tops.has(n.id); }));
  function emphasise() {
    var on = state.mediators;
    nodes.update(DATA.nodes.map(function (n) {
      var top = on && tops.has(n.id);
      return { id: n.id, opacity: !on || tieEnds.has(n.id) ? 1 : 0.15, borderWidth: top ? 4 : 1,
               color: top ? { border: "#1c2833", background: S.kinds[n.kind].color } : S.kinds[n.kind].color };
    }));
    edges.update(DATA.edges.map(function (e) {
      return { id: e.id, color: { color: e.color, opacity: !on || tieEdges.has(e.id) ? 1 : 0.08 } };
    }).concat(folds.map(function (f) {
      return { id: f.id, color: { color: S.edges[f.type].color, opacity: !on || tieFolds.has(f.id) ? 1 : 0.08 } };
    })));
    declutterSoon();
  }
  var mediatorsButton = document.getElementById("mediators");
  mediatorsButton.hidden = !tops.size;
  mediatorsButton.addEventListener("click", function () {
    state.mediators = !state.mediators; mediatorsButton.setAttribute("aria-pressed", String(state.mediators));
    if (selected) select(null); else emphasise();
  });

  /* Highlight and panel */
  function highlight(id) {
    if (!id && state.mediators) { emphasise(); return; }
    var keep = new Set([id]);
    if (id) around.get(id).forEach(function (e) { keep.add(e.from); keep.add(e.to); });
    var touching = folds.filter(function (f) { return f.from === id || f.to === id; });
    touching.forEach(function (f) { keep.add(f.from); keep.add(f.to); });
    nodes.update(DATA.nodes.map(function (n) { return { id: n.id, opacity: !id || keep.has(n.id) ? 1 : 0.15 }; }));
    edges.update(DATA.edges.map(function (e) {
      var on = !id || e.from === id || e.to === id;
      return { id: e.id, color: { color: e.color, opacity: on ? 1 : 0.1 } };
    }).concat(folds.map(function (f) {
      return { id: f.id, color: { color: S.edges[f.type].color, opacity: !id || f.from === id || f.to === id ? 1 : 0.1 } };
    })));
  }
  /* each quote once in the panel: a quote already shown above is not repeated (seen: the quotes shown) */
  function once(quotes, seen) {
    return quotes.filter(function (q) { if (seen.has(q)) return false; seen.add(q); return true; })
      .map(function (q) { return "<blockquote>" + esc(q) + "</blockquote>"; }).join("");
  }
  function facts(n, seen) {
    return around.get(n.id).map(function (e) {
      var other = e.from === n.id ? e.to : e.from;
      return e.facts.map(function (f) {
        return '<div class="fact"><b>' + esc(S.edges[e.type][lang]) + "</b>" + (f.role ? " (" + esc(label(f.role)) + ")" : "") +
          (f.date ? ' <span class="date">' + esc(f.date) + "</span>" : "") +
          ' — <a href="#" data-node="' + esc(other) + '">' + esc(byId.get(other).name) + "</a><br>" +
          esc(t("source")) + (lang === "fr" ? " : " : ": ") + esc(label(f.source)) +
          once(f.quotes, seen) + "</div>";
      }).join("");
    }).join("");
  }
  function showPanel(id) {
    detail();
    var seen = new Set();
    var n = byId.get(id), rows = [];
    rows.push(["kind", esc(S.kinds[n.kind][lang])]);
    if (n.mediator) rows.push(["mediator", esc(n.mediator[lang])]);
    if (n.alt.length) rows.push(["otherNames", n.alt.map(esc).join("<br>")]);
    if (n.levelIri) rows.push(["level", esc(label(n.levelIri))]);
    if (n.axes.length) rows.push(["axes", n.axes.map(function (a) { return t("axis") + " " + a; }).join(", ")]);
    if (n.actionType) rows.push(["actionType", esc(label(n.actionType))]);
    if (n.date) rows.push(["date", esc(n.date)]);
    if (n.sources.length) rows.push(["source", n.sources.map(function (s) { return esc(label(s)); }).join("<br>") +
      once(n.quotes, seen)]);
    /* served: the server's pages; opened from disk: the entity's own IRI, and no link to a server */
    var served = location.protocol === "http:" || location.protocol === "https:";
    var page = served && n.id.indexOf(DATA.idBase) === 0 ? "/id/" + n.id.slice(DATA.idBase.length) : n.id;
    var sparql = served ? "/sparql?query=" + encodeURIComponent("DESCRIBE <" + n.id + ">") : null;
    document.getElementById("panel-body").innerHTML = "<h2>" + esc(n.name) + "</h2>" +
      (n.description && n.description !== n.name ? "<p>" + esc(n.description) + "</p>" : "") +
      "<dl>" + rows.map(function (r) { return "<dt>" + esc(t(r[0])) + "</dt><dd>" + r[1] + "</dd>"; }).join("") + "</dl>" +
      '<p><a class="entity-page" href="' + esc(page) + '">' + esc(t("entityPage")) + "</a>" +
      (sparql ? ' · <a class="sparql" href="' + esc(sparql) + '">' + esc(t("sparql")) + "</a>" : "") + "</p>" +
      "<h3>" + esc(t("facts")) + "</h3>" + facts(n, seen);
    document.getElementById("panel").hidden = false;
  }
  function select(id) {
    selected = id;
    if (!id) { document.getElementById("panel").hidden = true; highlight(null); network.unselectAll(); return; }
    if (!shown.has(id)) { state.search = null; state.hits = null; document.getElementById("search").value = ""; compute(); }
    network.selectNodes([id]); highlight(id); showPanel(id);
  }
  network.on("click", function (p) {
    var at = p.nodes.length ? null : foldAt(p.pointer.canvas);
    if (at) { unfoldOne(at); return; }
    select(p.nodes.length ? p.nodes[0] : null);
  });
  function unfoldOne(id) { opened.add(id); compute(); }
  /* the fold drawn under a point (where edges lie on one another, the fold first) */
  function foldAt(point) {
    var body = network.body.nodes, reach = 6 / network.getScale(), found = null, best = Infinity;
    shownFolds.forEach(function (id) {
      var f = foldById.get(id), a = body[f.from], b = body[f.to], dx = b.x - a.x, dy = b.y - a.y;
      var share = Math.max(0, Math.min(1, ((point.x - a.x) * dx + (point.y - a.y) * dy) / (dx * dx + dy * dy || 1)));
      var d = Math.hypot(point.x - a.x - share * dx, point.y - a.y - share * dy);
      if (d <= reach && d < best) { best = d; found = id; }
    });
    return found;
  }
  document.getElementById("panel").addEventListener("click", function (ev) {
    var a = ev.target.closest("a[data-node]");
    if (a) { ev.preventDefault(); select(a.dataset.node); network.focus(a.dataset.node, { scale: 1.2 }); }
  });
  document.getElementById("panel-close").addEventListener("click", function () { select(null); });

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
