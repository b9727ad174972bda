// Keep the reader's place when they switch language: translations share heading ids
// (the build warns when they do not), so the counterpart page can open at the same section.
(() => {
  "use strict";
  const links = document.querySelectorAll(".lang-switch a[hreflang]");
  const headings = Array.from(document.querySelectorAll(".prose h2[id], .prose h3[id]"));
  if (!links.length || !headings.length) return;

  const currentSection = () => {
    let id = "";
    for (const heading of headings) {
      if (heading.getBoundingClientRect().top > 96) break;
      id = heading.id;
    }
    return id;
  };

  for (const link of links) {
    // pointerdown and focus too, so "open in new tab" and keyboard users get the same place
    const update = () => {
      const url = new URL(link.href);
      url.hash = currentSection();
      link.href = url.href;
    };
    for (const event of ["click", "pointerdown", "focus"]) link.addEventListener(event, update);
  }
})();
