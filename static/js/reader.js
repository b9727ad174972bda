// Small aids for reading an article; the page reads the same without them.
//
// - The contents beside the text (wide screens) marks the section being read
//   (aria-current="location" on its link).
// - The main navigation, one row that scrolls sideways on phones, shows the current page's
//   link even when it is far to the right.
(() => {
  "use strict";

  // The section being read: the last heading above a line a little below the top of the window.
  const side = document.querySelector(".toc-side");
  if (side) {
    const links = Array.from(side.querySelectorAll("a[href^='#']"));
    const headings = links.map((a) => document.getElementById(decodeURIComponent(a.hash.slice(1))));
    let current = null;
    const mark = () => {
      const line = Math.min(innerHeight * 0.3, 200);
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

  // Scroll the navigation row (not the page) so the current page's link is in view.
  const row = document.querySelector(".site-nav ul");
  const here = row && row.querySelector("a[aria-current='page']");
  if (row && here && row.scrollWidth > row.clientWidth) {
    const item = here.getBoundingClientRect(), box = row.getBoundingClientRect();
    if (item.right > box.right - 24) row.scrollLeft += item.right - box.right + 48;
  }
})();
