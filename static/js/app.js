// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  var numbers = new Intl.NumberFormat("en");

  // Prefill empty time-zone fields with the browser's own zone.
  function detectZones() {
    var zone = "";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { zone = ""; }
    if (!zone) { return; }
    document.querySelectorAll("input[data-detect-zone]").forEach(function (input) {
      if (!input.value) { input.value = zone; }
    });
  }

  // A live character counter under long text areas (data-max-chars). There is no
  // maxlength on purpose: nothing is cut; the server explains the limit on saving.
  function countCharacters(area) {
    var limit = parseInt(area.getAttribute("data-max-chars"), 10);
    if (!limit) { return; }
    var counter = document.createElement("small");
    counter.id = area.id + "-count";
    counter.className = "char-count";
    counter.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", counter);
    var described = area.getAttribute("aria-describedby");
    area.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
    var timer = null;
    function update() {
      var used = area.value.length;
      var over = used - limit;
      counter.textContent = numbers.format(used) + " of " + numbers.format(limit) + " characters" +
        (over > 0 ? " — " + numbers.format(over) + " over the limit; shorten it before saving." : "");
      counter.classList.toggle("is-over", over > 0);
    }
    area.addEventListener("input", function () {
      // Announce after a pause, not on every keystroke.
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 400);
    });
    update();
  }

  // Signing out forgets the drafts this device keeps (static/js/manual-editor.js): an
  // "Only me" section must not wait in the browser for whoever signs in next.
  function forgetDraftsOnSignOut() {
    document.querySelectorAll('form[action$="/logout"]').forEach(function (form) {
      form.addEventListener("submit", function () {
        try {
          Object.keys(window.localStorage).forEach(function (key) {
            if (key.indexOf("teamshape:draft:") === 0) { window.localStorage.removeItem(key); }
          });
        } catch (e) { /* storage blocked: nothing was kept */ }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    detectZones();
    forgetDraftsOnSignOut();
    document.querySelectorAll("textarea[data-max-chars]").forEach(countCharacters);
  });
})();
