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
    if (n.mediator) rows.push(["mediator", esc(n.mediator[lang]) + (DATA.rankingStale === null || DATA.rankingStale === undefined ? "" :
      '<br><small class="stale">' + esc(t("rankingStale")) + " " + esc(DATA.rankingStale) + "</small>")]);
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

