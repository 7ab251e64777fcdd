// lexgraph serve: filters the reading view's paragraphs at once as facets are ticked, and
// runs a query with Ctrl+Enter. Without JavaScript, the same forms work through the server.
(function () {
  "use strict";
  var form = document.getElementById("facets");
  if (form) {
    var paragraphs = Array.prototype.slice.call(document.querySelectorAll("li.paragraph"));
    var status = document.getElementById("facet-status");
    var apply = function () {
      var wanted = Array.prototype.map.call(
        form.querySelectorAll("input[data-facet]:checked"),
        function (input) { return input.getAttribute("data-facet"); }
      );
      var shown = 0;
      paragraphs.forEach(function (p) {
        var have = (p.getAttribute("data-facets") || "").split(" ");
        var keep = wanted.every(function (w) { return have.indexOf(w) >= 0; });
        p.hidden = !keep;
        if (keep) { shown += 1; }
      });
      status.textContent = shown + " of " + paragraphs.length + " paragraphs shown";
      var query = new URLSearchParams(new FormData(form)).toString();
      history.replaceState(null, "", query ? "?" + query : location.pathname);
    };
    form.addEventListener("change", function (event) {
      if (event.target.matches("input[data-facet]")) { apply(); }
    });
  }
  var editor = document.getElementById("sparql");
  if (editor) {
    editor.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        editor.form.submit();
      }
    });
  }
})();
