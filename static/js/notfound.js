// The 404 page is one file for every address: put the language of the address first (a reader
// who mistyped an address under /en/ reads English first), or else the one the reader's browser
// prefers, and offer to search for its words.
(() => {
  "use strict";
  const main = document.querySelector("main[data-base]");
  if (!main) return;
  const base = new URL(main.dataset.base, location.href).pathname;
  const rest = location.pathname.startsWith(base) ? location.pathname.slice(base.length) : "";
  // An address cut in the middle of a character ("/en/%E7%94%A8%E8", a pasted link cut short) or
  // with a bare "%" is not valid percent-encoding, which decodeURIComponent throws on: decode the
  // bytes that are whole and drop the rest.
  const decode = (part) => {
    const bytes = [];
    for (let i = 0; i < part.length; i += 1) {
      const hex = part.slice(i + 1, i + 3);
      if (part[i] === "%" && /^[0-9a-f]{2}$/i.test(hex)) { bytes.push(parseInt(hex, 16)); i += 2; }
      else bytes.push(...new TextEncoder().encode(part[i]));
    }
    return new TextDecoder().decode(new Uint8Array(bytes)).replace(/\uFFFD/g, "");
  };
  const parts = rest.split("/").map(decode).filter(Boolean);
  const sections = [...main.querySelectorAll(":scope > section[lang]")];
  const primary = (code) => code.toLowerCase().split("-")[0];
  const inLanguage = (code) => sections.find((s) => s.lang === code)
    ?? sections.find((s) => primary(s.lang) === primary(code));
  // The address's language first; at an address without one (a mistyped root or an old
  // link), the first language the reader's browser asks for (its Accept-Language).
  const section = parts.length ? sections.find((s) => s.lang === parts[0]) : undefined;
  const lead = section ?? (navigator.languages || [navigator.language]).map(inLanguage).find(Boolean);
  if (lead) {
    main.prepend(lead);
    // The page is then in that language: its lang (a screen reader's voice for the title) and
    // the title's first half.
    document.documentElement.lang = lead.lang;
    document.title = [...main.querySelectorAll(":scope > section > h1")].map((h) => h.textContent).join(" / ");
  }
  // The words of the address's last part (multi-cloud → "multi cloud") as a search query.
  const words = parts.slice(section ? 1 : 0).pop();
  if (words && !/\.\w+$/.test(words)) {
    const query = words.replace(/[-_+]+/g, " ").trim();
    for (const link of main.querySelectorAll("a.not-found__search")) {
      const url = new URL(link.href);
      url.searchParams.set("q", query);
      link.href = url.href;
    }
  }
})();
