import { valueMarkMessage, type ValueMarkShown } from '../../../shared/value-marks';
import { useI18n } from '../i18n/i18n';

/**
 * A small mark beside a value read differently from how its file wrote it (an Excel day number read
 * as a date, 万元 multiplied out, a VIN reshaped): its title and accessible name give each value's
 * text as written and why. Nothing when there is none.
 */
export function ValueMarks({ marks }: { marks: readonly ValueMarkShown[] | undefined }) {
  const { t, msg } = useI18n();
  if (!marks || marks.length === 0) return null;
  const text = marks.map((m) => msg(valueMarkMessage(m))).join('\n');
  return (
    <span className="value-mark" role="note" tabIndex={0} title={`${t('vehicle.read_differently')}\n${text}`} aria-label={`${t('vehicle.read_differently')}: ${text}`}
      data-fields={marks.map((m) => m.field).join(' ')}>≠</span>
  );
}
