// The manual editor's enhancements: a live preview of each section, a draft kept on
// this device until it is saved, and a warning before leaving with unsaved changes.
// Progressive enhancement only: without this file the form saves as before.
//
// The preview is the server's own rendering (POST /manual/preview: Markdown rendered
// then sanitised by app/domain/markdown.py, CSRF-protected); this file never turns
// typed text into HTML itself.
(function () {
  "use strict";

  var DRAFT_DELAY = 800; // ms after the last keystroke before the draft is kept
  var PREVIEW_DELAY = 400;
  var clockFormat = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit" });
  var dayFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short" });

  function storage(kind) {
    try { return window[kind]; } catch (e) { return null; } // blocked storage: no drafts
  }

  function read(store, key) {
    if (!store) { return null; }
    try { return JSON.parse(store.getItem(key) || "null"); } catch (e) { return null; }
  }

  function write(store, key, value) {
    if (!store) { return; }
    try {
      if (value === null) { store.removeItem(key); } else { store.setItem(key, JSON.stringify(value)); }
    } catch (e) { /* full or blocked: the form still works */ }
  }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrf_token" && (el.tagName === "TEXTAREA" || el.tagName === "SELECT");
    });
  }

  function values(form) {
    var found = {};
    fields(form).forEach(function (el) { found[el.name] = el.value; });
    return found;
  }

  function same(a, b) {
    var keys = Object.keys(a).concat(Object.keys(b));
    return keys.every(function (key) { return (a[key] || "") === (b[key] || ""); });
  }

  function when(ms) {
    var then = new Date(ms);
    var time = clockFormat.format(then);
    return then.toDateString() === new Date().toDateString() ? time : dayFormat.format(then) + ", " + time;
  }

  function fill(form, saved) {
    fields(form).forEach(function (el) {
      if (Object.prototype.hasOwnProperty.call(saved, el.name) && el.value !== saved[el.name]) {
        el.value = saved[el.name];
        el.dispatchEvent(new Event("input", { bubbles: true }));
        el.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  }

  function setUpPreview(form, box) {
    var area = document.getElementById(box.getAttribute("data-preview-for"));
    var output = box.querySelector("[data-preview-output]");
    var token = form.querySelector('input[name="csrf_token"]');
    var url = form.getAttribute("data-preview-url");
    var asked = 0, timer = null;
    function show(text, isError) {
      output.textContent = text;
      output.classList.toggle("is-error", !!isError);
    }
    function refresh() {
      var text = area.value;
      if (!text.trim()) { show("Nothing written yet.", false); return; }
      var mine = ++asked;
      var body = new FormData();
      body.append("section", box.getAttribute("data-section"));
      body.append("text", text);
      if (token) { body.append("csrf_token", token.value); }
      fetch(url, { method: "POST", body: body, credentials: "same-origin",
                   headers: { "X-CSRFToken": token ? token.value : "", "Accept": "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (answer) {
          if (mine !== asked) { return; } // a newer preview is on its way
          if (typeof answer.html === "string") {
            output.innerHTML = answer.html; // sanitised by the server (nh3 allow-list)
            output.classList.remove("is-error");
          } else {
            show(answer.error || "No preview right now.", true);
          }
        })
        .catch(function () { if (mine === asked) { show("No preview right now; your text is safe.", true); } });
    }
    area.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, PREVIEW_DELAY);
    });
    box.hidden = false;
    refresh();
  }

  function init() {
    var form = document.querySelector("form[data-manual-editor]");
    if (!form) { return; }
    var key = form.getAttribute("data-draft-key");
    var local = storage("localStorage"), session = storage("sessionStorage");
    var status = form.querySelector("[data-save-status]");
    var offer = form.querySelector("[data-draft-offer]");
    var refused = form.hasAttribute("data-refused");
    var baseline = values(form);
    var submitting = false, timer = null;

    // A save was sent from this tab: if the page now shows what was sent, it was
    // saved (or refused with the text kept on screen); otherwise keep it as a draft.
    var pending = read(session, key);
    write(session, key, null);
    if (pending && !same(pending.fields, baseline)) { write(local, key, pending); }

    function dirty() { return refused || !same(values(form), baseline); }

    function keepDraft() {
      var now = values(form);
      if (!refused && same(now, baseline)) {
        write(local, key, null);
        status.textContent = "";
        return;
      }
      var draft = { savedAt: Date.now(), fields: now };
      write(local, key, draft);
      status.textContent = "Unsaved changes — a draft is kept on this device (" + when(draft.savedAt) + ").";
    }

    var draft = read(local, key);
    if (draft && draft.fields && !same(draft.fields, baseline)) {
      offer.querySelector("[data-draft-question]").textContent =
        "Restore your unsaved draft from " + when(draft.savedAt) + "?";
      offer.hidden = false;
      offer.querySelector("[data-draft-restore]").addEventListener("click", function () {
        fill(form, draft.fields);
        offer.hidden = true;
        keepDraft();
        form.querySelector("textarea").focus();
      });
      offer.querySelector("[data-draft-discard]").addEventListener("click", function () {
        write(local, key, null);
        offer.hidden = true;
        status.textContent = "Draft discarded.";
      });
    } else if (draft) {
      write(local, key, null);
    }
    if (refused) { keepDraft(); }

    // Typing is kept a moment after the last keystroke; a choice (a visibility select)
    // is kept at once, and leaving the page keeps whatever is still waiting, so a
    // reload straight after a change never loses it.
    function keepSoon() {
      window.clearTimeout(timer);
      timer = window.setTimeout(keepNow, DRAFT_DELAY);
    }
    function keepNow() {
      window.clearTimeout(timer);
      timer = null;
      keepDraft();
    }
    form.addEventListener("input", function (event) {
      if (event.target.tagName === "SELECT") { keepNow(); } else { keepSoon(); }
    });
    form.addEventListener("change", keepNow);
    form.addEventListener("submit", function () {
      submitting = true;
      window.clearTimeout(timer);
      timer = null;
      write(session, key, { savedAt: Date.now(), fields: values(form) });
      write(local, key, null);
    });
    window.addEventListener("beforeunload", function (event) {
      if (submitting) { return; }
      if (timer !== null) { keepNow(); }
      if (!dirty()) { return; }
      event.preventDefault();
      event.returnValue = ""; // older browsers need a value to ask
    });
    window.addEventListener("pagehide", function () {
      if (!submitting && timer !== null) { keepNow(); }
    });
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) { submitting = false; } // back from the next page
    });

    form.querySelectorAll("[data-preview-for]").forEach(function (box) { setUpPreview(form, box); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
