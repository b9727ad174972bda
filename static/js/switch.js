// Keep the reader's place when they switch language: translations share heading ids
// (the build warns when they do not), the glossaries their terms' ids (dt), the timelines
// their events' ids (the date) and every article the id of its source list's heading, so
// the counterpart page can open at the same section, term, event or list of sources (the
// glossaries are in each language's dictionary order: the same term is elsewhere on the page).
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
  const headings = Array.from(document.querySelectorAll(
    ".prose h2[id], .prose h3[id], .prose dt[id], .prose .timeline__event[id], .citations h2[id]"));
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

  // A heading a little below the top of the window starts the section being read; a glossary
  // term or a timeline event, a few lines long, only once it is at the top: the one below it is
  // often within 96 px, and landing on it hid the one being read above the window.
  const reached = (place) => place.getBoundingClientRect().top <= (/^H\d$/.test(place.tagName) ? 96 : 24);
  const sectionInView = () => {
    let id = "";
    for (const place of headings) {
      if (!reached(place)) break;
      id = place.id;
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
