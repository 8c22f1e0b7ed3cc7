import type { DocumentWarning } from '../../../shared/document-fields';
import { groupWarnings } from '../../../shared/document-warning-groups';
import { useI18n } from '../i18n/i18n';
import { documentWarningText } from '../lib/document-warning-text';

/** What to know about pages as read (no text, low OCR confidence, read turned, no known form), in the UI's language; one line for a warning many pages share. */
export function DocumentWarnings({ warnings }: { warnings: readonly DocumentWarning[] }) {
  const i18n = useI18n();
  if (warnings.length === 0) return null;
  return (
    <ul className="zm-doc-warnings" aria-label={i18n.t('docwarn.title')}>
      {groupWarnings(warnings).map(({ warning: w, pages }, i) => (
        <li key={`${w.code}:${w.page ?? ''}:${i}`} data-warning={w.code} role="note">
          {documentWarningText(w, i18n, pages)}
        </li>
      ))}
    </ul>
  );
}
