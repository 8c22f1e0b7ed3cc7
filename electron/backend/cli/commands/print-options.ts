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
  const paper = (value ?? 'a4').toLowerCase();
  if (paper !== 'a4' && paper !== 'letter') throw new UsageError(`--paper must be a4 or letter, not ${value}`);
  return paper;
}
