// The language chooser at the site's root: put first the language the reader's browser prefers
// (its Accept-Language, as navigator.languages; 'en-GB' is 'en'), as notfound.js does for the
// 404 page, so that an English reader on a phone sees, tabs to and hears English first. Without
// it, or for a language the site lacks, the default language leads.
(() => {
  "use strict";
  const list = document.querySelector(".chooser__list");
  if (!list) return;
  const items = [...list.querySelectorAll(":scope > li[lang]")];
  const primary = (code) => code.toLowerCase().split("-")[0];
  const inLanguage = (code) => items.find((item) => item.lang === code)
    ?? items.find((item) => primary(item.lang) === primary(code));
  const lead = (navigator.languages || [navigator.language]).map(inLanguage).find(Boolean);
  if (!lead || lead === items[0]) return;
  list.prepend(lead);
  // The page is then in that language: its lang (a screen reader's voice for the title and the
  // heading), the title's first half and the heading.
  const titles = [...list.querySelectorAll(".chooser__title")].map((title) => title.textContent);
  document.documentElement.lang = lead.lang;
  document.title = titles.join(" / ");
  const heading = document.querySelector("main > h1");
  if (heading) heading.textContent = titles[0];
})();
