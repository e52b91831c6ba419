/* The bearer token of the review and contribution pages: typed once, kept for the browser tab
   (sessionStorage), sent as "Authorization: Bearer TOKEN". */
var sesToken = (function () {
  "use strict";
  var KEY = "ses-graph-token", field = document.getElementById("token");
  field.value = sessionStorage.getItem(KEY) || "";
  field.addEventListener("change", function () { sessionStorage.setItem(KEY, field.value.trim()); });
  return {
    value: function () { return field.value.trim(); },
    headers: function (extra) {
      var headers = Object.assign({}, extra || {});
      if (field.value.trim()) headers.Authorization = "Bearer " + field.value.trim();
      return headers;
    }
  };
})();
