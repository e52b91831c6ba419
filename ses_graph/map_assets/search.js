/* The search ranking of ses_graph/search.py (normalize, allowance, match, rank), for the map, which
   also works opened from disk: the same tiers, the same edit allowances, the same order.
   tests/search_spellings.json is checked against both (tests/test_search.py, tests/cartography). */
var sesSearch = (function () {
  "use strict";
  var STEP = 10, EXACT = 0, SAME_WORDS = 1, TYPO = 2, PREFIX = 3, CONTAINS = 4, WORDS = 5;

  function normalize(text) {
    var key = text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^0-9a-z]+/g, " ").trim();
    return key.replace(/^(?:le|la|les|l|the)\s+/, "");
  }
  function allowance(text) { var n = text.replace(/ /g, "").length; return n <= 3 ? 0 : n <= 7 ? 1 : 2; }
  function split(key) { return key.split(" ").filter(function (w) { return w; }); }
  function words(key) {
    return split(key).map(function (w) { return w.length > 3 && w.charAt(w.length - 1) === "s" ? w.slice(0, -1) : w; });
  }
  function canonical(key) { return words(key).sort().join(" "); }
  function edits(a, b) { return damerauLevenshtein(a, b).steps; }
  function wordEdits(typed, keyWords) {
    var left = keyWords.slice(), total = 0;
    for (var t = 0; t < typed.length; t++) {
      var word = typed[t], allow = allowance(word), best = allow + 1, found = -1;
      for (var i = 0; i < left.length; i++) {
        var d = edits(word, left[i]);
        if (left[i].length > word.length) d = Math.min(d, edits(word, left[i].slice(0, word.length)));
        if (d < best) { best = d; found = i; }
      }
      if (found < 0) return null;
      total += best;
      left.splice(found, 1);
    }
    return total;
  }
  /* Rank of a normalised key for a normalised query, smaller is better; null when it does not match. */
  function match(key, query) {
    if (!key || !query) return null;
    if (key === query) return EXACT;
    if (canonical(key) === canonical(query)) return SAME_WORDS * STEP;
    var allow = allowance(query);
    if (allow) {
      var d = Math.min(edits(query, key), edits(canonical(query), canonical(key)));
      if (d <= allow) return TYPO * STEP + d;
    }
    var typed = split(query), keyWords = split(key);
    var starts = typed.every(function (t) { return keyWords.some(function (w) { return w.indexOf(t) === 0; }); });
    if (key.indexOf(query) === 0 || starts) {
      return PREFIX * STEP + typed.filter(function (t) { return keyWords.indexOf(t) < 0; }).length;
    }
    if (key.indexOf(query) >= 0) return CONTAINS * STEP;
    var w = wordEdits(words(query), words(key));
    return w === null ? null : WORDS * STEP + w;
  }
  function compare(a, b) {
    return (a.rank - b.rank) || (a.extra - b.extra) || (a.key.length - b.key.length) ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  }
  /* The items ({id, keys}) whose keys match the typed text, best first: [{item, id, rank, extra, key}]. */
  function rank(items, text) {
    var query = normalize(text), typed = split(query).length, found = [];
    items.forEach(function (item) {
      var best = null;
      item.keys.forEach(function (key) {
        var r = match(key, query);
        if (r === null) return;
        var m = { item: item, id: item.id, rank: r, extra: r >= PREFIX * STEP ? Math.max(0, split(key).length - typed) : 0, key: key };
        if (best === null || compare(m, best) < 0) best = m;
      });
      if (best) found.push(best);
    });
    return found.sort(compare);
  }
  return { normalize: normalize, match: match, rank: rank };
})();
