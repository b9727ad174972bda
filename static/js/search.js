// The search page: no inline code or styles, nothing from another host. The engine
// (js/search/engine.js) reads this language's index under search/<lang>/; results link
// to the section that matched, within the site wherever it is published.
import { SearchIndex } from "./search/engine.js";
import { excerpt } from "./search/excerpt.js";

const form = document.getElementById("search-form");
const input = document.getElementById("search-input");
const statusLine = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const PAGE = 20;              // results shown at a time
const DEBOUNCE = 150;         // ms after the last keystroke
// The status line is a live region: a screen reader reads every change. A search takes a few ms
// once its index is loaded, so it says "Searching…" only when one takes longer than this.
const SLOW = 500;             // ms
// A query typed in quotes ("deal", 「契約」) is shown in the status line's own quotes, once.
const QUOTED = /^[\p{Ps}\p{Pi}"'](.+)[\p{Pe}\p{Pf}"']$/u;
const spaced = form.dataset.spaced === "true";
const width = spaced ? 220 : 110;
const SENTENCES = spaced ? " " : "";     // between sentences: none after Japanese 。

let index = null;             // a promise of the loaded index
let latest = 0;
let timer = 0;
let shown = { results: [], highlights: [], count: 0, part: null };

function message(name, values) {
  return form.dataset[name].replace(/\{(\w+)\}/g, (_, key) => values[key]);
}

function load() {
  index ||= SearchIndex.open(new URL(form.dataset.index, document.baseURI).href).catch((error) => {
    index = null;             // let a later query try again
    throw error;
  });
  return index;
}

// Words more pages of another language hold than of this one (multicloud, in the Japanese
// search, is only in the English pages; 契約, in the English search, in one English page and
// every Japanese one): a link to that language's search for them, saying how many, in that
// language. Each language's count of the pages that hold the words as typed (what its status
// line will count as matching them; not those it finds only loosely), or 0 where its index does
// not load.
const others = new Map();       // link template → a promise of that language's index
function elsewhere(query) {
  return Promise.all([...document.querySelectorAll("#search-elsewhere a")].map(async (template) => {
    try {
      if (!others.has(template)) others.set(template, SearchIndex.open(new URL(template.dataset.index, document.baseURI).href));
      return { template, count: exactCount((await (await others.get(template)).search(query)).results) };
    } catch (error) {
      others.delete(template);
      console.warn(error);
      return { template, count: 0 };
    }
  }));
}

const exactCount = (results) => results.filter((result) => !result.loose).length;

function elsewhereLink({ template, count }, query) {
  const link = template.cloneNode(false);
  const url = new URL(template.href);
  url.searchParams.set("q", query);
  link.href = url.href;
  link.textContent = template.dataset[count === 1 ? "one" : "many"].replace(/\{(\w+)\}/g,
    (_, key) => ({ count, query: query.replace(QUOTED, "$1") })[key]);
  return link;
}

// Japanese in another language's results (a source's title on the English sources page) keeps
// its language, as the page marked it: a screen reader's Japanese voice, a Japanese font.
const JAPANESE = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}][\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\u3000-\u303f\u30fc\uff01-\uff60]*/gu;
const pageIsJapanese = document.documentElement.lang.startsWith("ja");

function inLanguage(text) {
  if (pageIsJapanese) return [text];
  const nodes = [];
  let at = 0;
  for (const run of text.matchAll(JAPANESE)) {
    const span = document.createElement("span");
    span.lang = "ja";
    span.textContent = run[0];
    nodes.push(text.slice(at, run.index), span);
    at = run.index + run[0].length;
  }
  nodes.push(text.slice(at));
  return nodes.filter((node) => node !== "");
}

// Text with the matches marked, as nodes; `width` cuts it to an excerpt around the first.
function marked(engine, text, highlights, cut = Infinity, centre = []) {
  const out = document.createDocumentFragment();
  for (const piece of excerpt(text, highlights, engine.foldWithMap, { width: cut, spaced, centre })) {
    if (piece.mark) {
      const mark = document.createElement("mark");
      mark.append(...inLanguage(piece.text));
      out.append(mark);
    } else {
      out.append(...inLanguage(piece.text));
    }
  }
  return out;
}

