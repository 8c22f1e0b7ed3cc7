import type { ProposedFields, ProposedRecord } from '../../../shared/document-fields';
import { RECORD_FIELDS } from '../../../shared/record-kinds';
import { useI18n } from '../i18n/i18n';
import { fieldLabel } from '../lib/document-labels';

/** What the analyst typed, per field: text for values, a flag for marks such as export_zero_rate. */
export type FormValues = Record<string, string | boolean>;

/** The fields shown for a proposal: what was read first, then the kind's other canonical columns (empty). */
export function formFields(proposal: ProposedRecord): string[] {
  const read = Object.keys(proposal.fields);
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

/** The editable fields of one proposal, with canonical names under localised labels. */
export function ReviewForm({ proposal, values, onChange, onFocusField }: {
  proposal: ProposedRecord; values: FormValues; onChange: (values: FormValues) => void; onFocusField: (name: string | null) => void;
}) {
  const { t } = useI18n();
  const start = initialValues(proposal);
  const required = new Set(RECORD_FIELDS[proposal.kind].filter((f) => f.required).map((f) => f.name));
  return (
    <form className="zm-review-form" aria-label={t('review.fields')} onSubmit={(e) => e.preventDefault()}>
      {formFields(proposal).map((name) => {
        const value = values[name] ?? '';
        const edited = value !== start[name];
        const label = fieldLabel(t, name);
        return (
          <label key={name} className={`zm-review-field${edited ? ' edited' : ''}`} data-field={name}>
            <span className="zm-review-label">
              {label}{required.has(name) && <abbr title={t('review.required')}> *</abbr>}
              <span className="mono muted small"> {name}</span>
              {edited && <span className="chip small">{t('review.edited')}</span>}
            </span>
            {typeof value === 'boolean' ? (
              <input type="checkbox" aria-label={label} checked={value} onFocus={() => onFocusField(name)} onBlur={() => onFocusField(null)}
                onChange={(e) => onChange({ ...values, [name]: e.target.checked })} />
            ) : (
              <input type="text" aria-label={label} value={value} className={name.endsWith('_id') || name === 'vin' ? 'mono' : ''}
                onFocus={() => onFocusField(name)} onBlur={() => onFocusField(null)}
                onChange={(e) => onChange({ ...values, [name]: e.target.value })} />
            )}
          </label>
        );
      })}
    </form>
  );
}
