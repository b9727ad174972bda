// The search engine: finds every page whose text holds each term of the query, ranks them
// (title, then headings, then text, after pages holding an English term of two letters as a word of
// its own, US before the us of thus; exact before loose matches: an English word's stem, a
// Japanese phrase's parts) and picks the section of each page to link to.
// sitegen/searchindex.py explains the index it reads.
import { stemmer } from "../../vendor/stemmer-2.0.1/index.js";
import { crc32, encode, fetchInflated, positionPosting, sectionPosting, shardRecords, tokenEntry } from "./codec.js";
import { WHITESPACE, makeFold } from "./fold.js";

// Opening and closing quotes and brackets at either end of a word (folded, " and ' stand for “ ” ‘ ’),
// and the punctuation of a sentence (What is agentic AI?, AWSとは？, Microsoft, AWS).
const AROUND = /^[\p{Ps}\p{Pe}\p{Pi}\p{Pf}"'.,;:!?、。]+|[\p{Ps}\p{Pe}\p{Pi}\p{Pf}"'.,;:!?、。]+$/gu;
// Japanese commas and full stops part words as spaces do (OpenAI、AWS).
const BETWEEN = /[、。]+/u;

// A phrase in double quotes or Japanese brackets ("cloud deal", “multi-cloud strategy”, 「AWSとの契約」)
// is searched as typed: its words next to each other in a line (no stems, no parts).
const QUOTED = /["\u201c-\u201f]([^"\u201c-\u201f]+)["\u201c-\u201f]|「([^「」]+)」|『([^『』]+)』/gu;
// The pages whose text a phrase of several words is looked for in (fetched, as a result's text
// is). Pages past these, holding its words, are found loosely: "perhaps not together".
export const PHRASE_PAGES = 40;

export const FIELD = { TITLE: 0, HEADING: 1, TEXT: 2 };
const LOOSE_TIER = 3;         // pages found only loosely come after every exact match

// A Japanese phrase is typed with the particles the reader would use, not always the page's
// (AWSの契約 for AWSとの契約): its parts are found too, ranked after the phrase. The parts: runs of
// Latin letters and digits (gpt4o), of katakana, of kanji and hiragana (結んだ契約), and a number
// with its counters and units (380億ドル), less the particles between them (の, との, を…).
const PARTICLES = new Set(["の", "と", "との", "は", "が", "を", "に", "へ", "で", "や", "も", "か", "から", "まで", "より",
  "には", "では", "とは", "での", "への", "からの", "までの", "にも", "でも", "とも", "など", "について", "における",
  "による", "として"]);
const SCRIPTS = [["han", /[\p{sc=Han}々〆]/u], ["kana", /\p{sc=Hiragana}/u], ["kata", /[\p{sc=Katakana}ー・]/u],
  ["digit", /[0-9]/u]];
const JOINS = { "han kana": true, "kana han": true, "digit han": true, "digit kata": true, "latin digit": true,
  "digit latin": true };

export function phraseParts(word) {
  const runs = [];
  for (const char of word.normalize("NFKC")) {
    let script = SCRIPTS.find(([, pattern]) => pattern.test(char))?.[0] ?? "latin";
    if (char === "ー" && runs.length) script = runs.at(-1).script;       // a long vowel (or a typed hyphen)
    if (runs.at(-1)?.script === script) runs.at(-1).text += char;
    else runs.push({ script, text: char });
  }
  const parts = [];
  let last = null;            // the run before, if it joins the part being made
  let number = false;         // the part being made starts with a number: its units join it
  for (const run of runs) {
    if (run.script === "kana" && PARTICLES.has(run.text)) {
      last = null;
      continue;
    }
    const joins = last && (JOINS[`${last.script} ${run.script}`] || (number && run.script !== "kana" && run.script !== "latin"));
    if (joins) parts[parts.length - 1] += run.text;
    else {
      parts.push(run.text);
      number = run.script === "digit";
    }
    last = run;
  }
  return parts;
}

export class SearchIndex {
  static async open(manifestUrl) {
    const manifest = JSON.parse(new TextDecoder().decode(
      await fetchInflated(manifestUrl, { cache: "no-cache" })));
    return new SearchIndex(new URL(manifestUrl), manifest);
  }

  constructor(url, manifest) {
    this.url = url;
    this.manifest = manifest;
    this.siteRoot = new URL("../../", url);
    const { fold, foldWithMap } = makeFold(manifest.fold);
    this.fold = fold;
    this.foldWithMap = foldWithMap;
    this.firstSection = [];
    this.pageOf = [];
    for (const [page, count] of manifest.pages.entries()) {
      this.firstSection.push(this.pageOf.length);
      for (let k = 0; k < count; k++) this.pageOf.push(page);
    }
    this.shards = new Map();
    this.docs = new Map();
  }

  file(name) {
    return new URL(`${name}?v=${this.manifest.generation}`, this.url);
  }

  async payload(key) {
    const shard = crc32(encode(key)) & (this.manifest.shards - 1);
    if (!this.shards.has(shard)) {
      const name = `s/${shard.toString(16).padStart(3, "0")}.bin`;
      const loading = fetchInflated(this.file(name)).then(shardRecords);
      loading.catch(() => this.shards.delete(shard));     // a later query may try again
      this.shards.set(shard, loading);
    }
    return (await this.shards.get(shard)).get(key);
  }

  // The page's title, path and sections ([anchor, heading, text]), for showing a result.
  doc(page) {
    if (!this.docs.has(page)) {
      const loading = fetchInflated(this.file(`d/${page}.bin`)).then((bytes) => JSON.parse(new TextDecoder().decode(bytes)));
      loading.catch(() => this.docs.delete(page));
      this.docs.set(page, loading);
    }
    return this.docs.get(page);
  }

  // The query's terms: folded, split at whitespace (and 、。), without the quotes, brackets and
  // punctuation around words ("deal", 「契約」, AI?), each at least two characters long (one in
  // chars mode, or a Japanese one); in chars mode, each term's parts (folded, two characters or more) where it has
  // two or more, or one that is not the term (スターゲートとは, a question: スターゲート).
  terms(query) {
    const phrases = [];
    const rest = query.normalize("NFKC").replace(QUOTED, (_, ...texts) => {
      phrases.push(texts.slice(0, 3).find((text) => text !== undefined));
      return " ";
    });
    const words = rest.split(WHITESPACE).flatMap((word) => word.split(BETWEEN))
      .map((word) => word.replace(AROUND, ""));
    const all = new Map();
    const typed = new Map();      // term → the word as typed (NFKC)
    const typedParts = new Map(); // term → its parts as typed (NFKC)
    const quoted = new Set();     // the terms typed in quotes: as typed only (a phrase's words with a space)
    for (const phrase of phrases) {
      const term = this.fold(phrase).split(WHITESPACE).filter(Boolean).join(" ").replace(AROUND, "");
      if (!term || all.has(term)) continue;
      all.set(term, []);
      typedParts.set(term, []);
      typed.set(term, phrase.trim());
      quoted.add(term);
    }
    for (const word of words) {
      const term = this.fold(word).replace(AROUND, "");
      if (!term || all.has(term)) continue;
      const both = this.manifest.mode === "chars"
        ? phraseParts(word).map((part) => [this.fold(part), part]).filter(([part]) => [...part].length >= 2) : [];
      const parts = both.map(([part]) => part);
      const kept = parts.length >= 2 || (parts.length && parts[0] !== term);
      all.set(term, kept ? parts : []);
      typedParts.set(term, kept ? both.map(([, part]) => part) : []);
      typed.set(term, word);
    }
    // A character is a word in Japanese (円, 株), in either language's search (from U+2E80 on, as
    // words mode indexes them), not in English (the a of "a deal"); but a hiragana one beside
    // other words is a particle (AWS と 契約), left out: it is on every page.
    const word = (term) => [...term].length >= 2 || this.manifest.mode === "chars"
      || (term.codePointAt(0) >= 0x2e80 && /^[\p{L}\p{N}]$/u.test(term));
    const particle = (term) => /^\p{sc=Hiragana}$/u.test(term);
    const long = [...all.keys()].filter((term) => word(term) && !particle(term));
    const kept = (term) => word(term) && (!particle(term) || !long.length);
    const terms = [...all.keys()];
    return { terms: terms.filter(kept), short: terms.filter((term) => !kept(term)), parts: all, typed, typedParts, quoted };
  }

  // → {terms, short, results, highlights, missing: the words (as typed) that no page holds,
  // phrases: the words (as typed) that have parts, each with its parts (as typed)}.
  async search(query) {
    const { terms, short, parts, typed, typedParts, quoted } = this.terms(query);
    if (!terms.length) return { terms, short, results: [], missing: [], phrases: [] };
    const found = await Promise.all(terms.map((term) => this.match(term, parts.get(term), quoted.has(term))));
    const missing = terms.filter((_, t) => !found[t].exact.size && !found[t].loose.size).map((term) => typed.get(term));
    const phrases = terms.filter((term) => typedParts.get(term).length)
      .map((term) => ({ word: typed.get(term), parts: typedParts.get(term) }));
    return { terms, short, results: this.rank(found), highlights: found.map((f) => f.highlights), missing, phrases };
  }

  // One term → {exact: Map section → {count, heading}, loose: the same for sections found only
  // through its stem or its parts, highlights: the texts to mark in excerpts}.
  async match(term, parts = [], quoted = false) {
    const chars = [...term];
    if (term.includes(" ")) return this.byPhrase(term);
    if (quoted && this.manifest.mode !== "chars" && chars.length > 2) {
      const { exact } = await this.byTokens(term, chars);
      return { exact, loose: new Map(), highlights: [term] };
    }
    if (this.manifest.mode === "chars") {
      const [exact, ...each] = await Promise.all([term, ...parts].map((text) => this.bySubstring(text)));
      return { exact, loose: inEvery(each, exact), highlights: [term, ...parts] };
    }
    if (chars.length <= 2) {
      // Sections where it is a word of its own (US in "US time", not in "thus") are marked, to rank first.
      const [exact, whole] = await Promise.all(["s", "w"].map(async (kind) => this.bySections(await this.payload(kind + term))));
      for (const [section, hit] of exact) hit.whole = whole.has(section);
      return { exact, loose: new Map(), highlights: [term] };
    }
    return this.byTokens(term, chars);
  }

  // A phrase of several words (folded, one space between them): the sections holding each word
  // (as typed, in the index), then those with the phrase in one line of their text (fetched, for
  // the first PHRASE_PAGES pages; the sections of the others are loose, kind "phrase").
  async byPhrase(phrase) {
    const words = phrase.split(" ").filter((word) => this.manifest.mode === "chars" || [...word].length >= 2);
    const exact = new Map();
    const loose = new Map();
    const each = await Promise.all(words.map(async (word) => (this.manifest.mode === "chars"
      ? this.bySubstring(word) : [...word].length <= 2 ? this.bySections(await this.payload("s" + word))
        : (await this.byTokens(word, [...word])).exact)));
    const sections = each.length ? [...each[0].keys()].filter((section) => each.every((found) => found.has(section))) : [];
    const pages = [...new Set(sections.map((section) => this.pageOf[section]))].slice(0, PHRASE_PAGES);
    const docs = new Map(await Promise.all(pages.map(async (page) => [page, await this.doc(page)])));
    for (const section of sections) {
      const page = this.pageOf[section];
      if (!docs.has(page)) {
        loose.set(section, { count: 1, heading: false });
        continue;
      }
      const [, heading = "", text = ""] = docs.get(page).sections[section - this.firstSection[page]] ?? [];
      const [inHeading, inText] = [heading, text].map((lines) => this.occurrences(lines, phrase));
      if (inHeading + inText) exact.set(section, { count: Math.min(inHeading + inText, 255), heading: inHeading > 0 });
    }
    return { exact, loose, kind: "phrase", highlights: [phrase, ...(exact.size ? [] : words)] };
  }

  // How often each line of `text`, folded, with one space for any whitespace, holds `phrase`.
  occurrences(text, phrase) {
    let count = 0;
    for (const line of text.split("\n")) {
      const folded = this.fold(line).split(WHITESPACE).join(" ");
      for (let at = folded.indexOf(phrase); at >= 0; at = folded.indexOf(phrase, at + phrase.length)) count++;
    }
    return count;
  }

  // chars mode: the sections whose text holds `text`.
  async bySubstring(text) {
    const chars = [...text];
    return chars.length <= 2 ? this.bySections(await this.payload("b" + text)) : this.byPositions(chars);
  }

  bySections(payload) {
    const out = new Map();
    if (payload) for (const { section, count, heading } of sectionPosting(payload)) out.set(section, { count, heading });
    return out;
  }

  // chars mode, three characters or more: the triples at offsets 0, 3, 6… and the last
  // one, found at those distances from each other (every character covered: exact).
  async byPositions(chars) {
    const offsets = [];
    for (let at = 0; at + 3 <= chars.length; at += 3) offsets.push(at);
    if (offsets.at(-1) !== chars.length - 3) offsets.push(chars.length - 3);
    const postings = await Promise.all(offsets.map(async (at) => {
      const payload = await this.payload("p" + chars.slice(at, at + 3).join(""));
      return payload ? positionPosting(payload) : new Map();
    }));
    const out = new Map();
    const [first, ...rest] = postings;
    for (const [section, { positions, inHeading }] of first) {
      const others = rest.map((posting) => posting.get(section));
      if (others.some((other) => !other)) continue;
      let count = 0;
      let heading = false;
      positions.forEach((start, index) => {
        if (others.every((other, k) => contains(other.positions, start + offsets[k + 1]))) {
          count++;
          heading ||= index < inHeading;
        }
      });
      if (count) out.set(section, { count: Math.min(count, 255), heading });
    }
    return out;
  }

  // words mode, three characters or more: the tokens holding the term's first triple,
  // kept if they hold the term (exact) or share its stem (Porter: "investments" finds
  // "investing"); their sections merged.
  async byTokens(term, chars) {
    const payload = await this.payload("t" + chars.slice(0, 3).join(""));
    const exact = new Map();
    const stem = new Map();
    const highlights = [term];
    if (!payload) return { exact, loose: stem, highlights };
    const core = wordCore(term);
    const stemmed = /^\p{L}{4,}$/u.test(core) ? stemmer(core) : null;
    for (const { token, posting } of tokenEntry(payload)) {
      let into = null;
      if (token.includes(term)) into = exact;
      else if (stemmed && stemmer(wordCore(token)) === stemmed) {
        into = stem;
        highlights.push(wordCore(token));
      }
      if (into) for (const { section, count, heading } of posting) merge(into, section, count, heading);
    }
    for (const section of exact.keys()) stem.delete(section);
    return { exact, loose: stem, highlights };
  }

  // Pages holding every term (exactly, or else loosely), best first.
  rank(found) {
    const pages = new Map();     // page → [per term: Map section → {count, heading}, loose only?]
    found.forEach(({ exact, loose }, t) => {
      for (const [kind, sections] of [["exact", exact], ["loose", loose]]) {
        for (const [section, hit] of sections) {
          const page = this.pageOf[section];
          if (!pages.has(page)) pages.set(page, found.map(() => ({ exact: new Map(), loose: new Map() })));
          pages.get(page)[t][kind].set(section, hit);
        }
      }
    });
    const results = [];
    for (const [page, perTerm] of pages) {
      if (perTerm.some((hits) => !hits.exact.size && !hits.loose.size)) continue;
      const loose = perTerm.some((hits) => !hits.exact.size);
      // Found loosely through a phrase's words, not its text: "perhaps not together".
      const kind = perTerm.some((hits, t) => !hits.exact.size && found[t].kind) ? "phrase" : null;
      const bySection = new Map();      // section → [terms in it, as words of their own, in its heading, occurrences]
      let tier = FIELD.TITLE;
      let score = 0;
      for (const hits of perTerm) {
        const sections = hits.exact.size ? hits.exact : hits.loose;
        let field = FIELD.TEXT;
        for (const [section, { count, heading, whole }] of sections) {
          score += count;
          const here = section === this.firstSection[page] ? FIELD.TITLE : FIELD.HEADING;
          if (heading) field = Math.min(field, here);
          const [terms, words, headings, occurrences] = bySection.get(section) ?? [0, 0, 0, 0];
          bySection.set(section, [terms + 1, words + (whole !== false ? 1 : 0), headings + (heading ? 1 : 0),
            occurrences + count]);
        }
        tier = Math.max(tier, field);
      }
      let best = -1;
      let bestKey = [-1, -1, -1, -1];
      // The section holding the most of the terms (a sentence copied from it: not the top of the page,
      // which held its 'the' and 'of' more often), then as words of their own (US, not the us of a
      // heading 'Exclusivity'), then in its heading, then the most often; the first.
      const better = (key) => key.findIndex((value, k) => value !== bestKey[k]);
      for (const [section, key] of [...bySection].sort((a, b) => a[0] - b[0])) {
        const k = better(key);
        if (k >= 0 && key[k] > bestKey[k]) [best, bestKey] = [section, key];
      }
      const sections = [...bySection.keys()].sort((a, b) => a - b);
      // Each English term of two letters a word of its own somewhere in the page (US, not only the us
      // of thus, in a heading 'Exclusivity'): such pages first.
      const whole = perTerm.every((hits) => [...hits.exact.values()].some((hit) => hit.whole !== false));
      results.push({ page, tier: tier + (loose ? LOOSE_TIER : 0), whole, score, loose, kind,
                     section: best - this.firstSection[page], sections: sections.map((s) => s - this.firstSection[page]) });
    }
    return results.sort((a, b) => a.loose - b.loose || b.whole - a.whole || a.tier - b.tier || b.score - a.score
      || a.page - b.page);
  }
}

// The sections found by every one of `each` (none if there are none), less those of `except`:
// for each, how often the rarest is there, and whether all are in its heading.
function inEvery(each, except) {
  const out = new Map();
  if (!each.length) return out;
  for (const section of each[0].keys()) {
    const hits = each.map((found) => found.get(section));
    if (except.has(section) || hits.some((other) => !other)) continue;
    out.set(section, { count: Math.min(...hits.map((other) => other.count)), heading: hits.every((other) => other.heading) });
  }
  return out;
}

function merge(into, section, count, heading) {
  const had = into.get(section);
  into.set(section, had ? { count: had.count + count, heading: had.heading || heading } : { count, heading });
}

function contains(sorted, value) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return sorted[lo] === value;
}

// A token without the punctuation around it: "(aws)," → "aws".
export function wordCore(token) {
  return token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
}
