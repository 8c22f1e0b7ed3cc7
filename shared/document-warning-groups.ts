import type { DocumentWarning } from './document-fields';

/**
 * A document's warnings with the same words on many pages, told once with those pages: a 2,600-page
 * PDF of statements printed 2,000 lines 'text without a form ZeroMile knows', one a page, in the
 * command line and the import panel, and the warnings that differed were lost among them.
 */
export type WarningGroup = {
  /** The first warning of the group (its page the first page). */
  warning: DocumentWarning;
  /** The pages it concerns, ascending; a document warning (page null) is a group of its own. */
  pages: number[];
};

/** Groups in the order their first warning came; warnings alike but for their page join one group. */
export function groupWarnings(warnings: readonly DocumentWarning[]): WarningGroup[] {
  const groups = new Map<string, WarningGroup>();
  const out: WarningGroup[] = [];
  for (const warning of warnings) {
    if (warning.page === null) { out.push({ warning, pages: [] }); continue; }
    const key = JSON.stringify({ ...warning, page: null });
    const group = groups.get(key);
    if (group) group.pages.push(warning.page);
    else {
      const created = { warning, pages: [warning.page] };
      groups.set(key, created);
      out.push(created);
    }
  }
  for (const group of out) group.pages.sort((a, b) => a - b);
  return out;
}

/** Ranges listed before the rest is only counted: a warning on every other page is still one line. */
export const MAX_RANGES = 8;

/** Runs of consecutive pages ([from, to]); the first MAX_RANGES of them, and how many pages follow. */
export function pageRuns(pages: readonly number[]): { runs: [number, number][]; more: number } {
  const runs: [number, number][] = [];
  let more = 0;
  for (const page of pages) {
    const last = runs.at(-1);
    if (more === 0 && last && page <= last[1] + 1) last[1] = Math.max(last[1], page);
    else if (more === 0 && runs.length < MAX_RANGES) runs.push([page, page]);
    else more++;
  }
  return { runs, more };
}

/** The runs as text: '1-2,000', '3, 7, 9-12', with the writer's own number format and dash. */
export function runsText(runs: readonly [number, number][], num: (n: number) => string, dash: string, comma: string): string {
  return runs.map(([from, to]) => (from === to ? num(from) : `${num(from)}${dash}${num(to)}`)).join(comma);
}
