// An excerpt of a section's text around the first match, with every match marked. The
// text keeps its own characters (full-width brackets, case); matching is on its folded form.
const SENTENCE_END = /[。．！？」』）】〉》!?.)]$/u;
const LATIN = /[A-Za-z0-9]/;

// Lines (blocks) of the section joined as a reader would expect: Japanese sentences run
// on after 。 with no space, everything else with one space (never ". ").
export function joinLines(text, spaced) {
  return text.split("\n").reduce((out, line) => {
    if (!out) return line;
    return out + (spaced || !SENTENCE_END.test(out) ? " " : "") + line;
  }, "");
}

// → [{text, mark}] pieces of at most about `width` characters around the first match of
// `centre` (the words as typed, where the section holds them: not a stem or a part of them
// that comes earlier), or else of any highlight.
export function excerpt(text, highlights, foldWithMap, { width, spaced, centre = [] }) {
  const joined = joinLines(text, spaced);
  const { folded, from, to } = foldWithMap(joined);
  const matches = [];
  let first = Infinity;
  for (const needle of highlights.filter(Boolean)) {
    for (let at = folded.indexOf(needle); at >= 0; at = folded.indexOf(needle, at + needle.length)) {
      matches.push([from[at], to[at + needle.length - 1]]);
      if (centre.includes(needle)) first = Math.min(first, from[at]);
    }
  }
  matches.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  if (first === Infinity) first = matches.length ? matches[0][0] : 0;
  let start = Math.max(0, first - Math.floor(width / 4));
  let end = Math.min(joined.length, start + width);
  start = Math.max(0, Math.min(start, end - width));
  if (spaced) {        // whole words
    if (start > 0) start = nextWordStart(joined, start, first);
    if (end < joined.length) end = previousWordEnd(joined, end, first);
  } else {             // Japanese: still never half a Latin word or number at either end
    while (start > 0 && start < first && LATIN.test(joined[start - 1]) && LATIN.test(joined[start])) start++;
    while (end < joined.length && end > first && LATIN.test(joined[end - 1]) && LATIN.test(joined[end])) end--;
  }
  const pieces = [];
  let at = start;
  for (const [a, b] of matches) {
    if (b <= at || a >= end) continue;
    const from_ = Math.max(a, at);
    if (from_ > at) pieces.push({ text: joined.slice(at, from_), mark: false });
    pieces.push({ text: joined.slice(from_, Math.min(b, end)), mark: true });
    at = Math.min(b, end);
  }
  if (at < end) pieces.push({ text: joined.slice(at, end), mark: false });
  if (start > 0) pieces.unshift({ text: "…", mark: false });
  if (end < joined.length) pieces.push({ text: "…", mark: false });
  return pieces;
}

function nextWordStart(text, at, limit) {
  const space = text.indexOf(" ", at);
  return space >= 0 && space < limit ? space + 1 : at;
}

function previousWordEnd(text, at, limit) {
  const space = text.lastIndexOf(" ", at);
  return space > limit ? space : at;
}
