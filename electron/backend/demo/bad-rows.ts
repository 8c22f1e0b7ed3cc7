import type { RejectReason } from '../../../shared/contract/import';
import type { FileId } from './layout';

/**
 * Rows an investigator's files always contain and the import must reject: a VIN whose check
 * digit is wrong (or that is too short, or holds an O), a date that is no date, a required cell
 * left empty. Each is a real row of its file with one cell spoiled; its VIN belongs to no other
 * record, so rejecting it changes no rule's outcome.
 */
export type BadRow = { file: FileId; reason: RejectReason; header: string; spoil: (cell: string) => string };

/** Position 9 (the check digit) replaced by the next digit, so the VIN fails only its check. */
export function wrongCheckDigit(vin: string): string {
  const c = vin[8]!;
  const next = c === 'X' ? '0' : c === '9' ? 'X' : String(Number(c) + 1);
  return vin.slice(0, 8) + next + vin.slice(9);
}

export const BAD_ROWS: readonly BadRow[] = [
  { file: 'sales-new-zh', reason: 'invalid_vin', header: '车辆识别代号/车架号码', spoil: wrongCheckDigit },
  { file: 'registrations-zh', reason: 'invalid_vin', header: '车辆识别代号', spoil: wrongCheckDigit },
  { file: 'exports-xlsx', reason: 'invalid_vin', header: '车架号', spoil: wrongCheckDigit },
  { file: 'vehicles-en', reason: 'invalid_vin', header: 'VIN', spoil: (vin) => `${vin.slice(0, 11)}O${vin.slice(12)}` },
  { file: 'vehicles-zh', reason: 'invalid_vin', header: '车辆识别代号', spoil: (vin) => vin.slice(0, 16) },
  { file: 'exports-zh', reason: 'bad_date', header: '申报日期', spoil: () => '20250230' },
  { file: 'exports-en', reason: 'bad_date', header: 'Export Date', spoil: () => 'TBD' },
  { file: 'shipments-zh', reason: 'bad_date', header: '发运日期', spoil: () => '待定' },
  { file: 'sales-used-zh', reason: 'bad_date', header: '开票日期', spoil: () => '20241315' },
  { file: 'sales-en', reason: 'missing_field', header: 'Buyer Name', spoil: () => '' },
  { file: 'registrations-en', reason: 'missing_field', header: 'Owner Name', spoil: () => '' },
  { file: 'confirmations-zh', reason: 'missing_field', header: '目的国（地区）', spoil: () => '' },
  { file: 'exports-en', reason: 'missing_field', header: 'Destination', spoil: () => '' },
];
