import { PAPERS, layoutArgs } from '../../../../shared/print-request';
import { LANGS, type Lang } from '../../../../shared/i18n/message';
import { ZeroMileError } from '../../../../shared/errors';
import { checkWriteTarget, pathTaken } from '../../files/guarded-write';
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
  force: { type: 'boolean', default: false },
} as const;

/**
 * `export`, `evidence` and `report` write over nothing unless --force says so (as `backup` and
 * `packs --export` never do): refused before the case is read. Even with --force the guarded
 * writer refuses a case file (checkWriteTarget).
 */
export function refuseExistingOut(out: string, force: boolean | undefined): void {
  checkWriteTarget(out); // a case file, a link or a folder is refused as such, --force or not
  if (!force && pathTaken(out)) throw new ZeroMileError('file_exists', `${out} already exists; nothing was written. Give --force to replace it, or choose another name.`);
}

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
