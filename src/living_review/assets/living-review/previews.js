// Previews of what a citation marker, a footnote marker or a cross-reference leads to, shown in
// place on hover, keyboard focus and tap, and read by screen readers (WCAG 2.2 AA, 1.4.13 in
// particular). The content is already in the page, written at build time (each page's reference
// list, its footnotes, and a <template> for each table, figure, section or editor's note it links
// to): nothing is fetched, so previews work from file:// and under the site's Content-Security-Policy.
// Without this script, each marker and reference is a plain link.
(function () {
  "use strict";

  var MARKER = ".md-typeset a.footnote-ref, .md-typeset a.cross-reference, .md-typeset a[href*='#editor-note-']";
  var HIDE_DELAY = 300; // ms: time to move the pointer from the marker onto the preview
  var GAP = 6; // px between the sentence and the preview
  var open = null; // { marker, preview }
  var hideTimer = 0;
  var tabbed = false; // whether the last focus came from the Tab key

  function touchOnly() {
    return window.matchMedia("(hover: none)").matches;
  }

  // What the marker leads to: a reference's text (named by aria-describedby), the copy of a
  // cross-reference's target the build wrote for its href, or a footnote.
  function sourceOf(marker) {
    var described = marker.getAttribute("aria-describedby");
    if (described) return document.getElementById(described);
    var href = marker.getAttribute("href") || "";
    var copy = Array.prototype.find.call(document.querySelectorAll(".previews > template"),
      function (template) { return template.getAttribute("data-href") === href; });
    if (copy) return copy.content;
    if (!marker.classList.contains("footnote-ref")) return null;
    var hash = marker.hash ? decodeURIComponent(marker.hash.slice(1)) : "";
    return hash ? document.getElementById(hash) : null;
  }

  function nameOf(marker) {
    if (marker.closest(".citation")) return "Reference " + marker.textContent.trim();
    if (marker.classList.contains("footnote-ref")) return "Footnote " + marker.textContent.trim();
    return marker.textContent.trim(); // "Table 2", a section's title, an editor's note's title
  }

  // A copy of what the source holds, without its ids (they stay unique) and without the ways
  // back into the text, which belong to the list.
  function contentOf(source) {
    var copy = document.createDocumentFragment();
    source.childNodes.forEach(function (node) { copy.appendChild(node.cloneNode(true)); });
    copy.querySelectorAll("[id]").forEach(function (node) { node.removeAttribute("id"); });
    copy.querySelectorAll(".footnote-backref, .citation-backref, .citation-backrefs, .cited-in")
      .forEach(function (node) { node.remove(); });
    return copy;
  }

  function show(marker) {
    if (open && open.marker === marker) {
      clearTimeout(hideTimer);
      return;
    }
    close(false);
    var source = sourceOf(marker);
    if (!source) return;
    var preview = document.createElement("span");
    preview.className = "review-preview";
    preview.id = "review-preview";
    preview.setAttribute("role", "dialog");
    preview.setAttribute("aria-label", nameOf(marker));
    preview.appendChild(contentOf(source));
    // Right after its marker, so that Tab goes from the marker into the preview's links.
    marker.after(preview);
    marker.setAttribute("aria-expanded", "true");
    marker.setAttribute("aria-controls", preview.id);
    open = { marker: marker, preview: preview };
    place(marker, preview);
  }

  function close(restoreFocus) {
    clearTimeout(hideTimer);
    if (!open) return;
    var focusWasInside = open.preview.contains(document.activeElement);
    open.marker.removeAttribute("aria-expanded");
    open.marker.removeAttribute("aria-controls");
    open.preview.remove();
    if (focusWasInside || restoreFocus) open.marker.focus({ preventScroll: true });
    open = null;
  }

  function closeSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(function () { close(false); }, HIDE_DELAY);
  }

  // Below the sentence the marker belongs to, or above it where there is no room below: the
  // preview never covers the words it explains.
  function place(marker, preview) {
    preview.style.display = "none"; // out of the sentence's boxes while they are measured
    var sentence = sentenceRect(marker);
    preview.style.display = "";
    var width = preview.offsetWidth;
    var height = preview.offsetHeight;
    var roomBelow = window.innerHeight - sentence.bottom - GAP;
    var top = roomBelow >= height || sentence.top - GAP < height
      ? sentence.bottom + GAP
      : sentence.top - GAP - height;
    var markerLeft = marker.getBoundingClientRect().left;
    var left = Math.max(8, Math.min(markerLeft, document.documentElement.clientWidth - width - 8));
    preview.style.top = top + "px"; // fixed: in the viewport's coordinates, kept there as the page scrolls
    preview.style.left = left + "px";
  }

  function sentenceRect(marker) {
    var block = marker.closest("p, li, td, th, dd, dt, figcaption, h1, h2, h3, h4, h5, h6") || marker.parentElement;
    var texts = [];
    var walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT, function (node) {
      return node.parentElement.closest(".review-preview") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
    });
    var length = 0;
    var markerAt = -1;
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      if (markerAt < 0 && marker.contains(node)) markerAt = length;
      texts.push({ node: node, start: length });
      length += node.data.length;
    }
    var whole = texts.map(function (t) { return t.node.data; }).join("");
    if (markerAt < 0 || !texts.length) return block.getBoundingClientRect();
    var before = whole.slice(0, markerAt);
    var start = 0;
    before.replace(/[.!?]\s/g, function (match, offset) { start = offset + match.length; return match; });
    var after = whole.slice(markerAt).search(/[.!?](\s|$)/);
    var end = after < 0 ? whole.length : markerAt + after + 1;
    var range = document.createRange();
    range.setStart.apply(range, positionOf(texts, start));
    range.setEnd.apply(range, positionOf(texts, end));
    var rect = range.getBoundingClientRect();
    return rect.height ? rect : block.getBoundingClientRect();
  }

  function positionOf(texts, offset) {
    for (var i = texts.length - 1; i >= 0; i--) {
      if (texts[i].start <= offset) {
        return [texts[i].node, Math.min(offset - texts[i].start, texts[i].node.data.length)];
      }
    }
    return [texts[0].node, 0];
  }

  function inside(node) {
    return open && node && (open.marker.contains(node) || open.preview.contains(node));
  }

  document.addEventListener("mouseover", function (event) {
    if (touchOnly()) return;
    var marker = event.target.closest(MARKER);
    if (marker) show(marker);
    else if (inside(event.target)) clearTimeout(hideTimer);
  });
  document.addEventListener("mouseout", function (event) {
    if (open && inside(event.target) && !inside(event.relatedTarget)) closeSoon();
  });
  // Keyboard focus only: a tap or a click focuses the marker too, and is handled below; so does
  // arriving by a back-link (the marker is the page's target), where a preview would hide the row.
  document.addEventListener("focusin", function (event) {
    var marker = event.target.closest(MARKER);
    if (marker && marker.matches(":focus-visible") && (tabbed || !marker.matches(":target"))) show(marker);
    tabbed = false;
  });
  document.addEventListener("focusout", function (event) {
    if (open && !inside(event.relatedTarget) && !touchOnly()) closeSoon();
  });
  document.addEventListener("keydown", function (event) {
    tabbed = event.key === "Tab";
    if (event.key === "Escape" && open) {
      event.preventDefault();
      close(false); // focus stays where it is (on the marker it came from, if inside the preview)
    }
  });
  // On touch screens a first tap shows the preview in place instead of jumping away; a second
  // tap follows the link; a tap elsewhere closes the preview.
  document.addEventListener("click", function (event) {
    var marker = event.target.closest(MARKER);
    if (marker && touchOnly() && !(open && open.marker === marker) && sourceOf(marker)) {
      event.preventDefault();
      show(marker);
    } else if (open && !inside(event.target)) {
      close(false);
    }
  });
  window.addEventListener("resize", function () { close(false); });

  // A link into a table (a back-link to the marker in a cell) shows the cell below the table's
  // header: the table in view first, then the cell within it (tables.css lets a long one scroll).
  function showTargetInTable() {
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    document.querySelectorAll(".cited-cell").forEach(function (cell) { cell.classList.remove("cited-cell"); });
    var scroller = target && target.closest(".md-typeset__scrollwrap");
    if (!scroller) return;
    if (target.closest("td")) target.closest("td").classList.add("cited-cell");
    var bar = document.querySelector(".md-header");
    window.scrollBy(0, scroller.getBoundingClientRect().top - (bar ? bar.offsetHeight : 0) - 8);
    var head = scroller.querySelector("thead");
    var cell = (target.closest("td, th") || target).getBoundingClientRect();
    var frame = scroller.getBoundingClientRect();
    scroller.scrollTop += cell.top - frame.top - (head ? head.offsetHeight : 0) - 8;
    scroller.scrollLeft += cell.left - frame.left - 8;
  }
  window.addEventListener("hashchange", showTargetInTable);
  window.addEventListener("load", showTargetInTable);
  // Scrolling moves the sentence (the page, or a wide table sideways): the preview follows it.
  document.addEventListener("scroll", function () {
    if (open) place(open.marker, open.preview);
  }, { capture: true, passive: true });
})();
