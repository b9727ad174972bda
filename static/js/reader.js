// Small aids for reading an article; the page reads the same without them.
//
// - The contents beside the text (wide screens) marks the section being read
//   (aria-current="location" on its link).
// - The main navigation, one row that scrolls sideways on phones, shows the current page's
//   link even when it is far to the right, and the link a keyboard is on.
// - A citation marker, hovered or focused, previews its source (publisher, title, date) in a
//   tooltip that can itself be hovered and is dismissed with Escape (WCAG 1.4.13); the marker
//   stays a plain link to the source list.
// - A table's box is a tab stop only while its table is wider than it (and so can be scrolled).
(() => {
  "use strict";

  // A table's box (a Markdown table's, a chart's data table's) takes focus so that a keyboard
  // can scroll a table wider than the screen; a box whose table fits would be a stop that does
  // nothing, so it leaves the tab order until its table no longer fits (a narrower window, a box
  // opened). Without JavaScript every box stays a stop.
  const boxes = document.querySelectorAll(".table-scroll[tabindex], .chart__table[tabindex]");
  if (boxes.length && "ResizeObserver" in window) {
    const fit = (box) => { box.tabIndex = box.scrollWidth > box.clientWidth ? 0 : -1; };
    const observer = new ResizeObserver((entries) => {
      for (const entry of entries) fit(entry.target.closest(".table-scroll, .chart__table"));
    });
    for (const box of boxes) {
      observer.observe(box);
      if (box.firstElementChild) observer.observe(box.firstElementChild);
    }
  }

  // The section being read: the last heading above a line a little below the top of the window;
  // scrolled to the end of the page, the last heading in view (a short last section never reaches
  // that line; a page that does not scroll keeps the first rule).
  const side = document.querySelector(".toc-side");
  if (side) {
    const links = Array.from(side.querySelectorAll("a[href^='#']"));
    const headings = links.map((a) => document.getElementById(decodeURIComponent(a.hash.slice(1))));
    let current = null;
    const mark = () => {
      const end = scrollY > 0 && scrollY + innerHeight >= document.documentElement.scrollHeight - 2;
      const line = end ? innerHeight : Math.min(innerHeight * 0.3, 200);
      let index = -1;
      headings.forEach((h, i) => { if (h && h.getBoundingClientRect().top <= line) index = i; });
      const link = links[index] || null;
      if (link === current) return;
      if (current) current.removeAttribute("aria-current");
      if (link) link.setAttribute("aria-current", "location");
      current = link;
    };
    let queued = false;
    addEventListener("scroll", () => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => { queued = false; mark(); });
    }, { passive: true });
    addEventListener("resize", mark, { passive: true });
    mark();
  }

  // Scroll the navigation row (not the page) so the current page's link is in view, clear of
  // the fade at its right edge; and so each link a keyboard focuses is (the browser scrolls a
  // row only for a link wholly out of it, leaving one half in view under the fade).
  const row = document.querySelector(".site-nav ul");
  const reveal = (link) => {
    const item = link.getBoundingClientRect(), box = row.getBoundingClientRect();
    if (item.right > box.right - 24) row.scrollLeft += item.right - box.right + 48;
    else if (item.left < box.left) row.scrollLeft -= box.left - item.left;
  };
  const here = row && row.querySelector("a[aria-current='page']");
  if (row && here && row.scrollWidth > row.clientWidth) reveal(here);
  if (row) row.addEventListener("focusin", (event) => reveal(event.target));

  // Source previews for citation markers.
  const sources = document.querySelector(".citations");
  if (sources) {
    const tip = document.createElement("div");
    tip.id = "cite-preview";
    tip.className = "cite-preview";
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    // In the page's main landmark, as all its content is (placed against the page all the same:
    // nothing around it is positioned).
    (document.querySelector("main") || document.body).append(tip);
    let owner = null, hideTimer = 0;

    const hide = () => {
      clearTimeout(hideTimer);
      if (owner) owner.removeAttribute("aria-describedby");
      owner = null;
      tip.hidden = true;
    };
    const show = (link) => {
      clearTimeout(hideTimer);
      if (owner === link) return;
      const item = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      const source = item && item.querySelector(".citations__source");
      if (!source) return;
      hide();
      tip.replaceChildren(...Array.from(source.childNodes, (node) => node.cloneNode(true)));
      tip.hidden = false;
      // Below the marker, or above it when there is no room; always inside the window.
      const mark = link.getBoundingClientRect(), box = tip.getBoundingClientRect();
      const left = Math.max(8, Math.min(mark.left - 16, innerWidth - box.width - 8));
      const below = mark.bottom + 6 + box.height <= innerHeight || mark.top < box.height + 12;
      const top = below ? mark.bottom + 6 : mark.top - box.height - 6;
      tip.style.left = `${left + scrollX}px`;
      tip.style.top = `${top + scrollY}px`;
      link.setAttribute("aria-describedby", tip.id);
      owner = link;
    };
    const later = () => { clearTimeout(hideTimer); hideTimer = setTimeout(hide, 300); };
    const marker = (target) => target instanceof Element && target.closest("sup.cite a[href^='#source-']");

    document.addEventListener("pointerover", (event) => {
      if (event.pointerType !== "mouse") return;         // a tap follows the link instead
      const link = marker(event.target);
      if (link) show(link);
      else if (owner && tip.contains(event.target)) clearTimeout(hideTimer);
    });
    document.addEventListener("pointerout", (event) => {
      if (event.pointerType === "mouse" && owner && (marker(event.target) === owner || tip.contains(event.target))) later();
    });
    document.addEventListener("focusin", (event) => {
      const link = marker(event.target);
      if (link) show(link);
    });
    document.addEventListener("focusout", (event) => { if (marker(event.target) === owner) hide(); });
    document.addEventListener("keydown", (event) => { if (event.key === "Escape" && owner) hide(); });
    addEventListener("scroll", () => { if (owner && owner !== document.activeElement) later(); }, { passive: true });
  }
})();
