/* The review page: GET /proposals with the token, one row per proposal; a pending one has the
   buttons of POST /proposals/ID/accept and /reject (with the reason typed beside it). */
(function () {
  "use strict";
  var T = JSON.parse(document.getElementById("proposals-data").textContent).text;
  var table = document.getElementById("proposals"), body = table.querySelector("tbody");
  var message = document.getElementById("message"), status = document.getElementById("status");

  function cell(row, text, tag) {
    var td = document.createElement("td"), inner = document.createElement(tag || "span");
    inner.textContent = text;
    td.appendChild(inner);
    row.appendChild(td);
    return td;
  }
  function problem(response) {
    return response.text().then(function (text) {
      var detail = text;
      try {
        var data = JSON.parse(text);
        detail = data.violations ? data.violations.map(function (v) { return v.focus + " " + v.message; }).join("; ")
                                 : data.detail;
      } catch (e) { /* plain text */ }
      return response.status + " " + (typeof detail === "string" ? detail : JSON.stringify(detail));
    });
  }
  function decide(proposal, action, reason) {
    var init = { method: "POST", headers: sesToken.headers({ "Content-Type": "application/json" }) };
    if (action === "reject") init.body = JSON.stringify({ reason: reason });
    fetch("/proposals/" + encodeURIComponent(proposal.id) + "/" + action, init).then(function (response) {
      if (!response.ok) return problem(response).then(function (text) { message.textContent = text; });
      message.textContent = action === "accept" ? T.done_accept : T.done_reject;
      return load();
    });
  }
  function row(proposal) {
    var tr = document.createElement("tr");
    tr.dataset.id = proposal.id;
    cell(tr, proposal.time);
    cell(tr, proposal.holder);
    var what = [].concat(proposal.added.map(function (l) { return "+ " + l; }),
                         proposal.removed.map(function (l) { return "- " + l; })).join("\n");
    cell(tr, what, "pre");
    var decision = cell(tr, T[proposal.status] + (proposal.decided_by ? " (" + proposal.decided_by + ")" : "") +
                            (proposal.reason ? ": " + proposal.reason : ""));
    if (proposal.status === "pending") {
      var accept = document.createElement("button"), reject = document.createElement("button");
      var reason = document.createElement("input");
      accept.className = "accept"; accept.textContent = T.accept;
      reject.className = "reject"; reject.textContent = T.reject;
      reason.className = "reason"; reason.placeholder = T.reason;
      accept.addEventListener("click", function () { decide(proposal, "accept"); });
      reject.addEventListener("click", function () {
        if (!reason.value.trim()) { message.textContent = T.reason_needed; reason.focus(); return; }
        decide(proposal, "reject", reason.value.trim());
      });
      [accept, reason, reject].forEach(function (node) { decision.appendChild(document.createTextNode(" ")); decision.appendChild(node); });
    }
    body.appendChild(tr);
  }
  function load() {
    var url = "/proposals" + (status.value ? "?status=" + status.value : "");
    return fetch(url, { headers: sesToken.headers({ Accept: "application/json" }) }).then(function (response) {
      if (!response.ok) return problem(response).then(function (text) { message.textContent = text; table.hidden = true; });
      return response.json().then(function (found) {
        body.textContent = "";
        found.forEach(row);
        table.hidden = !found.length;
        if (!found.length) message.textContent = T.none;
        else if (message.textContent === T.none) message.textContent = "";
      });
    });
  }
  document.getElementById("access").addEventListener("submit", function (event) { event.preventDefault(); load(); });
  if (sesToken.value()) load();
})();
