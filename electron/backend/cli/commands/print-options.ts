import { PAPERS, layoutArgs } from '../../../../shared/print-request';
import { LANGS, type Lang } from '../../../../shared/i18n/message';
import { UsageError } from '../command';
import type { Paper } from '../../export/evidence/page-style';

/** Options shared by `evidence` and `report`. */
export const PRINT_OPTIONS = {
  out: { type: 'string' },
  paper: { type: 'string', default: 'a4' },
  landscape: { type: 'boolean', default: false },
  chromium: { type: 'string' },
  'unmask-ids': { type: 'boolean', default: false },
  lang: { type: 'string', default: 'en' },
} as const;

/** --lang: the language of the printed page's own words. */
export function langOf(value: string | undefined): Lang {
  const lang = layoutArgs.lang.safeParse((value ?? 'en').toLowerCase());
  if (!lang.success || !lang.data) throw new UsageError(`--lang must be ${LANGS.join(' or ')}, not ${value}`);
  return lang.data;
}

export function paperOf(value: string | undefined): Paper {
  const paper = layoutArgs.paper.safeParse((value ?? 'a4').toLowerCase());
  if (!paper.success) throw new UsageError(`--paper must be ${PAPERS.join(' or ')}, not ${value}`);
  return paper.data;
}
