/* The contribution form: entities picked with the named query entity-search (any spelling) or created,
   concepts from the schemes, dates, a source and its quote; sent as JSON to POST /contribute with the token.
   A new entity's name is searched too, with the same ranking: the entities it resembles (ranked better than
   DATA.similar_below: the same name, the same words, or within a typo or two) are shown, to be picked instead.
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

  function search(q) {
    return fetch("/queries/entity-search?q=" + encodeURIComponent(q),
                 { headers: { Accept: "application/sparql-results+json" } })
      .then(function (r) { return r.ok ? r.json() : { results: { bindings: [] } }; })
      .then(function (found) {
        var seen = {};
        return found.results.bindings.filter(function (row) {
          if (seen[row.entity.value]) return false;
          seen[row.entity.value] = true;
          return true;
        });
      });
  }
  function later(run) {
    var timer = null;
    return function () { clearTimeout(timer); timer = setTimeout(run, 250); };
  }
  function searchField(div) {
    var input = div.querySelector(".search"), list = div.querySelector(".results"), create = div.querySelector(".create");
    var newLabel = div.querySelector(".new-label"), similar = div.querySelector(".similar");
    function pick(row) {
      div.querySelector(".iri").value = row.entity.value;
      div.querySelector(".chosen").textContent = row.label.value + " — " + row.entity.value;
      list.textContent = "";
    }
    function button(row, text, className, then) {
      var li = document.createElement("li"), node = document.createElement("button");
      node.type = "button";
      node.className = className;
      node.textContent = text;
      node.addEventListener("click", function () { pick(row); if (then) then(); });
      li.appendChild(node);
      return li;
    }
    function useExisting() {
      create.checked = false;
      create.dispatchEvent(new Event("change"));
    }
    create.addEventListener("change", function () {
      div.querySelector(".new-entity").hidden = !create.checked;
      input.disabled = create.checked;
      if (!create.checked) similar.hidden = true;
      else if (newLabel.value.trim()) warn();
    });
    input.addEventListener("input", later(function () {
      var q = input.value.trim();
      list.textContent = "";
      if (q.length < 2) return;
      search(q).then(function (rows) {
        list.textContent = "";
        rows.slice(0, 8).forEach(function (row) {
          list.appendChild(button(row, row.label.value + " (" + row.typeLabel.value + ")", "pick"));
        });
        if (!list.children.length) list.textContent = T.no_match;
      });
    }));
    function warn() {
      var name = newLabel.value.trim(), ul = similar.querySelector("ul");
      if (name.length < 2) { similar.hidden = true; return; }
      search(name).then(function (rows) {
        if (newLabel.value.trim() !== name || !create.checked) return;  // typed on meanwhile, or no longer new
        ul.textContent = "";
        rows.filter(function (row) { return Number(row.match.value) < DATA.similar_below; }).slice(0, 5)
          .forEach(function (row) {
            ul.appendChild(button(row, row.label.value + " (" + row.typeLabel.value + ") : " + T.use_existing,
                                  "use-existing", useExisting));
          });
        similar.hidden = !ul.children.length;
      });
    }
    newLabel.addEventListener("input", later(warn));
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
    var node = div.querySelector(type === "concept" ? ".concept" : type === "date" ? ".date" : ".text");
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
