import type { RegisterChangedOutside } from '../../../shared/contract/import';
import { useI18n } from '../i18n/i18n';

/**
 * Registers changed outside ZeroMile before an act (an import, an accepted proposed record) wrote
 * them: the act has just committed those rows as they were, so the analyst is told at once, not
 * only by verify (its audit entry records the change).
 */
export function OutsideChanges({ changes, act }: { changes: readonly RegisterChangedOutside[] | undefined; act: 'import' | 'accept' }) {
  const { t, num } = useI18n();
  if (!changes || changes.length === 0) return null;
  return (
    <ul className="zm-outside-changes" role="alert">
      {changes.map((change) => (
        <li key={change.key} data-register={change.key}>
          {t(act === 'import' ? 'drop.outside_change' : 'review.outside_change', { register: t(`registers.${change.key}`), entry: num(change.committed_entry) })}
        </li>
      ))}
    </ul>
  );
}
