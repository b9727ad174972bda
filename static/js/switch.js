// Keep the reader's place when they switch language: translations share heading ids
// (the build warns when they do not) and the glossaries their terms' ids (dt), so the
// counterpart page can open at the same section or term (the glossaries are in each
// language's dictionary order: the same term is elsewhere on the page).
//
// The switch is at the top of the page, so a reader scrolls up to it, past the sections
// above, and arrives where no section is in view. So the place kept is the section where
// the reader last stopped scrolling (for DWELL ms) while the switch was out of sight.
//
// On the search page the place is the query: search.js keeps it in the address (?q=), and
// the switch carries it over, so the other language's search page runs it at once.
(() => {
  "use strict";
  const DWELL = 400;
  const links = document.querySelectorAll(".lang-switch a[hreflang]");
  const headings = Array.from(document.querySelectorAll(".prose h2[id], .prose h3[id], .prose dt[id]"));
  const follow = (update) => {
    // pointerdown and focus too, so "open in new tab" and keyboard users get the same place
    for (const link of links) {
      for (const event of ["click", "pointerdown", "focus"]) link.addEventListener(event, () => update(link));
    }
  };
  if (links.length && document.getElementById("search-form")) {
    follow((link) => {
      const url = new URL(link.href);
      const query = new URLSearchParams(location.search).get("q");
      if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
      link.href = url.href;
    });
  }
  if (!links.length || !headings.length) return;
  const bar = links[0].closest(".lang-switch");

  const sectionInView = () => {
    let id = "";
    for (const heading of headings) {
      if (heading.getBoundingClientRect().top > 96) break;
      id = heading.id;
    }
    return id;
  };

  let reading = "";
  let timer = 0;
  const remember = () => {
    const section = sectionInView();
    const barInSight = bar.getBoundingClientRect().bottom > 0;
    // Back at the top (switch in sight, no section yet) means "came up to switch": keep the place.
    if (section || !barInSight) reading = section;
  };
  addEventListener("scroll", () => {
    clearTimeout(timer);
    timer = setTimeout(remember, DWELL);
  }, { passive: true });
  remember();

  follow((link) => {
    const url = new URL(link.href);
    url.hash = sectionInView() || reading;
    link.href = url.href;
  });
})();
