import { isValidPersonId, isValidUscc } from '../../../shared/party-id';
import { isAllDigits, isValidVin } from '../../../shared/vin';

/**
 * VINs in free text (a PDF text layer or OCR output). A 17-character run is kept only when its
 * check digit holds; in OCR output the usual confusions are tried and a reading is accepted only
 * if it produces a valid check digit, preferring the reading with the fewest changes. A text layer
 * is not corrected: a mistyped VIN there is the document's own error, not a misreading. A corrected
 * VIN keeps the text as read: it proposes a record only with a mark the analyst sees in review
 * (extract-fields.ts), since a misreading the swaps do not model (V/W, L/1, D/0) can be "corrected"
 * into another valid VIN.
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
/** Labels OCR and careless typing glue to the VIN that follows them (`VIN:LGX…` read as `VINLGX…`). */
const GLUED_LABEL = /^(?:VIN(?:NO)?|CHASSIS(?:NO)?|FRAMENO|NO)(?=[A-Z0-9]{17}$)/i;

/**
 * Why a 17-character run is not a VIN whatever its check digit says: seventeen digits (invoice,
 * account and declaration numbers), or a start of eight digits after the first character, which is
 * how a USCC (authority, type, six-digit region) and an ID number (region, birth year) begin and how
 * no maker's code does.
 */
function notAVin(candidate: string): boolean {
  return isAllDigits(candidate) || /^[0-9A-Z]\d{7}/.test(candidate);
}

/** True when the run, with the character beyond it across a space, makes an 18-character USCC or ID number. */
function insideIdentifier(text: string, index: number, run: string): boolean {
  const before = /([0-9A-Za-z])[ \t]$/.exec(text.slice(Math.max(0, index - 2), index))?.[1];
  const after = /^[ \t]([0-9A-Za-z])/.exec(text.slice(index + run.length, index + run.length + 2))?.[1];
  const probes = [before ? before + run : null, after ? run + after : null];
  return probes.some((p) => p !== null && (isValidUscc(p.toUpperCase()) || isValidPersonId(p.toUpperCase())));
}

/**
 * Every VIN in the text, once each, in order of first appearance. Only runs of exactly 17 letters
 * and digits are candidates (OCR runs are read with corrections): a window cut out of a longer run
 * (a 20-digit invoice number, an 18-character USCC) would invent a VIN, so a longer run counts only
 * when it is a label glued to 17 characters that are valid as written.
 */
export function findVins(text: string, options: { ocr?: boolean } = {}): FoundVin[] {
  const found = new Map<string, FoundVin>();
  const add = (hit: FoundVin) => {
    if (!found.has(hit.vin)) found.set(hit.vin, hit);
  };
  const normalized = text.normalize('NFKC');
  for (const match of normalized.matchAll(RUN)) {
    let run = match[0];
    let index = match.index ?? 0;
    const glued = run.length > 17 ? GLUED_LABEL.exec(run) : null;
    if (glued) {
      run = run.slice(glued[0].length);
      index += glued[0].length;
    }
    if (run.length !== 17 || notAVin(run.toUpperCase()) || insideIdentifier(normalized, index, run)) continue;
    // A text layer holds the characters as typed: only OCR output gets its confusions corrected.
    const read = options.ocr && !glued ? readVinCandidate(run) : isValidVin(run.toUpperCase()) ? { vin: run.toUpperCase(), corrected: false } : null;
    if (read && !notAVin(read.vin) && countDigits(read.vin) >= 3) add({ vin: read.vin, as_written: run, index, corrected: read.corrected });
  }
  return [...found.values()];
}

function countDigits(value: string): number {
  return value.replace(/\D/g, '').length;
}
