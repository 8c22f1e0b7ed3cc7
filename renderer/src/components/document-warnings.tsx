import type { DocumentWarning } from '../../../shared/document-fields';
import { useI18n } from '../i18n/i18n';

/** What to know about pages as read (no text, low OCR confidence, read turned, no known form), in the UI's language. */
export function DocumentWarnings({ warnings }: { warnings: readonly DocumentWarning[] }) {
  const { t, num } = useI18n();
  if (warnings.length === 0) return null;
  return (
    <ul className="zm-doc-warnings" aria-label={t('docwarn.title')}>
      {warnings.map((w, i) => (
        <li key={`${w.code}:${w.page ?? ''}:${i}`} data-warning={w.code} role="note">
          {w.page === null ? t('docwarn.document') : t('docwarn.page', { page: w.page })}{' '}
          {t(`docwarn.${w.code}`, {
            confidence: w.confidence ?? '-', degrees: w.degrees ?? '-', detail: w.detail ?? '',
            // A refused image: what it declares against its bound (document-fields.ts).
            format: w.image?.format ?? '', width: num(w.image?.width), height: num(w.image?.height), components: w.image?.components ?? 1,
            megapixels: num(((w.image?.width ?? 0) * (w.image?.height ?? 0)) / 1e6),
            parts: num(w.image?.parts), limit: num(w.code === 'image_too_large' ? (w.image?.limit ?? 0) / 1e6 : w.image?.limit),
          })}
        </li>
      ))}
    </ul>
  );
}
