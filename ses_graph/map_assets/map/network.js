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

