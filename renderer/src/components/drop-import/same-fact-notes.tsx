import { citation } from '../../../../shared/citation';
import type { RowPlace, SameFactNotes as Notes } from '../../../../shared/contract/import';
import { useI18n, type I18n } from '../../i18n/i18n';
import { kindLabel } from '../../lib/document-labels';

/** Where a row is, as the analyst finds it and as every citation says it (shared/citation.ts): file, sheet and row, or page. */
function placeText({ msg }: I18n, place: RowPlace): string {
  return msg(citation({ file_name: place.file, sheet: place.sheet, row: place.row_no, page: place.page }));
}

/**
 * What folding a file's rows into facts the case held has to tell (backend casefile/fold-notes.ts):
 * records it gave a further source that had been changed outside ZeroMile since their commit (an
 * alert, each with its own row and the file's row), sales that took their invoice code from the
 * file, and sales whose invoice numbers differ from another's only by leading zeros (kept as two).
 */
export function SameFactNotes({ notes }: { notes: Notes | undefined }) {
  const i18n = useI18n();
  const { t, num } = i18n;
  if (!notes) return null;
  const more = (shown: number, total: number) => (total > shown ? <li className="muted">{t('drop.fold_more', { count: num(total - shown), total: num(total) })}</li> : null);
  return (
    <>
      {notes.changed_outside_total > 0 ? (
        <ul className="zm-outside-changes" role="alert" data-note="fold-changed-outside">
          {notes.changed_outside.map((c) => (
            <li key={`${c.kind}:${c.record_id}`} data-record={`${c.kind}:${c.record_id}`} data-change={c.change}>
              {t(c.change === 'added' ? 'drop.fold_added' : 'drop.fold_changed', { kind: kindLabel(t, c.kind), id: c.record_id, record: placeText(i18n, c.record), source: placeText(i18n, c.source) })}
            </li>
          ))}
          {more(notes.changed_outside.length, notes.changed_outside_total)}
        </ul>
      ) : null}
      {notes.leading_zeros_total > 0 ? (
        <ul className="zm-drop-warnings" data-note="leading-zeros">
          {notes.leading_zeros.map((z) => (
            <li key={`${z.sale.record_id}:${z.other.record_id}`}>
              {t('drop.leading_zeros', { vin: z.vin, no: z.sale.invoice_no, where: placeText(i18n, z.sale), other: z.other.invoice_no, other_where: placeText(i18n, z.other) })}
            </li>
          ))}
          {more(notes.leading_zeros.length, notes.leading_zeros_total)}
        </ul>
      ) : null}
      {notes.codes_given > 0 ? <p className="zm-drop-codes" data-note="codes-given">{t('drop.codes_given', { count: notes.codes_given })}</p> : null}
    </>
  );
}
