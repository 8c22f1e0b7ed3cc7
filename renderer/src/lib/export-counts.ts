import type { I18n } from '../i18n/format';

/** What an export counts (export/print-service.ts: tables, FtM schemata, GraphML nodes and edges, cut cells). */
const COUNT_NAMES = {
  flags: true, vehicles: true, parties: true, records: true, evidence: true, cells_cut: true, nodes: true, edges: true,
  Company: true, Person: true, Document: true, Vehicle: true, Ownership: true, Payment: true,
} as const;
type CountName = keyof typeof COUNT_NAMES;

/** An export's counts in the reader's language ("预警 233，车辆 300"); a count the catalogues do not know shows its name. */
export function exportCountsText({ t, num, lang }: Pick<I18n, 't' | 'num' | 'lang'>, counts: Readonly<Record<string, number>>): string {
  return Object.entries(counts)
    .map(([name, count]) => `${name in COUNT_NAMES ? t(`export.count.${name as CountName}`) : name} ${num(count)}`)
    .join(lang === 'zh' ? '，' : ', ');
}
