// Reading the search index's files (written by sitegen/searchkeys.py, which describes the
// formats): deflate-compressed, decompressed by the browser itself (DecompressionStream).

export async function fetchInflated(url, options = {}) {
  const response = await fetch(url, options);
  if (!response.ok) throw new Error(`${response.status} for ${url}`);
  const stream = response.body.pipeThrough(new DecompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const utf8 = new TextDecoder();
const encoder = new TextEncoder();

export function encode(text) {
  return encoder.encode(text);
}

class Reader {
  constructor(bytes, pos = 0) {
    this.bytes = bytes;
    this.pos = pos;
  }

  varint() {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = this.bytes[this.pos++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
      shift += 7;
    }
  }

  take(length) {
    const slice = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return slice;
  }

  // n small numbers: a byte saying how (0: a byte each, 1: varints), then the numbers.
  numbers(n) {
    if (this.bytes[this.pos++] === 0) return this.take(n);
    return Array.from({ length: n }, () => this.varint());
  }

  // n ascending ids: the first, then the gaps to the one before, written as numbers().
  ids(n) {
    if (n === 0) return [];
    const ids = new Array(n);
    ids[0] = this.varint();
    const gaps = this.numbers(n - 1);
    for (let i = 1; i < n; i++) ids[i] = ids[i - 1] + gaps[i - 1];
    return ids;
  }
}

// A shard: key → payload bytes.
export function shardRecords(bytes) {
  const records = new Map();
  const reader = new Reader(bytes);
  while (reader.pos < bytes.length) {
    const key = utf8.decode(reader.take(reader.varint()));
    records.set(key, reader.take(reader.varint()));
  }
  return records;
}

function readSectionPosting(reader) {
  const n = reader.varint();
  const sections = reader.ids(n);
  const counts = reader.take(n);
  const m = reader.varint();
  const heading = new Set();
  let id = 0;
  for (let i = 0; i < m; i++) {
    id = i === 0 ? reader.varint() : id + reader.varint();
    heading.add(id);
  }
  return sections.map((section, i) => ({ section, count: counts[i], heading: heading.has(section) }));
}

// → [{section, count, heading}] by section.
export function sectionPosting(bytes) {
  return readSectionPosting(new Reader(bytes));
}

// → Map section → {positions (ascending), inHeading (how many of the first are in the heading)}.
export function positionPosting(bytes) {
  const reader = new Reader(bytes);
  const n = reader.varint();
  const sections = reader.ids(n);
  const counts = reader.numbers(n);
  const inHeading = reader.numbers(n);
  const start = reader.pos;
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, bytes.length - start);
  const out = new Map();
  let at = 0;
  for (let i = 0; i < n; i++) {
    const positions = new Array(counts[i]);
    for (let k = 0; k < counts[i]; k++, at += 2) positions[k] = view.getUint16(at, true);
    out.set(sections[i], { positions, inHeading: inHeading[i] });
  }
  return out;
}

// → [{token, posting}] (posting as sectionPosting gives it).
export function tokenEntry(bytes) {
  const reader = new Reader(bytes);
  const n = reader.varint();
  const tokens = [];
  for (let i = 0; i < n; i++) {
    const token = utf8.decode(reader.take(reader.varint()));
    tokens.push({ token, posting: readSectionPosting(reader) });
  }
  return tokens;
}

// CRC-32 (as Python's zlib.crc32), to find the shard that holds a key.
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
