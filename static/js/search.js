// Search page UI on Pagefind's JavaScript API: no inline code or styles, no other host.
// Pagefind picks the index of the page's <html lang>; results link within the site
// wherever it is published, because the base URL is worked out from the bundle's URL.
const form = document.getElementById("search-form");
const input = document.getElementById("search-input");
const statusLine = document.getElementById("search-status");
const list = document.getElementById("search-results");

const bundle = new URL(form.dataset.bundle, document.baseURI);
const siteRoot = new URL("../", bundle).pathname;
const MAX_RESULTS = 20;
let pagefind = null;          // a promise of the loaded engine
let latest = 0;

function message(name, values) {
  return form.dataset[name].replace(/\{(\w+)\}/g, (_, key) => values[key]);
}

// Copy Pagefind's excerpt (text with <mark>) as text and <mark> nodes only.
function excerptNodes(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  const out = document.createDocumentFragment();
  for (const node of template.content.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      out.append(mark);
    } else {
      out.append(document.createTextNode(node.textContent));
    }
  }
  return out;
}

function showResults(results, query) {
  list.replaceChildren();
  for (const data of results) {
    const item = document.createElement("li");
    item.className = "search__result";
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    const excerpt = document.createElement("p");
    excerpt.className = "search__excerpt";
    excerpt.append(excerptNodes(data.excerpt));
    const heading = document.createElement("h2");
    heading.className = "search__title";
    heading.append(link);
    item.append(heading, excerpt);
    list.append(item);
  }
  const count = results.length;
  statusLine.textContent = message(count === 0 ? "none" : count === 1 ? "one" : "many", { count, query });
}

// One shared promise: every query waits for the same loading, so queries reach
// debouncedSearch in the order they were made and the newest one is the one that runs.
// (Typing and then pressing Enter used to let the older query reach it last: it replaced
// the newer one, was itself dropped as out of date, and "Searching…" stayed for good.)
function load() {
  pagefind = pagefind || import(new URL("pagefind.js", bundle).href).then(async (engine) => {
    await engine.options({ baseUrl: siteRoot });
    engine.init();
    return engine;
  }).catch((error) => {
    pagefind = null;          // let a later query try again
    throw error;
  });
  return pagefind;
}

async function run(query) {
  const ticket = ++latest;
  const url = new URL(location.href);
  if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
  history.replaceState(null, "", url);
  if (!query) {
    list.replaceChildren();
    statusLine.textContent = "";
    return;
  }
  statusLine.textContent = form.dataset.loading;
  let results;
  try {
    const engine = await load();
    const search = await engine.debouncedSearch(query, {}, 150);
    if (search === null || ticket !== latest) return;   // a newer query replaced this one
    results = await Promise.all(search.results.slice(0, MAX_RESULTS).map((r) => r.data()));
  } catch (error) {
    // No index (a --no-search build), or a policy without 'wasm-unsafe-eval'.
    if (ticket === latest) statusLine.textContent = form.dataset.unavailable;
    console.warn(error);
    return;
  }
  if (ticket === latest) showResults(results, query);
}

form.addEventListener("submit", (event) => {
  event.preventDefault();   // nothing to submit to: form-action is 'none'
  run(input.value.trim());
});
input.addEventListener("input", () => run(input.value.trim()));

const initial = new URLSearchParams(location.search).get("q");
if (initial) {
  input.value = initial;
  run(initial.trim());
}
