import { checkPartyId, maskPersonId } from '../../../shared/party-id';

/**
 * Personal identity numbers are masked in everything ZeroMile prints or exports unless the analyst
 * asks otherwise; company codes (USCC) are public and stay whole.
 */
export type MaskOptions = { unmaskIds: boolean };

/** The identifier as it may be shown: masked when it is (or looks like) a person's ID number. */
export function shownPartyCode(code: string | null | undefined, isPerson: boolean, options: MaskOptions): string | null {
  if (code === null || code === undefined || code === '') return null;
  if (options.unmaskIds) return code;
  if (isPerson || checkPartyId(code).kind === 'person_id') return maskPersonId(code);
  return code;
}
