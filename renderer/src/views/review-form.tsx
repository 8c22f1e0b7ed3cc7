import type { ProposedRecord } from '../../../shared/document-fields';
import { RECORD_FIELDS } from '../../../shared/record-kinds';
import { useI18n } from '../i18n/i18n';
import { fieldLabel, markText } from '../lib/document-labels';
import { formFields, initialValues, type FormValues } from '../lib/review-values';

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
        const marks = proposal.marks.filter((m) => m.field === name);
        return (
          <label key={name} className={`zm-review-field${edited ? ' edited' : ''}${marks.length > 0 ? ' marked' : ''}`} data-field={name}>
            <span className="zm-review-label">
              {label}{required.has(name) && <abbr title={t('review.required')}> *</abbr>}
              <span className="mono muted small"> {name}</span>
              {edited && <span className="chip small">{t('review.edited')}</span>}
            </span>
            {marks.map((m) => (
              <span key={m.kind} className="zm-review-mark small" role="note" data-mark={m.kind}>
                {markText(t, m)}
              </span>
            ))}
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
