// Text is matched as the index was made (sitegen/output/searchkeys.py): NFKC, then case
// folding, so that ＡＷＳ, AWS and aws are the same, then what a reader types for what the
// page prints (' for ’, くらうど for クラウド, multicloud for multi-cloud, 1000 for 1,000). The manifest
// carries every character whose fold is not its lower case, as the build's Python folds it,
// so that this script and the index it reads never disagree.

// Whitespace as the index defines it (JavaScript's \s and Python's differ a little).
export const WHITESPACE = /[\t-\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/u;

// A digit-group comma (1,000億ドル, 38,000) is left out: a comma between a digit and exactly three
// more, never "1, 2" (DIGIT_GROUP in searchkeys.py). The digit before it is matched and put back, not
// looked behind for: Safari before 16.4 cannot parse a lookbehind, and would load no search at all.
const DIGIT_GROUP = /([0-9]),(?=[0-9]{3}(?![0-9]))/g;
// The full stops of an abbreviation of single letters (U.S., A.I., U.S.-based) are left out: US, AI
// (ACRONYM in searchkeys.py; the character before it matched and put back, for the same reason).
const ACRONYM = /(^|[^0-9.])([a-z](?:\.[a-z](?![0-9a-z]))+\.?)/g;

// Where, in folded text, the characters left out are: digit-group commas, an abbreviation's full stops.
function leftOut(folded) {
  const out = new Set([...folded.matchAll(DIGIT_GROUP)].map((match) => match.index + 1));
  for (const match of folded.matchAll(ACRONYM)) {
    const start = match.index + match[1].length;
    for (let k = 0; k < match[2].length; k++) if (match[2][k] === ".") out.add(start + k);
  }
  return out;
}

// A character and the marks after it that NFKC may join to it (a half-width katakana's ﾞ ﾟ).
const WITH_MARKS = /[^][\p{M}\uff9e\uff9f]*/gu;

export function makeFold(table) {
  const foldChar = (char) => table[char] ?? char.toLowerCase();

  // A long vowel mark after a Latin letter or digit is the hyphen key in a Japanese input method
  // (gptーoss for gpt-oss): left out, as hyphens are (TYPED_HYPHEN in searchkeys.py).
  const after = (out, part) => (part === "ー" && /[0-9a-z]$/.test(out) ? "" : part);

  function fold(text) {
    let out = "";
    for (const char of text.normalize("NFKC")) out += after(out, foldChar(char));
    const gone = leftOut(out);
    return gone.size ? out.split("").filter((_, k) => !gone.has(k)).join("") : out;
  }

  // The folded text, and for each of its UTF-16 units where the character of `text` it comes
  // from starts and ends (one character at a time, with the marks that NFKC joins to it: ﾄﾞ is
  // ド, か and a combining ゛ are が; enough to place highlights in the original text; a
  // character folded to nothing, like the hyphen of multi-cloud, is marked only between
  // matched characters).
  function foldWithMap(text) {
    let folded = "";
    const from = [];
    const to = [];
    let index = 0;
    for (const char of text.match(WITH_MARKS) ?? []) {
      const part = after(folded, fold(char));
      folded += part;
      for (let k = 0; k < part.length; k++) {
        from.push(index);
        to.push(index + char.length);
      }
      index += char.length;
    }
    // Digit-group commas and abbreviations' full stops left out, with their places in the map.
    const gone = leftOut(folded);
    if (!gone.size) return { folded, from, to };
    const keep = (_, k) => !gone.has(k);
    return { folded: folded.split("").filter(keep).join(""), from: from.filter(keep), to: to.filter(keep) };
  }

  return { fold, foldWithMap };
}
