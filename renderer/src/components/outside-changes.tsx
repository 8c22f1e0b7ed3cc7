import type { ChangedRow, ChangedRows } from '../../../shared/contract/changed-rows';
import type { RegisterChangedOutside } from '../../../shared/contract/import';
import { useI18n, type I18n } from '../i18n/i18n';

/**
 * Registers changed outside ZeroMile before an act (an import, an accepted proposed record) wrote
 * them: the act has just committed those rows as they were, so the analyst is told at once, not
 * only by verify (its audit entry records the change), with the vehicles and parties that differed
 * (the first few by id, VIN or name, then how many in all), to judge whether the evidence stands.
 */
export function OutsideChanges({ changes, act }: { changes: readonly RegisterChangedOutside[] | undefined; act: 'import' | 'accept' }) {
  const { t, num } = useI18n();
  if (!changes || changes.length === 0) return null;
  return (
    <ul className="zm-outside-changes" role="alert">
      {changes.map((change) => (
        <li key={change.key} data-register={change.key}>
          {t(act === 'import' ? 'drop.outside_change' : 'review.outside_change', { register: t(`registers.${change.key}`), entry: num(change.committed_entry) })}
          {Object.entries(change.rows ?? {}).map(([table, found]) => <NamedRows key={table} found={found} />)}
        </li>
      ))}
    </ul>
  );
}

function NamedRows({ found }: { found: ChangedRows }) {
  const i18n = useI18n();
  const more = found.total - found.rows.length;
  return (
    <ul className="zm-outside-rows">
      {found.rows.map((row) => <li key={`${row.table}:${row.id}`} data-row={`${row.table}:${row.id}`} data-change={row.change}>{rowText(i18n, row)}</li>)}
      {more > 0 && <li className="muted">{i18n.t('outside.rows_more', { count: i18n.num(more), total: i18n.num(found.total) })}</li>}
      {found.unnamed && <li className="muted">{i18n.t('outside.rows_unnamed', { ids: found.unnamed.map(([lo, hi]) => `${lo}-${hi}`).join(', ') })}</li>}
    </ul>
  );
}

function rowText({ t }: I18n, row: ChangedRow): string {
  const change = t(`outside.row_${row.change}`);
  const was = row.was !== undefined ? t('outside.row_was', { was: row.was }) : '';
  if (row.table === 'vehicles') return t('outside.row_vehicle', { id: row.id, vin: row.vin ?? '', change, was });
  if (row.table === 'parties') return t('outside.row_party', { id: row.id, name: row.name ?? '', change, was });
  if (row.table === 'party_aliases') return t('outside.row_aliases', { id: row.id, name: row.name ?? '', change });
  return t('outside.row_other', { table: row.table, id: row.id, change });
}
