import { PAPERS, layoutArgs } from '../../../../shared/print-request';
import { UsageError } from '../command';
import type { Paper } from '../../export/evidence/page-style';

/** Options shared by `evidence` and `report`. */
export const PRINT_OPTIONS = {
  out: { type: 'string' },
  paper: { type: 'string', default: 'a4' },
  landscape: { type: 'boolean', default: false },
  chromium: { type: 'string' },
  'unmask-ids': { type: 'boolean', default: false },
} as const;

export function paperOf(value: string | undefined): Paper {
  const paper = layoutArgs.paper.safeParse((value ?? 'a4').toLowerCase());
  if (!paper.success) throw new UsageError(`--paper must be ${PAPERS.join(' or ')}, not ${value}`);
  return paper.data;
}
