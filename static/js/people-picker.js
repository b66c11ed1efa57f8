// "Find a time": one searchable box for people and teams, the picks shown as chips.
// Progressive enhancement: the four multiple-choice lists of the server form stay in
// the page (hidden) and remain what the form sends; this only selects their options.
(function () {
  "use strict";

  var FIELDS = {
    person: { required: "required_people", optional: "optional_people", word: "person" },
    team: { required: "required_teams", optional: "optional_teams", word: "team" }
  };

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function Picker(fallback) {
    this.fallback = fallback;
    this.select = function (name) { return fallback.querySelector("select[name='" + name + "']"); };
    this.entries = [];
    var self = this;
    Object.keys(FIELDS).forEach(function (kind) {
      var source = self.select(FIELDS[kind].required);
      if (!source) { return; }
      Array.prototype.forEach.call(source.options, function (option) {
        self.entries.push({ kind: kind, value: option.value, label: option.textContent.trim() });
      });
    });
    this.active = -1;
    this.build();
    this.render();
  }

  Picker.prototype.option = function (entry, role) {
    var select = this.select(FIELDS[entry.kind][role]);
    return select && Array.prototype.find.call(select.options, function (o) { return o.value === entry.value; });
  };

  Picker.prototype.roleOf = function (entry) {
    var required = this.option(entry, "required");
    var optional = this.option(entry, "optional");
    if (required && required.selected) { return "required"; }
    if (optional && optional.selected) { return "optional"; }
    return null;
  };

  Picker.prototype.setRole = function (entry, role) {
    ["required", "optional"].forEach(function (each) {
      var option = this.option(entry, each);
      if (option) { option.selected = each === role; }
    }, this);
    this.render();
  };

  Picker.prototype.build = function () {
    var box = el("div", { "class": "picker" });
    var label = el("label", { "for": "picker-search" }, "Add people or teams");
    this.input = el("input", {
      id: "picker-search", type: "search", role: "combobox", autocomplete: "off",
      "aria-autocomplete": "list", "aria-expanded": "false", "aria-controls": "picker-options",
      "aria-describedby": "picker-hint", placeholder: "Type a name or a team"
    });
    var hint = el("small", { id: "picker-hint" },
      "Everyone you add is required; switch a chip to optional if they need not come. You are always included.");
    this.list = el("ul", { id: "picker-options", role: "listbox", "class": "picker-options", "aria-label": "Matching people and teams" });
    this.list.hidden = true;
    var heading = el("p", { id: "picker-chosen-label", "class": "picker-chosen-label" }, "Chosen");
    this.chips = el("ul", { "class": "chips", "aria-labelledby": "picker-chosen-label" });
    this.status = el("p", { "class": "visually-hidden", role: "status", "aria-live": "polite" });
    [label, this.input, hint, this.list, heading, this.chips, this.status].forEach(function (n) { box.appendChild(n); });
    // Errors of the hidden lists stay visible.
    this.fallback.querySelectorAll(".field-error").forEach(function (error) {
      box.appendChild(el("p", { "class": "field-error", role: "alert" }, error.textContent));
    });
    this.fallback.parentNode.insertBefore(box, this.fallback);
    this.fallback.hidden = true;
    this.input.addEventListener("input", this.search.bind(this));
    this.input.addEventListener("keydown", this.keys.bind(this));
    this.input.addEventListener("blur", function () { window.setTimeout(this.close.bind(this), 150); }.bind(this));
  };

  Picker.prototype.matches = function () {
    var query = fold(this.input.value.trim());
    if (!query) { return []; }
    return this.entries.filter(function (entry) {
      return !this.roleOf(entry) && fold(entry.label).indexOf(query) !== -1;
    }, this).slice(0, 8);
  };

  Picker.prototype.search = function () {
    var found = this.matches();
    this.list.textContent = "";
    this.active = found.length ? 0 : -1;
    found.forEach(function (entry, index) {
      var item = el("li", { id: "picker-option-" + index, role: "option", "aria-selected": String(index === 0) });
      item.appendChild(document.createTextNode(entry.label + " "));
      item.appendChild(el("small", { "class": "muted" }, FIELDS[entry.kind].word));
      item.addEventListener("mousedown", function (event) { event.preventDefault(); this.choose(entry); }.bind(this));
      this.list.appendChild(item);
    }, this);
    this.found = found;
    if (!found.length && this.input.value.trim()) {
      this.list.appendChild(el("li", { "class": "picker-none", "aria-disabled": "true" }, "Nobody or no team by that name"));
    }
    this.list.hidden = !this.input.value.trim();
    this.input.setAttribute("aria-expanded", String(!this.list.hidden));
    this.highlight();
  };

  Picker.prototype.highlight = function () {
    Array.prototype.forEach.call(this.list.querySelectorAll("[role=option]"), function (item, index) {
      item.setAttribute("aria-selected", String(index === this.active));
    }, this);
    if (this.active >= 0) {
      this.input.setAttribute("aria-activedescendant", "picker-option-" + this.active);
    } else {
      this.input.removeAttribute("aria-activedescendant");
    }
  };

  Picker.prototype.keys = function (event) {
    var count = (this.found || []).length;
    if (event.key === "ArrowDown" && count) {
      this.active = (this.active + 1) % count;
    } else if (event.key === "ArrowUp" && count) {
      this.active = (this.active - 1 + count) % count;
    } else if (event.key === "Enter") {
      if (this.active >= 0 && count && !this.list.hidden) {
        event.preventDefault();
        this.choose(this.found[this.active]);
      }
      return;
    } else if (event.key === "Escape") {
      this.close();
      return;
    } else {
      return;
    }
    event.preventDefault();
    this.highlight();
  };

  Picker.prototype.close = function () {
    this.list.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  };

  Picker.prototype.choose = function (entry) {
    this.setRole(entry, "required");
    this.input.value = "";
    this.close();
    this.input.focus();
    this.status.textContent = entry.label + " added, required.";
  };

  Picker.prototype.chip = function (entry, role) {
    var item = el("li", { "class": "chip chip-" + role + " chip-" + entry.kind });
    item.appendChild(el("span", { "class": "chip-name" }, entry.label));
    if (entry.kind === "team") { item.appendChild(el("small", { "class": "chip-kind" }, "team")); }
    var other = role === "required" ? "optional" : "required";
    var toggle = el("button", {
      type: "button", "class": "chip-role", "aria-label": entry.label + ": " + role + ", make " + other
    }, role);
    toggle.addEventListener("click", function () {
      this.setRole(entry, other);
      this.status.textContent = entry.label + " is now " + other + ".";
    }.bind(this));
    var remove = el("button", { type: "button", "class": "chip-remove", "aria-label": "Remove " + entry.label }, "×");
    remove.addEventListener("click", function () {
      this.setRole(entry, null);
      this.status.textContent = entry.label + " removed.";
      this.input.focus();
    }.bind(this));
    item.appendChild(toggle);
    item.appendChild(remove);
    return item;
  };

  Picker.prototype.render = function () {
    this.chips.textContent = "";
    this.chips.appendChild(el("li", { "class": "chip chip-me" }, "You (always required)"));
    this.entries.forEach(function (entry) {
      var role = this.roleOf(entry);
      if (role) { this.chips.appendChild(this.chip(entry, role)); }
    }, this);
  };

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-people-picker]").forEach(function (fallback) { new Picker(fallback); });
  });
})();
