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

