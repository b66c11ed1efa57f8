// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Prefill empty time-zone fields with the browser's own zone.
  document.addEventListener("DOMContentLoaded", function () {
    var zone = "";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { zone = ""; }
    if (!zone) { return; }
    document.querySelectorAll("input[data-detect-zone]").forEach(function (input) {
      if (!input.value) { input.value = zone; }
    });
  });
})();
