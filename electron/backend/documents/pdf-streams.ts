import type { StreamDecryptor } from './pdf-decrypt';

/**
 * The streams of a PDF as its bytes hold them, found without parsing its objects: each `stream`
 * keyword, the dictionary before it and the object it belongs to. Used by the checks that run
 * before pdfjs reads a file (pdf-bounds.ts, pdf-image-bounds.ts), so a hostile stream is judged
 * before anything decodes it; a damaged file is left to pdfjs.
 */
export type RawStream = {
  /** The object number from `N G obj`; null when the dictionary's object header is not in sight. */
  object: number | null;
  /** Its generation (0 for nearly every object): an encrypted stream's key depends on both. */
  generation: number;
  /** The stream's dictionary as latin1 text, nested dictionaries included. */
  dictionary: string;
  /** The stream's data: from after the line end that follows `stream` to `endstream`. */
  start: number;
  end: number;
};

/** How far before `stream` its dictionary is looked for. */
const DICTIONARY_WINDOW = 4096;

export function* pdfStreams(buffer: Buffer): Generator<RawStream> {
  let at = 0;
  for (;;) {
    const keyword = buffer.indexOf('stream', at, 'latin1');
    if (keyword < 0) return;
    at = keyword + 6;
    // "endstream" contains "stream": skip it; a stream's data starts after CRLF or LF.
    if (keyword >= 3 && buffer.toString('latin1', keyword - 3, keyword) === 'end') continue;
    let start = at;
    if (buffer[start] === 0x0d) start++;
    if (buffer[start] !== 0x0a) continue;
    start++;
    const end = buffer.indexOf('endstream', start, 'latin1');
    if (end < 0) return;
    at = end + 9;
    const window = buffer.toString('latin1', Math.max(0, keyword - DICTIONARY_WINDOW), keyword);
    // The dictionary starts after its object's header: the last `<<` alone would be a nested
    // dictionary's (/DecodeParms << ... >>), and the filter named before it would go unseen.
    const header = lastObjectHeader(window);
    const dictionary = header ? window.slice(header.after) : window.slice(window.lastIndexOf('<<'));
    yield { object: header?.object ?? null, generation: header?.generation ?? 0, dictionary, start, end };
  }
}

const WORD = /\w/;

/**
 * The last `N G obj` of the window, if the last word `obj` in it is one (`endobj` is not that
 * word). Found from the end: a regular expression asking for a header with no `obj` after it
 * scanned the rest of the window for every header, 11 s for the 30,000 streams of a 1.6 MB PDF.
 */
function lastObjectHeader(window: string): { object: number; generation: number; after: number } | null {
  let at = window.lastIndexOf('obj');
  while (at >= 0 && ((at > 0 && WORD.test(window[at - 1]!)) || WORD.test(window[at + 3] ?? ' '))) at = at > 0 ? window.lastIndexOf('obj', at - 1) : -1;
  if (at < 0) return null;
  const numbers = /(\d+)\s+(\d+)\s+$/.exec(window.slice(Math.max(0, at - 64), at));
  return numbers ? { object: Number(numbers[1]), generation: Number(numbers[2]), after: at + 3 } : null;
}

/**
 * A stream's data as its filters read it: decrypted when the file is encrypted (pdf-decrypt.ts;
 * cross-reference streams never are), as stored otherwise. Null when it cannot be decrypted.
 */
export function streamData(buffer: Buffer, stream: RawStream, decrypt: StreamDecryptor | null): Buffer | null {
  const stored = buffer.subarray(stream.start, stream.end);
  if (!decrypt || stream.object === null || /\/Type\s*\/XRef\b/.test(stream.dictionary)) return stored;
  return decrypt(stored, stream.object, stream.generation);
}

/** The filters a stream dictionary names, in order (`/Filter /DCTDecode` or `/Filter [/FlateDecode /DCTDecode]`). */
export function streamFilters(dictionary: string): string[] {
  const match = /\/Filter\s*(\[[^\]]*\]|\/[^\s/<>[\]()]+)/.exec(dictionary);
  if (!match) return [];
  return [...match[1]!.matchAll(/\/([^\s/<>[\]()]+)/g)].map((m) => m[1]!);
}

/** A whole number a dictionary gives directly under `key` (an indirect `N 0 R` gives null). */
export function dictionaryNumber(dictionary: string, key: string): number | null {
  const match = new RegExp(`/${key}\\s+(\\d+)(?!\\s+\\d+\\s+R)(?![\\d.])`).exec(dictionary);
  return match ? Number(match[1]) : null;
}
