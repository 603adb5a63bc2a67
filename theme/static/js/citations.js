/* Citation popovers: hovering or focusing an in-text citation shows its full reference.
 *
 * Progressive enhancement: every citation stays a plain link to the work's page. When the page
 * has its own reference list (an element with id "ref-<key>"), each citation link gets a
 * role="tooltip" element, named by aria-describedby, holding a copy of that reference; with a
 * note style (OSCOLA), each note marker gets one holding a copy of its footnote. It opens
 * on hover and on keyboard focus, stays open while the pointer is over it, closes on Escape, on
 * blur and when the pointer leaves; focus never moves into it. On touch screens the first tap
 * shows the reference and a second tap follows the link.
 */
(function () {
  "use strict";

  var HIDE_DELAY_MS = 150;
  var open = null; // {link, tip} currently shown
  var hideTimer = 0;
  var lastPointer = "mouse";
  var count = 0;
  var tips = {}; // key -> tooltip element, one per cited work

  function makeTip(source, cacheKey) {
    if (tips[cacheKey]) return tips[cacheKey];
    var tip = document.createElement("div");
    count += 1;
    tip.id = "citation-popover-" + count;
    tip.className = "citation-popover";
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    var copy = source.cloneNode(true);
    if (source.tagName === "LI") {
      // A footnote's <li> outside its list is no list item: keep what it holds, in a <div>.
      var holder = document.createElement("div");
      while (copy.firstChild) holder.appendChild(copy.firstChild);
      copy = holder;
    }
    copy.removeAttribute("id");
    Array.prototype.forEach.call(copy.querySelectorAll("[id]"), function (el) {
      el.removeAttribute("id");
    });
    // The popover holds text only: the reference list's "about this work" arrow and a note's
    // way back go, and the addresses linked inside become plain text.
    Array.prototype.forEach.call(copy.querySelectorAll("a.entry-link, a.footnote-backref"),
      function (el) { el.remove(); });
    Array.prototype.forEach.call(copy.querySelectorAll("a"), function (el) {
      el.replaceWith(document.createTextNode(el.textContent));
    });
    tip.appendChild(copy);
    tip.addEventListener("mouseenter", cancelHide);
    tip.addEventListener("mouseleave", scheduleHide);
    // Inside <main>, so the popover belongs to a landmark like the text it annotates.
    (document.querySelector("main") || document.body).appendChild(tip);
    tips[cacheKey] = tip;
    return tip;
  }

  // An in-text citation shows the work's entry in the page's reference list (#ref-<key>).
  function tipFor(key) {
    var source = document.getElementById("ref-" + key);
    return source ? makeTip(source, "ref:" + key) : null;
  }

  // A note marker (note styles: OSCOLA, Chicago notes) shows the text of its footnote.
  function tipForNote(link) {
    var id = decodeURIComponent((link.getAttribute("href") || "").replace(/^#/, ""));
    var source = id && document.getElementById(id);
    return source ? makeTip(source, "note:" + id) : null;
  }

  function place(link, tip) {
    var rect = link.getBoundingClientRect();
    var width = Math.min(28 * 16, document.documentElement.clientWidth - 16);
    tip.style.maxWidth = width + "px";
    var left = Math.max(8, Math.min(rect.left, document.documentElement.clientWidth - width - 8));
    tip.style.left = left + window.scrollX + "px";
    tip.style.top = rect.bottom + window.scrollY + 6 + "px";
  }

  function show(link) {
    var tip = document.getElementById(link.getAttribute("aria-describedby"));
    if (!tip) return;
    cancelHide();
    if (open && open.tip !== tip) hide();
    tip.hidden = false;
    place(link, tip);
    open = { link: link, tip: tip };
  }

  function hide() {
    cancelHide();
    if (open) open.tip.hidden = true;
    open = null;
  }

  function scheduleHide() {
    cancelHide();
    hideTimer = window.setTimeout(hide, HIDE_DELAY_MS);
  }

  function cancelHide() {
    if (hideTimer) window.clearTimeout(hideTimer);
    hideTimer = 0;
  }

  function enhance(link) {
    var key = link.getAttribute("data-cite");
    var tip = key ? tipFor(key) : tipForNote(link);
    if (!tip) return;
    link.setAttribute("aria-describedby", tip.id);
    link.addEventListener("mouseenter", function () { show(link); });
    link.addEventListener("mouseleave", scheduleHide);
    link.addEventListener("focus", function () { show(link); });
    link.addEventListener("blur", hide);
    link.addEventListener("pointerdown", function (event) { lastPointer = event.pointerType; });
    link.addEventListener("click", function (event) {
      // Touch has no hover: the first tap shows the reference, the next one follows the link.
      if (lastPointer === "touch" && !(open && open.link === link)) {
        event.preventDefault();
        show(link);
      }
    });
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && open) hide();
  });
  document.addEventListener("pointerdown", function (event) {
    if (open && !open.tip.contains(event.target) && !open.link.contains(event.target)) hide();
  });
  window.addEventListener("resize", function () { if (open) place(open.link, open.tip); });

  Array.prototype.forEach.call(
    document.querySelectorAll(".citation a[data-cite], .citation-note a.footnote-ref"), enhance);
})();
