import type { FlagRow } from '../../../shared/contract/flags';
import { useI18n } from '../i18n/i18n';

/**
 * A flag whose rule pack was removed from the case since the run that raised it: it stays as
 * evidence, and says so by its rule (the queue's rule column, the vehicle's flag list), with the
 * pack and when in its title and accessible name. Nothing for any other flag.
 */
export function PackRemovedBadge({ flag }: { flag: Pick<FlagRow, 'pack_removed'> | undefined }) {
  const { t, dateTime } = useI18n();
  const removed = flag?.pack_removed;
  if (!removed) return null;
  const title = t('flags.pack_removed_title', { pack: removed.pack, when: dateTime(removed.removed_at) });
  return <span className="pack-removed" role="note" tabIndex={0} title={title} aria-label={title} data-pack={removed.pack}>{t('flags.pack_removed')}</span>;
}
