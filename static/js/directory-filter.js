// Filter as you type on /people. Progressive enhancement over the plain GET form:
// without this file the "Find people" button submits it as before. With it, typing
// or changing a filter waits a moment (debounce), fetches just the results
// (/people/results with the same query), swaps them in, keeps the address bar in step
// (history.replaceState, so a reload or a shared link shows the same list) and says
// the new count in the page's live region.
(function () {
  "use strict";
  var form = document.querySelector("form.directory-filters[data-results-url]");
  var results = document.getElementById("directory-results");
  var count = document.getElementById("result-count");
  if (!form || !results || !count || !window.fetch || !window.URLSearchParams) { return; }
  var DELAY = 250;
  var timer = null;
  var latest = 0;
  var lastQuery = queryOf();

  function queryOf() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (value !== "" && name !== "page") { params.append(name, value); }
    });
    return params.toString();
  }

  function show(html, query, ticket) {
    if (ticket !== latest) { return; } // an older reply arriving late: ignore it
    results.innerHTML = html;
    results.removeAttribute("aria-busy");
    var inner = results.querySelector("[data-count-text]");
    if (inner) { count.textContent = inner.getAttribute("data-count-text"); }
    var address = form.getAttribute("action") + (query ? "?" + query : "");
    history.replaceState(null, "", address);
  }

  function refresh() {
    var query = queryOf();
    if (query === lastQuery) { return; }
    lastQuery = query;
    var ticket = ++latest;
    results.setAttribute("aria-busy", "true");
    var url = form.getAttribute("data-results-url") + (query ? "?" + query : "");
    fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.text();
      })
      .then(function (html) { show(html, query, ticket); })
      .catch(function () {
        // Leave the list as it was; the button still submits the form.
        if (ticket === latest) { results.removeAttribute("aria-busy"); lastQuery = null; }
      });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, DELAY);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    lastQuery = null; // the button always refreshes
    refresh();
  });
  form.setAttribute("data-live", "true");
})();
