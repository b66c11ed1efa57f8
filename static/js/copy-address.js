// Copy buttons for secret addresses (data-copy-target="<input id>"). Without
// JavaScript the buttons stay hidden and the address is selectable text.
(function () {
  "use strict";

  function copied(button, status, ok) {
    button.textContent = ok ? "Copied" : "Copy address";
    button.setAttribute("data-copied", ok ? "true" : "false");
    if (status) {
      status.textContent = ok ? "Address copied to the clipboard." :
        "Could not copy; the address is selected, press Ctrl+C (⌘C on a Mac).";
    }
  }

  function copy(button) {
    var input = document.getElementById(button.getAttribute("data-copy-target"));
    var box = button.closest("section");
    var status = box && box.querySelector(".copy-status");
    if (!input) { return; }
    input.focus();
    input.select();
    var fallback = function () {
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      copied(button, status, ok);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(function () { copied(button, status, true); }, fallback);
    } else {
      fallback();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { copy(button); });
    });
  });
})();
