import type { ProposedFields, ProposedRecord } from '../../../shared/document-fields';
import { RECORD_FIELDS } from '../../../shared/record-kinds';

/** What the analyst typed, per field: text for values, a flag for marks such as export_zero_rate. */
export type FormValues = Record<string, string | boolean>;

/**
 * The fields shown for a proposal: what was read first, with the fields left empty under a mark (a
 * code of no valid format: the analyst reads it on the page), then the kind's other canonical columns.
 */
export function formFields(proposal: ProposedRecord): string[] {
  const read = [...new Set([...Object.keys(proposal.fields), ...proposal.marks.map((m) => m.field)])];
  const canonical = RECORD_FIELDS[proposal.kind].map((f) => f.name);
  return [...read, ...canonical.filter((name) => !read.includes(name))];
}

export function initialValues(proposal: ProposedRecord): FormValues {
  const values: FormValues = {};
  for (const name of formFields(proposal)) {
    const v = proposal.fields[name];
    values[name] = typeof v === 'boolean' ? v : v === null || v === undefined ? '' : String(v);
  }
  return values;
}

/** The fields the analyst changed, typed like what was read (numbers stay numbers); an emptied field is null. */
export function corrections(proposal: ProposedRecord, values: FormValues): ProposedFields {
  const out: ProposedFields = {};
  const start = initialValues(proposal);
  for (const [name, value] of Object.entries(values)) {
    if (value === start[name]) continue;
    if (typeof value === 'boolean') { out[name] = value; continue; }
    const text = value.trim();
    const read = proposal.fields[name];
    out[name] = text === '' ? null : typeof read === 'number' && Number.isFinite(Number(text)) ? Number(text) : text;
  }
  return out;
}
