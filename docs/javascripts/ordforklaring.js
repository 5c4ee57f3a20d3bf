/* Glossary words explained where they stand (build_tools/kinds/glossary/annotate.py): a button
   shows or hides the word's one-line explanation. A native <button> already answers click, tap,
   Enter and Space; this only flips aria-expanded and the explanation's hidden attribute. One
   listener on the document, so it works on every page and after any re-render. First-party, no
   dependencies. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var target = event.target;
    var button = target && target.closest ? target.closest("button.sjelden-ord__ord") : null;
    if (!button) return;
    var panel = document.getElementById(button.getAttribute("aria-controls"));
    if (!panel) return;
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", open ? "true" : "false");
    panel.hidden = !open;
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var active = document.activeElement;
    var button = active && active.closest ? active.closest(".sjelden-ord") : null;
    button = button ? button.querySelector("button.sjelden-ord__ord") : null;
    if (button && button.getAttribute("aria-expanded") === "true") {
      button.click();
      button.focus();
    }
  });
})();
