import { isValidVin } from '../../../shared/vin';

/**
 * VINs in free text (a PDF text layer or OCR output). A 17-character run is kept only when its
 * check digit holds; in OCR output the usual confusions are tried and a reading is accepted only
 * if it produces a valid check digit, preferring the reading with the fewest changes. A text layer
 * is not corrected: a mistyped VIN there is the document's own error, not a misreading.
 */

/** Letters a VIN never contains, so they can only be misread digits. */
const FORCED: Readonly<Record<string, string>> = { O: '0', I: '1', Q: '0' };
/** Pairs OCR mixes up in both directions. */
const SWAPS: Readonly<Record<string, string>> = { S: '5', '5': 'S', B: '8', '8': 'B', Z: '2', '2': 'Z', G: '6', '6': 'G' };
/** Optional swaps tried beyond the forced ones: more would make almost any run validate. */
const MAX_SWAPS = 2;

export type FoundVin = {
  vin: string;
  /** The characters as they appear in the text. */
  as_written: string;
  /** Offset in the text. */
  index: number;
  /** True when OCR confusions were corrected to make the check digit hold. */
  corrected: boolean;
};

/**
 * Reads one 17-character candidate, correcting OCR confusions; null if no reading is a valid VIN.
 * Letters a VIN cannot hold, and letters at the check digit and the last four positions (numeric
 * under ISO 3779), are read as the digits they resemble. Beyond that at most two swaps are tried,
 * and a reading is taken only when it is the single valid one with that few swaps.
 */
export function readVinCandidate(raw: string): { vin: string; corrected: boolean } | null {
  const upper = raw.toUpperCase();
  if (upper.length !== 17) return null;
  if (isValidVin(upper)) return { vin: upper, corrected: false };
  const chars = [...upper].map((ch, i) => {
    const forced = FORCED[ch];
    if (forced) return forced;
    const numeric = i === 8 ? ch !== 'X' : i >= 13;
    return numeric && /[A-Z]/.test(ch) && SWAPS[ch] ? SWAPS[ch]! : ch;
  });
  const base = chars.join('');
  if (isValidVin(base)) return { vin: base, corrected: true };
  const ambiguous = chars.map((ch, i) => (i !== 8 && i < 13 && SWAPS[ch] ? i : -1)).filter((i) => i >= 0);
  for (let flips = 1; flips <= MAX_SWAPS; flips++) {
    const valid = new Set<string>();
    for (const combo of combinations(ambiguous, flips)) {
      const probe = [...chars];
      for (const pos of combo) probe[pos] = SWAPS[probe[pos]!]!;
      const vin = probe.join('');
      if (isValidVin(vin)) valid.add(vin);
    }
    if (valid.size === 1) return { vin: [...valid][0]!, corrected: true };
    // Two readings with equal support: guessing would link the wrong vehicle.
    if (valid.size > 1) return null;
  }
  return null;
}

function* combinations(items: readonly number[], size: number, from = 0): Generator<number[]> {
  if (size === 0) {
    yield [];
    return;
  }
  for (let i = from; i <= items.length - size; i++) {
    for (const rest of combinations(items, size - 1, i + 1)) yield [items[i]!, ...rest];
  }
}

const RUN = /[A-Za-z0-9]+/g;

/**
 * Every VIN in the text, once each, in order of first appearance. Runs of exactly 17 characters
 * are read with corrections; in longer runs (a label glued to the VIN) only windows that are
 * valid as written count, since corrections there would invent VINs.
 */
export function findVins(text: string, options: { ocr?: boolean } = {}): FoundVin[] {
  const found = new Map<string, FoundVin>();
  const add = (hit: FoundVin) => {
    if (!found.has(hit.vin)) found.set(hit.vin, hit);
  };
  for (const match of text.normalize('NFKC').matchAll(RUN)) {
    const run = match[0];
    const index = match.index ?? 0;
    if (run.length === 17) {
      // A text layer holds the characters as typed: only OCR output gets its confusions corrected.
      const read = options.ocr ? readVinCandidate(run) : isValidVin(run.toUpperCase()) ? { vin: run.toUpperCase(), corrected: false } : null;
      if (read && countDigits(read.vin) >= 3) add({ vin: read.vin, as_written: run, index, corrected: read.corrected });
    } else if (run.length > 17 && run.length <= 40) {
      for (let start = 0; start + 17 <= run.length; start++) {
        const window = run.slice(start, start + 17).toUpperCase();
        if (isValidVin(window) && countDigits(window) >= 3) add({ vin: window, as_written: window, index: index + start, corrected: false });
      }
    }
  }
  return [...found.values()];
}

function countDigits(value: string): number {
  return value.replace(/\D/g, '').length;
}