// A page found only loosely (a Japanese phrase's parts, an English word's other forms) says so
// under its title, and its link is described by that (a screen reader reads it with the link).
const looseKind = (engine) => (engine.manifest.mode === "chars" ? "parts" : "stem");
let notes = 0;

// A phrase of one part less its particles (スターゲートとは: スターゲート) is named with that part:
// "hold only its parts" read oddly of one. → the values of the "part" messages, or null.
function onePart(phrases) {
  if (!phrases.length || phrases.some(({ parts }) => parts.length !== 1)) return null;
  const list = (texts) => texts.join(form.dataset.separator);
  return { part: list(phrases.map(({ parts }) => parts[0])), query: list(phrases.map(({ word }) => word)) };
}

function resultItem(engine, result, doc, highlights, terms) {
  const [anchor, heading, text] = doc.sections[result.section] ?? ["", "", ""];
  const item = document.createElement("li");
  item.className = "search__result";
  item.dataset.match = result.loose ? result.kind ?? looseKind(engine) : "exact";
  const title = document.createElement("h2");
  title.className = "search__title";
  const link = document.createElement("a");
  link.href = new URL(doc.path + (anchor ? `#${anchor}` : ""), engine.siteRoot).href;
  link.append(marked(engine, doc.title, highlights));
  title.append(link);
  item.append(title);
  if (result.loose) {
    const note = document.createElement("p");
    note.className = "search__note";
    note.id = `search-note-${++notes}`;
    note.textContent = shown.part && !result.kind ? message("partNote", shown.part) : form.dataset[`${item.dataset.match}Note`];
    link.setAttribute("aria-describedby", note.id);
    item.append(note);
  }
  if (anchor) {
    const where = document.createElement("p");
    where.className = "search__section";
    where.append(marked(engine, heading, highlights));
    item.append(where);
  }
  const quote = document.createElement("p");
  quote.className = "search__excerpt";
  quote.append(marked(engine, text || heading, highlights, width, terms));
  item.append(quote);
  const others = result.sections.filter((section) => section !== result.section && doc.sections[section]?.[0]);
  if (others.length) {
    const also = document.createElement("p");
    also.className = "search__also";
    also.append(form.dataset.also);
    // Each link keeps the separator after it (', ' or '、') on its line: a line never starts with
    // it, which the links' inline-block boxes would otherwise allow.
    const separator = form.dataset.separator;
    const stop = separator.trimEnd();
    const shown = others.slice(0, 3);
    shown.forEach((section, i) => {
      const [otherAnchor, otherHeading] = doc.sections[section];
      const entry = document.createElement("span");
      entry.className = "search__also-entry";
      const other = document.createElement("a");
      other.href = new URL(`${doc.path}#${otherAnchor}`, engine.siteRoot).href;
      other.textContent = otherHeading;
      entry.append(other);
      if (i < shown.length - 1) entry.append(stop);
      also.append(entry, i < shown.length - 1 ? separator.slice(stop.length) : "");
    });
    item.append(also);
  }
  return item;
}

// Show the next PAGE results (their texts are fetched now, together), in place of those shown
// if `replace` (a new query's: the list is never empty in between, which made the page jump).
async function showMore(engine, ticket, replace = false) {
  const next = shown.results.slice(shown.count, shown.count + PAGE);
  const docs = await Promise.all(next.map((result) => engine.doc(result.page)));
  if (ticket !== latest) return;
  const highlights = shown.highlights.flat();
  const terms = shown.highlights.map(([term]) => term);      // each term's first highlight is itself
  const items = next.map((result, i) => resultItem(engine, result, docs[i], highlights, terms));
  if (replace) list.replaceChildren(...items); else list.append(...items);
  shown.count += next.length;
  more.hidden = shown.count >= shown.results.length;
}

