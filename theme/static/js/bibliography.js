/* Bibliography page: filter the entries by type, year, case study and author, and group them by
 * year or type, in the browser. Without JavaScript the form stays hidden and every entry shows.
 *
 * Each <li> carries data-type, data-year, data-case-studies (slugs, space-separated) and
 * data-authors (a JSON list of names); the form's words come from its data-* attributes, which
 * the template translates.
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-bibliography-filters]");
  var list = document.querySelector("ol.bibliography-list");
  if (!form || !list) return;

  var items = Array.prototype.slice.call(list.children);
  var count = form.querySelector(".filter-count");
  var groups = document.createElement("div");
  groups.className = "bibliography-groups";
  list.parentNode.insertBefore(groups, list.nextSibling);
  var plural = window.Intl && Intl.PluralRules
    ? new Intl.PluralRules(document.documentElement.lang || "en")
    : { select: function (n) { return n === 1 ? "one" : "other"; } };

  function field(name) {
    var control = form.elements[name];
    return control ? control.value : "";
  }

  function authorsOf(item) {
    try {
      return JSON.parse(item.getAttribute("data-authors") || "[]");
    } catch (error) {
      return [];
    }
  }

  function matches(item) {
    var type = field("type");
    var year = field("year");
    var caseStudy = field("case_study");
    var author = field("author");
    if (type && item.getAttribute("data-type") !== type) return false;
    if (year && item.getAttribute("data-year") !== year) return false;
    if (caseStudy) {
      var cases = (item.getAttribute("data-case-studies") || "").split(" ");
      if (cases.indexOf(caseStudy) < 0) return false;
    }
    if (author && authorsOf(item).indexOf(author) < 0) return false;
    return true;
  }

  function optionLabel(name, value) {
    var select = form.elements[name];
    for (var i = 0; select && i < select.options.length; i += 1) {
      if (select.options[i].value === value) return select.options[i].textContent;
    }
    return value;
  }

  function groupKey(item, by) {
    return item.getAttribute(by === "year" ? "data-year" : "data-type") || "";
  }

  function compareKeys(by) {
    return function (a, b) {
      if (by === "year") {
        if (!a || !b) return a ? -1 : b ? 1 : 0; // entries without a date last
        return a < b ? 1 : a > b ? -1 : 0; // newest first
      }
      return optionLabel("type", a).localeCompare(optionLabel("type", b));
    };
  }

  function regroup(by) {
    groups.textContent = "";
    if (!by) {
      items.forEach(function (item) { list.appendChild(item); });
      list.hidden = false;
      return;
    }
    var byKey = {};
    items.forEach(function (item) {
      var key = groupKey(item, by);
      (byKey[key] = byKey[key] || []).push(item);
    });
    Object.keys(byKey).sort(compareKeys(by)).forEach(function (key, index) {
      var section = document.createElement("section");
      section.className = "bibliography-group";
      var heading = document.createElement("h2");
      heading.id = "bibliography-group-" + index;
      heading.textContent = by === "year"
        ? key || form.getAttribute("data-no-year")
        : optionLabel("type", key);
      section.setAttribute("aria-labelledby", heading.id);
      var ol = document.createElement("ol");
      ol.className = "csl-bib-body bibliography-list";
      byKey[key].forEach(function (item) { ol.appendChild(item); });
      section.appendChild(heading);
      section.appendChild(ol);
      groups.appendChild(section);
    });
    list.hidden = true;
  }

  function update() {
    var shown = 0;
    items.forEach(function (item) {
      var visible = matches(item);
      item.hidden = !visible;
      if (visible) shown += 1;
    });
    regroup(field("group"));
    Array.prototype.forEach.call(groups.children, function (section) {
      section.hidden = !section.querySelector("li:not([hidden])");
    });
    var template = form.getAttribute(
      plural.select(shown) === "one" ? "data-count-one" : "data-count-other"
    );
    count.textContent = template.replace("{n}", String(shown));
  }

  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function () { window.setTimeout(update, 0); });
  form.hidden = false;
  update();
})();
