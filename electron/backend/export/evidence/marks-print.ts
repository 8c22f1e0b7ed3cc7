import type { EvidenceRef, VehicleChain } from '../../../../shared/contract/chain';
import { valueMarkMessage, type ValueMarkShown } from '../../../../shared/value-marks';
import { esc } from '../markup';
import type { PrintText } from './print-text';

/**
 * Values read differently from how their file wrote them (value_marks: an Excel day number read as
 * a date, 万元 multiplied out, a reshaped VIN), on paper as on the vehicle screen: a ≠ by the value
 * and, in words, the text as written and why. Paper has no tooltip, so the words are printed.
 */

/** The marks of each record the chain's timeline shows, by its kind and id: a holder's row cites the same record. */
export function marksByRecord(chain: VehicleChain): Map<string, ValueMarkShown[]> {
  const out = new Map<string, ValueMarkShown[]>();
  for (const e of chain.timeline) if (e.marks && e.marks.length > 0) out.set(recordKey(e.evidence), e.marks);
  return out;
}

export const recordKey = (e: Pick<EvidenceRef, 'record_kind' | 'record_id'>): string => `${e.record_kind}:${e.record_id}`;

/** The ≠ beside a value, its words in its title (for the HTML page; paper prints markLines). */
export function markSign(marks: readonly ValueMarkShown[], text: PrintText): string {
  if (marks.length === 0) return '';
  const words = marks.map((m) => text.msg(valueMarkMessage(m), '')).join('\n');
  return ` <span class="value-mark" title="${esc(words)}" data-fields="${esc(marks.map((m) => m.field).join(' '))}">≠</span>`;
}

/** One printed line a mark: "≠ Read differently from how the file wrote it: price: written “14.5万元”, read as 145000 …". */
export function markLines(marks: readonly ValueMarkShown[], text: PrintText): string {
  return marks.map((m) => `<br><span class="read-differently">≠ ${esc(text.t('print.read_differently', { mark: valueMarkMessage(m) }))}</span>`).join('');
}