async function run(query) {
  const ticket = ++latest;
  const url = new URL(location.href);
  if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
  history.replaceState(null, "", url);
  const clear = (status) => {
    list.ariaBusy = null;
    list.replaceChildren();
    more.hidden = true;
    statusLine.textContent = status;
  };
  if (!query) return clear("");
  // The results and status of the query before stay until this one's are drawn.
  list.ariaBusy = "true";
  const slow = setTimeout(() => ticket === latest && (statusLine.textContent = form.dataset.loading), SLOW);
  try {
    const engine = await load();
    const counts = elsewhere(query);    // alongside this language's search
    const found = await engine.search(query);
    if (ticket !== latest) return;      // a newer query replaced this one
    if (!found.terms.length) return clear(form.dataset.short);
    shown = { results: found.results, highlights: found.highlights, count: 0,
              part: engine.manifest.mode === "chars" ? onePart(found.phrases) : null };
    await showMore(engine, ticket, true);
    if (ticket !== latest) return;
    const count = found.results.length;
    const exact = exactCount(found.results);
    const links = (await counts).filter((other) => other.count > exact).map((other) => elsewhereLink(other, query));
    if (ticket !== latest) return;
    // The pages that hold the words as typed, then those found only loosely. In one change, so
    // that it is read once.
    const loose = count - exact;
    const sentences = [message(exact === 0 ? "none" : exact === 1 ? "one" : "many",
                               { count: exact, query: query.replace(QUOTED, "$1") })];
    const kind = found.results.some((result) => result.kind) ? "phrase" : shown.part ? "part" : looseKind(engine);
    if (loose) sentences.push(message(`${kind}${loose === 1 ? "One" : "Many"}`, { count: loose, ...shown.part }));
    // Several words and no page: which of them no page holds, or that none holds them together.
    if (!count && found.terms.length > 1) {
      sentences.push(...(found.missing.length ? found.missing.map((word) => message("missing", { word }))
                                               : [form.dataset.apart]));
    }
    if (found.short.length) sentences.push(form.dataset.skipped);
    statusLine.replaceChildren(sentences.join(SENTENCES), ...links.flatMap((link) => [" ", link]));
    return true;                        // this query's results are on the page
  } catch (error) {
    // No index (a --no-search build), or a browser without DecompressionStream.
    if (ticket === latest) clear(form.dataset.unavailable);
    console.warn(error);
  } finally {
    clearTimeout(slow);
    if (ticket === latest) list.ariaBusy = null;
  }
}

function schedule(query, delay) {
  clearTimeout(timer);
  timer = setTimeout(() => run(query), delay);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();   // nothing to submit to: form-action is 'none'
  schedule(input.value.trim(), 0);
});
// While an input method composes (くらうd on the way to クラウド) the text is not what the reader
// means yet: searching it would flash results and announce "no match" for every keystroke.
input.addEventListener("input", (event) => {
  if (!event.isComposing) schedule(input.value.trim(), DEBOUNCE);
});
input.addEventListener("compositionend", () => schedule(input.value.trim(), DEBOUNCE));
// The reader goes on at the first result just shown: focus left on the button would sit below
// them, and be lost to the top of the page when the button goes away with the last results.
more.addEventListener("click", async () => {
  const engine = await load();
  const first = shown.count;
  await showMore(engine, latest);
  list.children[first]?.querySelector("a")?.focus();
});

// Back from a result the page loads again, and its results are drawn only once the index has
// loaded: the browser's own scroll restoration, done at load, found an empty list and left the
// reader at the top. The page keeps the place in its history entry and returns to it itself.
history.scrollRestoration = "manual";
const returnTo = history.state?.scrollY;
addEventListener("pagehide", () => history.replaceState({ scrollY }, "", location.href));

const initial = new URLSearchParams(location.search).get("q");
if (initial) {
  input.value = initial;
  run(initial.trim()).then((drawn) => {
    if (drawn && returnTo) scrollTo(0, returnTo);
  });
}
