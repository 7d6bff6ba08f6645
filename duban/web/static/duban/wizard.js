/* The import wizard: the source pane follows the task being edited, showing the task's place in the
   document. A static file (no inline script): the page keeps a strict Content-Security-Policy. */
(function () {
  "use strict";
  var current = null;

  function squeeze(text) { return text.replace(/\s+/g, ""); }

  function follow(form) {
    var pane = document.querySelector(".source");
    var needle = squeeze(form.getAttribute("data-source-text") || "").slice(0, 12);
    if (!pane || needle.length < 4) { return; }
    var blocks = pane.querySelectorAll("p, td");
    for (var i = 0; i < blocks.length; i++) {
      if (squeeze(blocks[i].textContent).indexOf(needle) !== -1) {
        var found = blocks[i].closest("tr") || blocks[i];
        if (found === current) { return; }
        if (current) { current.classList.remove("source-current"); }
        current = found;
        current.classList.add("source-current");
        pane.scrollTop += current.getBoundingClientRect().top - pane.getBoundingClientRect().top - 16;
        return;
      }
    }
  }

  document.addEventListener("focusin", function (event) {
    var form = event.target.closest ? event.target.closest("form.task-edit") : null;
    if (form) { follow(form); }
  });
})();
