import type { DocumentWarning } from '../../../shared/document-fields';
import { pageRuns, runsText } from '../../../shared/document-warning-groups';
import type { I18n } from '../i18n/format';

/** Where warnings alike stand: 'Pages 1–2,000:', 'Pages 3, 7, 9–12 and 40 more:', in the I18n's language. */
function pagesText(pages: readonly number[], { t, num }: Pick<I18n, 't' | 'num'>): string {
  const { runs, more } = pageRuns(pages);
  const listed = runsText(runs, num, '–', t('docwarn.pages_comma'));
  return more > 0 ? t('docwarn.pages_more', { pages: listed, more: num(more) }) : t('docwarn.pages', { pages: listed });
}

/**
 * A warning about a document's page (or the whole document) as the UI words it, in the I18n's
 * language; with `pages`, the same warning on each of those pages (shared/document-warning-groups.ts).
 */
export function documentWarningText(w: DocumentWarning, { t, num }: Pick<I18n, 't' | 'num'>, pages?: readonly number[]): string {
  const where = pages && pages.length > 1 ? pagesText(pages, { t, num }) : w.page === null ? t('docwarn.document') : t('docwarn.page', { page: w.page });
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
