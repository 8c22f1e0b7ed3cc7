import { WMI_COUNTRY_PREFIXES, WMI_MAKERS } from './data/wmi';
import { WMI_BRANDS } from './data/wmi-brands';

/**
 * VIN validation per ISO 3779 (China's GB 16735 uses the same check digit):
 * 17 characters without I, O, Q; position 9 is a mod-11 check digit.
 */
export type VinReason = 'length' | 'alphabet' | 'check_digit';

export type VinDecoded = {
  vin: string;
  valid: boolean;
  /** Why the VIN is invalid; null when valid. */
  reason: VinReason | null;
  wmi: string | null;
  /** Maker from the WMI table, English name; null when unknown. */
  maker: string | null;
  maker_zh: string | null;
  /** Brands sold under the WMI ([English, Chinese]), apart from the maker; empty when not known. */
  brands: readonly (readonly [en: string, zh: string])[];
  /** Country of manufacture from the ISO 3780 prefix. */
  country: string | null;
  model_year: number | null;
};

const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2] as const;
/** Seventeen characters of the VIN alphabet (no I, O, Q): the one spelling of the pattern; the check digit is checked apart. */
export const VIN_CHARACTERS = /^[A-HJ-NPR-Z0-9]{17}$/;
const ALPHABET = VIN_CHARACTERS;
const TRANSLITERATION: Readonly<Record<string, number>> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8,
  J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9,
  S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};
/** Model-year codes at position 10, in the order of the 30-year cycle starting 1980 (A) / 2010 (A). */
const YEAR_CODES = 'ABCDEFGHJKLMNPRSTVWXY123456789';

/** Upper-cases and strips spaces; does not validate. */
export function canonicalVin(raw: string): string {
  return raw.normalize('NFKC').replace(/[\s-]/g, '').toUpperCase();
}

/** The check character a VIN's first 17 characters call for ('0'-'9' or 'X'), or null if the alphabet is wrong. */
export function vinCheckDigit(vin: string): string | null {
  if (!ALPHABET.test(vin)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const ch = vin[i]!;
    const value = ch >= '0' && ch <= '9' ? ch.charCodeAt(0) - 48 : TRANSLITERATION[ch]!;
    sum += value * WEIGHTS[i]!;
  }
  const rest = sum % 11;
  return rest === 10 ? 'X' : String(rest);
}

export function vinProblem(vin: string): VinReason | null {
  if (vin.length !== 17) return 'length';
  if (!ALPHABET.test(vin)) return 'alphabet';
  return vinCheckDigit(vin) === vin[8] ? null : 'check_digit';
}

export function isValidVin(vin: string): boolean {
  return vinProblem(vin) === null;
}

/**
 * Seventeen digits pass ISO 3779's check one time in eleven (the standard's own test vectors include
 * 00000000000000000), but no maker writes a VIN without a letter, and invoice, account and ID numbers
 * are all digits: a VIN found in a document or asked about by the analyst must hold a letter.
 */
export function isAllDigits(vin: string): boolean {
  return /^\d{17}$/.test(vin);
}

/**
 * The model year from position 10. The code repeats every 30 years; the later year is taken
 * unless it lies more than one year in the future.
 */
export function vinModelYear(vin: string, currentYear = new Date().getUTCFullYear()): number | null {
  const index = YEAR_CODES.indexOf(vin[9] ?? '');
  if (index < 0) return null;
  const later = 2010 + index;
  return later > currentYear + 1 ? later - 30 : later;
}

export function decodeVin(raw: string): VinDecoded {
  const vin = canonicalVin(raw);
  const reason = vinProblem(vin);
  const wmi = vin.length >= 3 ? vin.slice(0, 3) : null;
  const names = wmi ? WMI_MAKERS[wmi] : undefined;
  return {
    vin,
    valid: reason === null,
    reason,
    wmi,
    maker: names ? names[0] : null,
    maker_zh: names ? names[1] : null,
    brands: wmi ? WMI_BRANDS[wmi] ?? [] : [],
    country: vin.length >= 2 ? (WMI_COUNTRY_PREFIXES[vin.slice(0, 2)] ?? null) : null,
    model_year: vin.length === 17 ? vinModelYear(vin) : null,
  };
}

/** Replaces position 9 with the right check digit: used by the demo generator and tests. */
export function withCheckDigit(vin17: string): string {
  const probe = vin17.slice(0, 8) + '0' + vin17.slice(9);
  const digit = vinCheckDigit(probe);
  if (digit === null) throw new Error(`not a VIN alphabet: ${vin17}`);
  return vin17.slice(0, 8) + digit + vin17.slice(9);
}
