// "My week": copy a day at once, and a preview chart that follows every change.
// Progressive enhancement only. Without this file the copy buttons post the form and
// the server copies the rows (app/patterns/copying.py, the same rule as copyDay below);
// the chart is then the saved week's.
//
// The preview is drawn by the server (POST /manual/pattern/preview: the same checks as
// saving, the same chart template, CSRF-protected); this file only swaps it in.
(function () {
  "use strict";

  var PREVIEW_DELAY = 500;
  var WEEKDAYS = [0, 1, 2, 3, 4];
  var ALL_DAYS = [0, 1, 2, 3, 4, 5, 6];
  var DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
  var KIND_ORDER = ["working", "energy", "focus", "routine", "no_meetings"];
  var TEXT = ["kind", "weekday", "start", "end", "energy", "label"];
  var TICKS = ["next_day", "hard", "private", "delete"];

  function field(row, name) { return row.querySelector('[name$="-' + name + '"]'); }

  function rowsOf(tbody) { return Array.prototype.slice.call(tbody.querySelectorAll("tr[data-block-row]")); }

  function readRow(row) {
    var found = {};
    TEXT.forEach(function (name) { found[name] = field(row, name).value; });
    TICKS.forEach(function (name) { found[name] = field(row, name).checked; });
    return found;
  }

  function writeRow(row, data) {
    TEXT.forEach(function (name) { field(row, name).value = data ? data[name] : (name === "weekday" ? "0" : ""); });
    TICKS.forEach(function (name) { field(row, name).checked = data ? !!data[name] : false; });
    row.querySelectorAll(".field-error").forEach(function (error) { error.remove(); });
    row.querySelectorAll("[aria-invalid]").forEach(function (input) { input.removeAttribute("aria-invalid"); });
  }

  // The same rule as app/patterns/copying.py: multi-day rows written out per day, the
  // target days' rows replaced by copies of the source day's, in the editor's order.
  function copyDay(rows, source, targets) {
    var daily = [];
    rows.forEach(function (row) {
      if (!row.kind || row.delete) { return; }
      var days = row.weekday === "weekdays" ? WEEKDAYS : row.weekday === "all" ? ALL_DAYS : [parseInt(row.weekday, 10)];
      days.forEach(function (day) { if (!isNaN(day)) { daily.push(Object.assign({}, row, { weekday: String(day) })); } });
    });
    targets = targets.filter(function (day) { return day !== source; });
    var originals = daily.filter(function (row) { return row.weekday === String(source); });
    var result = daily.filter(function (row) { return targets.indexOf(parseInt(row.weekday, 10)) < 0; });
    targets.forEach(function (day) {
      originals.forEach(function (row) { result.push(Object.assign({}, row, { weekday: String(day) })); });
    });
    function rank(row) { var i = KIND_ORDER.indexOf(row.kind); return i < 0 ? KIND_ORDER.length : i; }
    return result.sort(function (a, b) {
      return rank(a) - rank(b) || parseInt(a.weekday, 10) - parseInt(b.weekday, 10) ||
        (a.start < b.start ? -1 : a.start > b.start ? 1 : 0);
    });
  }

  function addRow(tbody) {
    var all = rowsOf(tbody);
    var next = all.reduce(function (top, row) {
      var match = /^blocks-(\d+)-/.exec(field(row, "kind").name);
      return Math.max(top, match ? parseInt(match[1], 10) + 1 : 0);
    }, 0);
    var copy = all[all.length - 1].cloneNode(true);
    copy.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach(function (el) {
      ["name", "id", "for", "aria-describedby"].forEach(function (attr) {
        if (el.hasAttribute(attr)) { el.setAttribute(attr, el.getAttribute(attr).replace(/blocks-\d+-/g, "blocks-" + next + "-")); }
      });
    });
    copy.querySelectorAll(".visually-hidden").forEach(function (span) {
      span.textContent = span.textContent.replace(/Row \d+/, "Row " + (all.length + 1));
    });
    tbody.appendChild(copy);
    return copy;
  }

  function replaceRows(tbody, wanted) {
    while (rowsOf(tbody).length < wanted.length + 1) { addRow(tbody); }
    rowsOf(tbody).forEach(function (row, index) { writeRow(row, wanted[index] || null); });
    tbody.dispatchEvent(new CustomEvent("rows-replaced"));
  }

  function setUpCopy(form, tbody, notice, changed) {
    var from = form.querySelector('select[name="copy_from"]');
    form.querySelectorAll("button[data-copy-to], input[data-copy-to]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        var source = parseInt(from.value, 10) || 0;
        var toWeekdays = button.getAttribute("data-copy-to") === "weekdays";
        replaceRows(tbody, copyDay(rowsOf(tbody).map(readRow), source, toWeekdays ? WEEKDAYS : ALL_DAYS));
        notice.textContent = DAY_NAMES[source] + "’s rows are copied to " +
          (toWeekdays ? "Monday to Friday" : "every day") +
          ". Nothing is saved yet: press “Save my week” to keep them.";
        notice.hidden = false;
        changed();
      });
    });
  }

  function setUpPreview(form) {
    var host = document.querySelector("[data-week-preview]");
    var note = document.querySelector("[data-week-preview-note]");
    if (!host || !window.fetch) { return function () {}; }
    var url = host.getAttribute("data-preview-url");
    var token = form.querySelector('input[name="csrf_token"]');
    var asked = 0, timer = null;
    function refresh() {
      var mine = ++asked;
      fetch(url, { method: "POST", body: new FormData(form), credentials: "same-origin",
                   headers: { "X-CSRFToken": token ? token.value : "", "Accept": "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          if (mine !== asked) { return; }
          if (answer.html) {
            host.innerHTML = answer.html; // the server's chart template, escaped by Jinja
            host.classList.remove("is-stale");
            note.textContent = "Preview of your week as it is now — not saved yet.";
          } else {
            host.classList.add("is-stale");
            note.textContent = (answer.error || "No preview right now.") + " The chart shows the last week that could be drawn.";
          }
        })
        .catch(function () { if (mine === asked) { note.textContent = "No preview right now; your rows are safe."; } });
    }
    return function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, PREVIEW_DELAY);
    };
  }

  function init() {
    var form = document.getElementById("pattern-form");
    var tbody = form && form.querySelector("[data-block-rows]");
    if (!tbody) { return; }
    var changed = setUpPreview(form);
    setUpCopy(form, tbody, form.parentNode.querySelector("[data-copy-notice]"), changed);
    tbody.addEventListener("grid-painted", changed);
    form.addEventListener("change", function (event) {
      if (event.target.name && event.target.name !== "grid-layer" && event.target.name !== "copy_from") { changed(); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
