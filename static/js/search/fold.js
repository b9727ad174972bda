// Text is matched as the index was made (sitegen/searchkeys.py): NFKC, then case folding,
// so that ＡＷＳ, AWS and aws are the same, then typographic quotes as typed. The manifest
// carries the characters whose case folding is not their lower case (ß → ss…), as the
// build's Python knows them.

// Whitespace as the index defines it (JavaScript's \s and Python's differ a little).
export const WHITESPACE = /[\t-\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/u;

// Typographic apostrophes and quotes as a keyboard types them (Amazon’s is Amazon's), one
// character for one, as searchkeys.QUOTES folds them.
const QUOTES = { "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
  "\u201c": "\"", "\u201d": "\"", "\u201e": "\"", "\u201f": "\"" };

export function makeFold(exceptions) {
  const foldChar = (char) => {
    const lower = exceptions[char] ?? char.toLowerCase();
    return QUOTES[lower] ?? lower;
  };

  function fold(text) {
    let out = "";
    for (const char of text.normalize("NFKC")) out += foldChar(char);
    return out;
  }

  // The folded text, and for each of its UTF-16 units the index in `text` it comes from
  // (one character at a time: enough to place highlights in the original text).
  function foldWithMap(text) {
    let folded = "";
    const from = [];
    let index = 0;
    for (const char of text) {
      const part = fold(char);
      folded += part;
      for (let k = 0; k < part.length; k++) from.push(index);
      index += char.length;
    }
    from.push(index);
    return { folded, from };
  }

  return { fold, foldWithMap };
}
