import type { DocumentWarning } from '../../../shared/document-fields';
import type { I18n } from '../i18n/format';

/** A warning about a document's page (or the whole document) as the UI words it, in the I18n's language. */
export function documentWarningText(w: DocumentWarning, { t, num }: Pick<I18n, 't' | 'num'>): string {
  const where = w.page === null ? t('docwarn.document') : t('docwarn.page', { page: w.page });
  return `${where} ${t(`docwarn.${w.code}`, {
    confidence: w.confidence ?? '-', degrees: w.degrees ?? '-', detail: w.detail ?? '',
    // A refused image: what it declares against its bound (document-fields.ts).
    format: w.image?.format ?? '', width: num(w.image?.width), height: num(w.image?.height), components: w.image?.components ?? 1,
    megapixels: num(((w.image?.width ?? 0) * (w.image?.height ?? 0)) / 1e6),
    parts: num(w.image?.parts), limit: num(w.code === 'image_too_large' ? (w.image?.limit ?? 0) / 1e6 : w.image?.limit),
    // A reading stopped by its time bound, and the pages it did not reach.
    seconds: num(w.seconds), minutes: num((w.seconds ?? 0) / 60), count: w.count ?? 0, from: num(w.skipped?.from), to: num(w.skipped?.to),
    // More pages than are read: the document's last page, and the bound (the page before the first not read).
    pages: num(w.skipped?.to), max: num((w.skipped?.from ?? 1) - 1),
  })}`;
}
