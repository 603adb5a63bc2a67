/* The search page: Pagefind's own UI over the index the build wrote to pagefind/.
 *
 * Paths come from the template (so a site in a subfolder works), and so do the names of the
 * filters: the index files pages under the keys "kind", "case_study" and "year", and the page
 * shows them in its own language.
 */
(function () {
  "use strict";

  var root = document.getElementById("search");
  if (!root || typeof PagefindUI === "undefined") return;

  function absolute(path) {
    return new URL(path, document.baseURI).pathname;
  }

  var labels = {
    kind: root.getAttribute("data-filter-kind"),
    case_study: root.getAttribute("data-filter-case-study"),
    year: root.getAttribute("data-filter-year"),
  };

  function relabel() {
    // The template's visible <label for="search-input"> names Pagefind's input (which has
    // only a placeholder and a title).
    var input = root.querySelector(".pagefind-ui__search-input");
    if (input && !input.id) input.id = "search-input";
    // Pagefind shows a filter's key, capitalised ("Case_study"), as its name and legend.
    Array.prototype.forEach.call(
      root.querySelectorAll(".pagefind-ui__filter-name, .pagefind-ui__filter-group-label"),
      function (el) {
        var key = el.textContent.trim().toLowerCase();
        if (labels[key] && el.textContent !== labels[key]) el.textContent = labels[key];
      }
    );
  }

  new PagefindUI({
    element: "#search",
    bundlePath: absolute(root.getAttribute("data-bundle-path")),
    baseUrl: absolute(root.getAttribute("data-base-url")),
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    autofocus: true,
  });
  relabel();
  new MutationObserver(relabel).observe(root, { childList: true, subtree: true });
})();
