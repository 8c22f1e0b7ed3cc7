import type { ChainHolder, VehicleChain } from './contract/chain';

/**
 * Identifiers of parties: the 18-character Unified Social Credit Code of organisations
 * (统一社会信用代码, GB 32100-2015) and the 18-character resident identity number of persons
 * (居民身份证号码, GB 11643-1999; before 1999 15 digits without a check character). Invalid identifiers are kept and marked, never rejected.
 */
export type PartyIdKind = 'uscc' | 'person_id' | 'other';

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const USCC_SHAPE = /^[0-9A-HJ-NP-RTUW-Y]{18}$/;

const PERSON_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const PERSON_CHECK = '10X98765432';
const PERSON_SHAPE = /^[1-9]\d{16}[\dX]$/;

const CANONICAL_ID = /^[0-9A-Z]*$/;

export function canonicalPartyId(raw: string): string {
  // Most identifiers arrive canonical already: no NFKC, no copies.
  if (CANONICAL_ID.test(raw)) return raw;
  return raw.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

export function usccCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_CHARS.indexOf(first17[i] ?? '');
    if (value < 0) return null;
    sum += value * USCC_WEIGHTS[i]!;
  }
  const check = 31 - (sum % 31);
  return USCC_CHARS[check === 31 ? 0 : check]!;
}

export function isValidUscc(code: string): boolean {
  return USCC_SHAPE.test(code) && usccCheckChar(code) === code[17];
}

export function personIdCheckChar(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * PERSON_WEIGHTS[i]!;
  return PERSON_CHECK[sum % 11]!;
}

export function isValidPersonId(code: string): boolean {
  if (!PERSON_SHAPE.test(code) || personIdCheckChar(code.slice(0, 17)) !== code[17]) return false;
  const month = Number(code.slice(10, 12));
  const day = Number(code.slice(12, 14));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

export type PartyIdCheck = { id: string; kind: PartyIdKind; valid: boolean };

/** A first-generation (15-digit) identity number: region, birth date YYMMDD, sequence; no check character. */
export function isFirstGenerationPersonId(code: string): boolean {
  if (!/^[1-9]\d{14}$/.test(code)) return false;
  const month = Number(code.slice(8, 10));
  const day = Number(code.slice(10, 12));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** Classifies an identifier: a valid person id, else a USCC (valid or not) when it has the USCC shape or length. */
export function checkPartyId(raw: string): PartyIdCheck {
  const id = canonicalPartyId(raw);
  if (isValidPersonId(id)) return { id, kind: 'person_id', valid: true };
  if (isValidUscc(id)) return { id, kind: 'uscc', valid: true };
  // 15 digits with a birth date where it belongs: valid as far as such a number can be checked.
  if (isFirstGenerationPersonId(id)) return { id, kind: 'person_id', valid: true };
  // Person ids start with a region code 1-8; organisations' codes mostly with 9, 5 or Y.
  if (id.length === 18) return { id, kind: /^[1-8]\d{16}[\dX]$/.test(id) ? 'person_id' : 'uscc', valid: false };
  return { id, kind: 'other', valid: false };
}

/** Masks a personal identity number for print and export: keeps region and last digit. */
export function maskPersonId(id: string): string {
  return id.length <= 7 ? '*'.repeat(id.length) : id.slice(0, 6) + '*'.repeat(id.length - 7) + id.slice(-1);
}

/** Whether ID numbers are shown whole: only when the analyst asked, for one print or export. */
export type MaskOptions = { unmaskIds: boolean };

/**
 * Whose identifier is masked: a private person's (whatever its form: a passport number too), and
 * any identifier that reads as a person's ID number (身份证号), whoever it is recorded for.
 * Organisations' codes (USCC) are public and stay whole.
 */
export function isPersonalPartyId(code: string, isPerson: boolean): boolean {
  return isPerson || checkPartyId(code).kind === 'person_id';
}

/**
 * A party's identifier as ZeroMile shows it anywhere (screens, the parties grid, the party view,
 * its link chart, prints, exports, the command line): masked when it is personal, unless the
 * analyst chose to show ID numbers in full for a print or export. The one rule: every place that
 * shows an identifier goes through it.
 */
export function shownPartyCode(code: string | null | undefined, isPerson: boolean, options: MaskOptions = { unmaskIds: false }): string | null {
  if (code === null || code === undefined || code === '') return null;
  if (options.unmaskIds || !isPersonalPartyId(code, isPerson)) return code;
  return maskPersonId(code);
}

/** Test helper and demo generator: completes a 17-character USCC body with its check character. */
export function withUsccCheck(first17: string): string {
  const check = usccCheckChar(first17);
  if (check === null) throw new Error(`not a USCC alphabet: ${first17}`);
  return first17 + check;
}

export function withPersonIdCheck(first17: string): string {
  const check = personIdCheckChar(first17);
  if (check === null) throw new Error(`not a person id body: ${first17}`);
  return first17 + check;
}

/** A chain holder's identifier as shown: a private owner's is personal (the chain keeps no other mark of a person). */
export function shownHolderCode(holder: ChainHolder, options: MaskOptions = { unmaskIds: false }): string | null {
  return shownPartyCode(holder.party_code, holder.role === 'owner', options);
}

/** A vehicle's chain as a screen or the command line shows it: every holder's identifier through shownHolderCode. */
export function shownChain(chain: VehicleChain, options: MaskOptions = { unmaskIds: false }): VehicleChain {
  return { ...chain, holders: chain.holders.map((h) => ({ ...h, party_code: shownHolderCode(h, options) })) };
}
