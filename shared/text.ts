/**
 * Text normalisation shared by import, party resolution and search.
 * NFKC folds full-width letters, digits and brackets into their ASCII forms,
 * which is what makes `（地区）` and `(地区)` the same header.
 */
export function nfkc(value: string): string {
  return value.normalize('NFKC');
}

/** A party's name as used for matching: NFKC, trimmed, case-folded, whitespace collapsed. */
export function normalizeName(name: string): string {
  return nfkc(name).trim().toLowerCase().replace(/\s+/g, ' ');
}

/**
 * A column header as used for matching: NFKC, lower case, without spaces, `_`, `-`, `/`, `.`
 * and bracket characters, so `Invoice No`, `invoice_no` and `INVOICE-NO` are one header.
 */
export function normalizeHeader(header: string): string {
  return nfkc(header)
    .toLowerCase()
    .replace(/[\s_\-/.:：()[\]{}【】〔〕<>《》]/g, '');
}

/**
 * A copy of a string that does not keep its source alive. V8 makes substrings (every cell the CSV
 * parser cuts from a 1 MB piece of text) as slices of their parent; one slice kept in a cache keeps
 * the whole piece, and a cache of them keeps the whole file. Slicing a fresh concatenation flattens it.
 */
export function detach(text: string): string {
  return (` ${text}`).slice(1);
}

/** The most characters of a bad value a message quotes: a 300 MB cell must not become a 300 MB message. */
export const QUOTE_MAX_CHARS = 200;

/** A value quoted for a message (JSON string syntax), cut to QUOTE_MAX_CHARS with its full length said. */
export function quoteValue(value: string, max = QUOTE_MAX_CHARS): string {
  if (value.length <= max) return JSON.stringify(value);
  return `${JSON.stringify(value.slice(0, max))}… (${value.length.toLocaleString('en-US')} characters)`;
}
