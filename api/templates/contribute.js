/* The contribution form: entities picked with the named query entity-search (any spelling) or created,
   concepts from the schemes, a source and its quote; sent as JSON to POST /contribute with the token.
   A 422's violations are shown next to their fields (the others below the form). */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("contribute-data").textContent), T = DATA.text;
  var formNode = document.getElementById("contribute"), kind = document.getElementById("kind");
  var outcome = document.getElementById("outcome"), others = document.getElementById("other-violations");

  function current() { return formNode.querySelector('fieldset.kind[data-kind="' + kind.value + '"]'); }
  kind.addEventListener("change", function () {
    formNode.querySelectorAll("fieldset.kind").forEach(function (f) { f.hidden = f.dataset.kind !== kind.value; });
  });
  formNode.querySelectorAll('input[name="source-kind"]').forEach(function (radio) {
    radio.addEventListener("change", function () {
      var isNew = formNode.querySelector('input[name="source-kind"]:checked').value === "new";
      document.getElementById("new-source").hidden = !isNew;
      document.getElementById("source").disabled = isNew;
    });
  });

  function searchField(div) {
    var input = div.querySelector(".search"), list = div.querySelector(".results"), timer = null;
    div.querySelector(".create").addEventListener("change", function (event) {
      div.querySelector(".new-entity").hidden = !event.target.checked;
      input.disabled = event.target.checked;
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = input.value.trim();
        list.textContent = "";
        if (q.length < 2) return;
        fetch("/queries/entity-search?q=" + encodeURIComponent(q), { headers: { Accept: "application/sparql-results+json" } })
          .then(function (r) { return r.ok ? r.json() : { results: { bindings: [] } }; })
          .then(function (found) {
            list.textContent = "";
            var seen = {};
            found.results.bindings.forEach(function (row) {
              if (seen[row.entity.value] || list.children.length >= 8) return;
              seen[row.entity.value] = true;
              var li = document.createElement("li"), button = document.createElement("button");
              button.type = "button";
              button.className = "pick";
              button.textContent = row.label.value + " (" + row.typeLabel.value + ")";
              button.addEventListener("click", function () {
                div.querySelector(".iri").value = row.entity.value;
                div.querySelector(".chosen").textContent = row.label.value + " — " + row.entity.value;
                list.textContent = "";
              });
              li.appendChild(button);
              list.appendChild(li);
            });
            if (!list.children.length) list.textContent = T.no_match;
          });
      }, 250);
    });
  }
  formNode.querySelectorAll('.field[data-type="entity"]').forEach(searchField);

  function value(div) {
    var type = div.dataset.type;
    if (type === "entity") {
      if (div.querySelector(".create").checked) {
        var label = div.querySelector(".new-label").value.trim();
        return label ? { "new": { label: label, "class": div.querySelector(".new-class").value } } : null;
      }
      var iri = div.querySelector(".iri").value;
      return iri ? { iri: iri } : null;
    }
    var node = div.querySelector(type === "concept" ? ".concept" : ".text");
    return node.value.trim() || null;
  }
  function submission() {
    var fields = {};
    current().querySelectorAll(".field").forEach(function (div) {
      var v = value(div);
      if (v !== null) fields[div.dataset.field] = v;
    });
    var isNew = formNode.querySelector('input[name="source-kind"]:checked').value === "new", source = null;
    if (isNew) {
      source = { "new": { title: document.getElementById("source-title").value, date: document.getElementById("source-date").value,
                          url: document.getElementById("source-url").value, publisher: document.getElementById("source-publisher").value,
                          language: document.getElementById("language").value } };
    } else if (document.getElementById("source").value) {
      source = { iri: document.getElementById("source").value };
    }
    return { kind: kind.value, fields: fields, source: source, quote: document.getElementById("quote").value,
             language: document.getElementById("language").value };
  }
  function clear() {
    formNode.querySelectorAll(".violation").forEach(function (p) { p.textContent = ""; });
    formNode.querySelectorAll(".field.invalid").forEach(function (d) { d.classList.remove("invalid"); });
    others.textContent = "";
    outcome.textContent = "";
  }
  function place(name) {
    return current().querySelector('.field[data-field="' + name + '"]') ||
           formNode.querySelector('fieldset:not(.kind) .field[data-field="' + name + '"]');
  }
  function show(violations) {
    violations.forEach(function (v) {
      var text = v.message + (v.value ? " (" + v.value + ")" : ""), div = v.field ? place(v.field) : null;
      if (div) {
        var p = div.querySelector(".violation");
        p.textContent = (p.textContent ? p.textContent + " ; " : "") + text;
        div.classList.add("invalid");
      } else {
        var li = document.createElement("li");
        li.textContent = v.focus + " : " + text;
        others.appendChild(li);
      }
    });
  }
  formNode.addEventListener("submit", function (event) {
    event.preventDefault();
    clear();
    fetch("/contribute", { method: "POST", body: JSON.stringify(submission()),
                           headers: sesToken.headers({ "Content-Type": "application/json", Accept: "application/json" }) })
      .then(function (response) {
        return response.json().then(function (body) {
          if (response.status === 201) outcome.textContent = T.written + " " + body.fact;
          else if (response.status === 202) outcome.textContent = T.proposed + " " + body.id;
          else if (response.status === 422) { outcome.textContent = T.refused; show(body.violations); }
          else outcome.textContent = response.status + " " + body.detail;
        });
      });
  });
})();
