// Week grid for the weekly-pattern editor: paint half hours by click-and-drag.
// Progressive enhancement only: painting rewrites the plain block rows of the form
// (kind, day, start, end, ...), so the server receives exactly what a person typing
// into the rows would send. Without this file the rows are the editor; keyboard
// users use the rows too (the grid itself is hidden from assistive technology).
(function () {
  "use strict";

  var DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
  var SLOTS = 48; // half hours in a day
  var SLOT_MINUTES = 30;
  var LAYERS = [
    { key: "working", label: "Working hours", kind: "working" },
    { key: "peak", label: "Peak energy", kind: "energy", energy: "peak" },
    { key: "low", label: "Low energy", kind: "energy", energy: "low" },
    { key: "focus", label: "Protected focus", kind: "focus", hard: true },
    { key: "routine", label: "Routine", kind: "routine", named: true },
    { key: "no_meetings", label: "No meetings", kind: "no_meetings" }
  ];
  var RUN_LABELS = { peak: "Peak", low: "Low" }; // words on the grid, not colour alone
  // Painting one energy level clears the other: energy blocks may not overlap.
  var EXCLUSIVE = { peak: ["low"], low: ["peak"] };

  function emptyLayer() {
    var days = [];
    for (var d = 0; d < 7; d++) {
      var slots = [];
      for (var s = 0; s < SLOTS; s++) { slots.push(false); }
      days.push(slots);
    }
    return days;
  }

  function field(row, name) {
    return row.querySelector('[name$="-' + name + '"]');
  }

  function minutes(text) {
    var match = /^(\d{1,2}):(\d{2})$/.exec((text || "").trim());
    if (!match) { return null; }
    return parseInt(match[1], 10) * 60 + parseInt(match[2], 10);
  }

  function clock(total) {
    total = total % (24 * 60);
    var h = Math.floor(total / 60), m = total % 60;
    return (h < 10 ? "0" : "") + h + ":" + (m < 10 ? "0" : "") + m;
  }

  function layerOf(row) {
    var kind = field(row, "kind").value;
    if (!kind || field(row, "delete").checked) { return null; }
    for (var i = 0; i < LAYERS.length; i++) {
      var layer = LAYERS[i];
      if (layer.kind !== kind) { continue; }
      if (layer.energy && field(row, "energy").value !== layer.energy) { continue; }
      if (layer.hard && !field(row, "hard").checked) { continue; }
      return layer.key;
    }
    return null;
  }

  function weekdaysOf(value) {
    if (value === "weekdays") { return [0, 1, 2, 3, 4]; }
    if (value === "all") { return [0, 1, 2, 3, 4, 5, 6]; }
    var day = parseInt(value, 10);
    return isNaN(day) ? [] : [day];
  }

  function markRow(layer, row) {
    var value = field(row, "kind").value === "routine" ? routineName(row) : true;
    var start = minutes(field(row, "start").value);
    var end = minutes(field(row, "end").value);
    if (start === null || end === null) { return; }
    if (end <= start) { end += 24 * 60; }
    weekdaysOf(field(row, "weekday").value).forEach(function (day) {
      for (var offset = 0; offset < 2 * SLOTS; offset++) {
        var slotStart = offset * SLOT_MINUTES;
        if (slotStart < end && start < slotStart + SLOT_MINUTES) {
          layer[(day + Math.floor(offset / SLOTS)) % 7][offset % SLOTS] = value;
        }
      }
    });
  }

  function routineName(row) {
    return field(row, "label").value.trim() || "Routine";
  }

  function readRows(tbody, state) {
    LAYERS.forEach(function (layer) { state[layer.key] = emptyLayer(); });
    rows(tbody).forEach(function (row) {
      var key = layerOf(row);
      if (key) { markRow(state[key], row); }
    });
  }

  function rows(tbody) {
    return Array.prototype.slice.call(tbody.querySelectorAll("tr[data-block-row]"));
  }

  function clearRow(row) {
    ["kind", "start", "end", "energy", "label"].forEach(function (name) { field(row, name).value = ""; });
    ["hard", "private", "delete", "next_day"].forEach(function (name) { field(row, name).checked = false; });
    field(row, "weekday").value = "0";
    row.querySelectorAll(".field-error").forEach(function (error) { error.remove(); });
    row.querySelectorAll("[aria-invalid]").forEach(function (input) { input.removeAttribute("aria-invalid"); });
  }

  function isEmpty(row) {
    return !field(row, "kind").value && !field(row, "start").value && !field(row, "end").value;
  }

  function rowIndex(row) {
    var match = /^blocks-(\d+)-/.exec(field(row, "kind").name);
    return match ? parseInt(match[1], 10) : 0;
  }

  function addRow(tbody) {
    var all = rows(tbody);
    var last = all[all.length - 1];
    var next = Math.max.apply(null, all.map(rowIndex)) + 1;
    var copy = last.cloneNode(true);
    var pattern = /blocks-\d+-/g;
    copy.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach(function (el) {
      ["name", "id", "for", "aria-describedby"].forEach(function (attr) {
        if (el.hasAttribute(attr)) { el.setAttribute(attr, el.getAttribute(attr).replace(pattern, "blocks-" + next + "-")); }
      });
    });
    copy.querySelectorAll(".visually-hidden").forEach(function (span) {
      span.textContent = span.textContent.replace(/Row \d+/, "Row " + (all.length + 1));
    });
    tbody.appendChild(copy);
    clearRow(copy);
    return copy;
  }

  function freeRow(tbody) {
    var empty = rows(tbody).filter(isEmpty)[0];
    return empty || addRow(tbody);
  }

  // Runs of equal painted values: [start slot, end slot, value].
  function runs(slots) {
    var found = [], start = null;
    for (var s = 0; s <= SLOTS; s++) {
      var value = s < SLOTS ? slots[s] : false;
      if (start !== null && value !== slots[start]) { found.push([start, s, slots[start]]); start = null; }
      if (value && start === null) { start = s; }
    }
    return found;
  }

  // A routine's "Protected / hard" and "Private" answers, by name, before its rows are rewritten.
  function routineDetails(tbody) {
    var details = {};
    rows(tbody).forEach(function (row) {
      if (layerOf(row) === "routine") {
        details[routineName(row)] = { hard: field(row, "hard").checked, private: field(row, "private").checked };
      }
    });
    return details;
  }

  // Rewrite every row of `key` from the painted cells.
  function writeLayer(tbody, state, key) {
    var layer = LAYERS.filter(function (l) { return l.key === key; })[0];
    var details = key === "routine" ? routineDetails(tbody) : {};
    rows(tbody).forEach(function (row) { if (layerOf(row) === key) { clearRow(row); } });
    state[key].forEach(function (slots, day) {
      runs(slots).forEach(function (run) {
        var row = freeRow(tbody);
        field(row, "kind").value = layer.kind;
        field(row, "weekday").value = String(day);
        field(row, "start").value = clock(run[0] * SLOT_MINUTES);
        field(row, "end").value = clock(run[1] * SLOT_MINUTES);
        field(row, "energy").value = layer.energy || "";
        field(row, "hard").checked = !!layer.hard;
        if (layer.named) {
          var kept = details[run[2]] || { hard: true, private: false };
          field(row, "label").value = run[2];
          field(row, "hard").checked = kept.hard;
          field(row, "private").checked = kept.private;
        }
      });
    });
  }

  function swatch(key) {
    var mark = document.createElement("span");
    mark.className = "swatch swatch-" + key;
    mark.setAttribute("aria-hidden", "true");
    return mark;
  }

  function buildPalette(host, choose) {
    var fieldset = document.createElement("fieldset");
    fieldset.className = "grid-palette";
    var legend = document.createElement("legend");
    legend.textContent = "Paint on the week grid";
    fieldset.appendChild(legend);
    LAYERS.forEach(function (layer, index) {
      var label = document.createElement("label");
      var input = document.createElement("input");
      input.type = "radio";
      input.name = "grid-layer";
      input.value = layer.key;
      input.checked = index === 0;
      input.addEventListener("change", function () { choose(layer.key); });
      label.appendChild(input);
      label.appendChild(document.createTextNode(" "));
      label.appendChild(swatch(layer.key));
      label.appendChild(document.createTextNode(layer.label));
      fieldset.appendChild(label);
      if (layer.named) {
        var named = document.createElement("label");
        named.className = "routine-name";
        named.textContent = "Routine name";
        var name = document.createElement("input");
        name.type = "text";
        name.maxLength = 80;
        name.value = "Routine";
        name.setAttribute("data-routine-name", "");
        name.addEventListener("focus", function () { input.checked = true; choose(layer.key); });
        named.appendChild(name);
        fieldset.appendChild(named);
      }
    });
    var hint = document.createElement("small");
    hint.className = "muted";
    hint.textContent = "Drag across the grid to paint a kind; drag from a painted cell to erase. " +
      "The rows below update; press “Save my week” to keep it.";
    fieldset.appendChild(hint);
    host.appendChild(fieldset);
  }

  function buildGrid(host) {
    var grid = document.createElement("div");
    grid.className = "week-grid";
    grid.setAttribute("aria-hidden", "true");
    grid.appendChild(document.createElement("div"));
    DAYS.forEach(function (name) {
      var head = document.createElement("div");
      head.className = "grid-head";
      head.textContent = name;
      grid.appendChild(head);
    });
    var cells = [];
    for (var d = 0; d < 7; d++) { cells.push([]); }
    for (var s = 0; s < SLOTS; s++) {
      var hour = document.createElement("div");
      hour.className = "grid-hour";
      hour.textContent = s % 4 === 0 ? clock(s * SLOT_MINUTES) : "";
      grid.appendChild(hour);
      for (d = 0; d < 7; d++) {
        var cell = document.createElement("div");
        cell.className = "grid-cell" + (s % 2 === 0 ? " on-hour" : "");
        cell.dataset.day = String(d);
        cell.dataset.slot = String(s);
        grid.appendChild(cell);
        cells[d].push(cell);
      }
    }
    host.appendChild(grid);
    return { element: grid, cells: cells };
  }

  function runLabel(cell, text, extra) {
    var tag = document.createElement("span");
    tag.className = "run-label" + (extra ? " " + extra : "");
    tag.textContent = text;
    cell.setAttribute("data-run-label", "");
    cell.appendChild(tag);
  }

  function paint(state, cells) {
    for (var d = 0; d < 7; d++) {
      for (var s = 0; s < SLOTS; s++) {
        var cell = cells[d][s];
        LAYERS.forEach(function (layer) {
          cell.classList.toggle("is-" + layer.key, !!state[layer.key][d][s]);
        });
        cell.removeAttribute("data-run-label");
        while (cell.firstChild) { cell.removeChild(cell.firstChild); }
      }
      // Each energy run and each routine starts with its word, so colour is not the only cue.
      Object.keys(RUN_LABELS).forEach(function (key) {
        runs(state[key][d]).forEach(function (run) { runLabel(cells[d][run[0]], RUN_LABELS[key]); });
      });
      runs(state.routine[d]).forEach(function (run) { runLabel(cells[d][run[0]], run[2], "is-routine-label"); });
    }
  }

  function cellAt(event) {
    var target = document.elementFromPoint(event.clientX, event.clientY);
    return target && target.classList && target.classList.contains("grid-cell") ? target : null;
  }

  function init() {
    var host = document.querySelector("[data-week-grid]");
    var tbody = document.querySelector("[data-block-rows]");
    if (!host || !tbody) { return; }
    var state = {};
    readRows(tbody, state);
    var current = LAYERS[0].key;
    buildPalette(host, function (key) { current = key; });
    var nameInput = host.querySelector("[data-routine-name]");
    function paintValue() {
      return current === "routine" ? (nameInput.value.trim() || "Routine") : true;
    }
    var grid = buildGrid(host);
    var status = document.createElement("p");
    status.className = "muted";
    status.setAttribute("role", "status");
    host.appendChild(status);
    paint(state, grid.cells);
    host.hidden = false;

    var drag = null;
    function rectangle(cell) {
      var d0 = +drag.anchor.dataset.day, s0 = +drag.anchor.dataset.slot;
      var d1 = +cell.dataset.day, s1 = +cell.dataset.slot;
      return [Math.min(d0, d1), Math.max(d0, d1), Math.min(s0, s1), Math.max(s0, s1)];
    }
    function preview(cell) {
      grid.element.querySelectorAll(".is-preview").forEach(function (c) { c.classList.remove("is-preview"); });
      if (!drag || !cell) { return; }
      drag.last = cell;
      var r = rectangle(cell);
      for (var d = r[0]; d <= r[1]; d++) {
        for (var s = r[2]; s <= r[3]; s++) { grid.cells[d][s].classList.add("is-preview"); }
      }
    }
    grid.element.addEventListener("pointerdown", function (event) {
      var cell = cellAt(event);
      if (!cell) { return; }
      event.preventDefault();
      var on = state[current][+cell.dataset.day][+cell.dataset.slot] !== paintValue();
      drag = { anchor: cell, last: cell, on: on };
      preview(cell);
    });
    document.addEventListener("pointermove", function (event) {
      if (drag) { preview(cellAt(event) || drag.last); }
    });
    document.addEventListener("pointerup", function () {
      if (!drag) { return; }
      var r = rectangle(drag.last), on = drag.on, touched = [current].concat(on ? EXCLUSIVE[current] || [] : []);
      for (var d = r[0]; d <= r[1]; d++) {
        for (var s = r[2]; s <= r[3]; s++) {
          state[current][d][s] = on ? paintValue() : false;
          if (on) { (EXCLUSIVE[current] || []).forEach(function (other) { state[other][d][s] = false; }); }
        }
      }
      drag = null;
      preview(null);
      touched.forEach(function (key) { writeLayer(tbody, state, key); });
      paint(state, grid.cells);
      status.textContent = "Rows updated from the grid. Press “Save my week” to keep them.";
      tbody.dispatchEvent(new CustomEvent("grid-painted", { bubbles: true }));
    });
    // Rows typed by hand, or replaced by "Copy a day", repaint the grid.
    function reread() { readRows(tbody, state); paint(state, grid.cells); }
    tbody.addEventListener("change", reread);
    tbody.addEventListener("rows-replaced", reread);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
