/* The editor: YASGUI with one tab per named query. A named query's tab runs on /queries/NAME (its
   text, as edited, with the values of its parameters bound by the server); it refuses to run
   while a required parameter is empty, and asks for it. Other tabs run on /sparql. */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("editor-data").textContent), T = DATA.text;
  var endpoint = location.origin + "/sparql";
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    persistenceId: null,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    yasqe: { autocompleters: ["prefixes", "variables"] }
  });
  var named = {}, values = {}, form = document.getElementById("parameters"), note = document.getElementById("parameters-note");
  DATA.examples.forEach(function (example, i) {
    var id = "query-" + example.name, config = { id: id, name: example.title, yasqe: { value: example.text } };
    if (example.parameters.length) {
      config.requestConfig = { endpoint: location.origin + "/queries/" + example.name, method: "POST", args: [] };
      named[id] = example;
      values[id] = Object.assign({}, example.example);
    }
    yasgui.addTab(i === 0, config);
    if (named[id]) yasgui.getTab(id).setRequestConfig({ args: args(id) });
  });
  function args(id) {
    return named[id].parameters.filter(function (p) { return values[id][p.name]; })
      .map(function (p) { return { name: p.name, value: String(values[id][p.name]) }; });
  }
  function missing(id) {
    return named[id] ? named[id].parameters.filter(function (p) { return p.required && !values[id][p.name]; }) : [];
  }
  function drawForm(asking) {
    var tab = yasgui.getTab(), id = tab && tab.getId(), example = named[id];
    form.querySelectorAll("label").forEach(function (el) { el.remove(); });
    form.hidden = !example;
    if (!example) return;
    example.parameters.forEach(function (p) {
      var label = document.createElement("label"), input = document.createElement("input");
      label.textContent = p.name + (p.required ? " *" : "") + " — " + p.description;
      input.name = p.name; input.value = values[id][p.name] || ""; input.required = p.required;
      if (asking && p.required && !input.value) input.classList.add("missing");
      input.addEventListener("input", function () {
        values[id][p.name] = input.value; input.classList.remove("missing");
        tab.setRequestConfig({ args: args(id) });
        if (!missing(id).length) { note.textContent = T.bound; note.className = "muted"; }
      });
      label.appendChild(input);
      form.appendChild(label);
    });
    var absent = missing(id);
    note.textContent = asking && absent.length ? T.needs + " " + absent.map(function (p) { return p.name; }).join(", ")
      : T.bound;
    note.className = asking && absent.length ? "error" : "muted";
  }
  var run = Yasqe.prototype.query;
  Yasqe.prototype.query = function () {
    var tab = yasgui.getTab(), id = tab && tab.getId();
    if (missing(id).length) {
      drawForm(true);
      var first = form.querySelector("input.missing");
      if (first) first.focus();
      return Promise.reject(new Error(T.needs));
    }
    return run.apply(this, arguments);
  };
  yasgui.on("tabSelect", function () { setTimeout(function () { drawForm(false); }, 0); });
  drawForm(false);
  window.sesEditor = yasgui;
})();
