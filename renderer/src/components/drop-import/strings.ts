import type { RejectReason } from '../../../../shared/contract/import';

/** The drop zone's words (the i18n tables can take them over; the keys say where each is used). */
export const DROP_TEXT = {
  overlay: 'Drop files to import them into {case}',
  overlayNoCase: 'Drop files to import them (a new case will be offered)',
  panelTitle: 'Import',
  uploading: 'uploading…',
  waiting: 'waiting…',
  reading: '{rows} rows read ({percent}%)',
  done: '{imported} imported, {rejected} rejected',
  duplicate: 'already in the case: nothing added',
  refused: 'refused: {reason}',
  cancel: 'Cancel import',
  cancelling: 'Cancelling…',
  close: 'Close',
  totals: '{files} files: {imported} rows imported, {rejected} rejected, {refused} refused',
  rejectsTitle: 'Rejected rows of {file}',
  rejectsMore: '…and {count} more (Rejected rows screen)',
  row: 'row',
  reason: 'reason',
  message: 'detail',
  noCaseTitle: 'No case is open',
  noCaseBody: 'Files are imported into a case file. Create a new case for these {count} files?',
  caseTitle: 'Case title',
  create: 'Create case and import',
  newCaseTitle: 'New case',
  createOnly: 'Create case',
  folder: 'folders are not imported: drop the files inside',
  failed: 'Import failed: {message}',
  kindDocument: 'document',
  kindUnknown: '—',
} as const;

export const REASON_TEXT: Record<RejectReason, string> = {
  invalid_vin: 'invalid VIN',
  bad_date: 'not a date',
  bad_number: 'not a number',
  missing_field: 'required field missing',
  bad_value: 'value not understood',
  bad_country: 'unknown country',
  bad_row: 'row cannot be read',
};

export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}
