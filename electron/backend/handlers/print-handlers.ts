import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import type { PrintHandlers } from '../../../shared/contract/print';
import { ZeroMileError } from '../../../shared/errors';
import { refusal } from '../../../shared/refusal';
import { exportExtensions, exportRequestFields, layoutArgs, vinArg } from '../../../shared/print-request';
import { evidenceHtml, evidenceSvg, exportCase, formatOf, reportHtml, writeEvidence, writeReport } from '../export/print-service';
import { writeEvidencePack } from '../export/evidence-pack';
import { withOwnConnection } from '../casefile/own-connection';
import { checkWriteTarget, refuseExisting } from '../files/guarded-write';
import { defineHandlers, type HandlerContext } from './handler-table';

// The same pieces as the desktop's print channels (shared/print-request.ts); here the layout has defaults.
const layout = {
  paper: layoutArgs.paper.default('a4'),
  landscape: layoutArgs.landscape.default(false),
  unmask_ids: layoutArgs.unmask_ids,
  lang: layoutArgs.lang,
};
type Layout = { paper: 'a4' | 'letter'; landscape: boolean; unmask_ids?: boolean | undefined; lang?: 'en' | 'zh' | undefined };
const printOptions = (a: Layout) => ({ paper: a.paper, landscape: a.landscape, unmaskIds: a.unmask_ids ?? false, lang: a.lang ?? 'en' as const });
/** A case report stops at its next step once print:cancel (or the host's shutdown) sets the shared flag; a new report starts clear. */
function reportOptions(ctx: HandlerContext, a: Layout) {
  ctx.printCancel?.clear();
  return { ...printOptions(a), cancelled: () => ctx.printCancel?.requested() ?? false };
}
const vin = vinArg;
const outPath = z.string().min(1).max(4096);
/** True once the analyst has said to write over a file already at the path (a save dialog asked). */
const replace = z.boolean().optional();

/**
 * A path the analyst chose: absolute, never the open case file itself, and not a file already
 * there unless `replace` says the analyst agreed to replace it.
 */
function checkedOut(path: string, casePath: string, allowed: readonly string[], replaceExisting = false): string {
  if (!isAbsolute(path)) throw refusal('bad_argument', 'error.write.not_absolute', { path });
  const full = resolve(path);
  if (full === resolve(casePath) || full.startsWith(`${resolve(casePath)}-`)) {
    throw refusal('forbidden', 'error.write.open_case_file');
  }
  formatOf(full, allowed);
  checkWriteTarget(full); // a case file, a link or a folder is refused as such, asked or not
  if (!replaceExisting) refuseExisting(full);
  return full;
}

export const printHandlers = defineHandlers<PrintHandlers>({
  'print:evidence-html': {
    mode: 'read',
    args: z.object({ vin, ...layout }).strict(),
    run: (ctx, a) => ({
      title: a.lang === 'zh' ? `证据单 ${a.vin}` : `Evidence sheet ${a.vin}`,
      html: evidenceHtml(ctx.caseFile().db, a.vin, printOptions(a)),
    }),
  },
  'print:evidence-svg': {
    mode: 'read',
    args: z.object({ vin, unmask_ids: z.boolean().optional(), lang: layoutArgs.lang }).strict(),
    run: (ctx, a) => ({ svg: evidenceSvg(ctx.caseFile().db, a.vin, { unmaskIds: a.unmask_ids ?? false, lang: a.lang }) }),
  },
  'print:cancel': {
    mode: 'read',
    args: z.object({}).strict(),
    run: (ctx) => {
      ctx.printCancel?.request();
      return { requested: ctx.printCancel !== undefined };
    },
  },
  'print:report-html': {
    mode: 'read',
    args: z.object(layout).strict(),
    run: (ctx, a) => ({
      title: a.lang === 'zh' ? '案件报告' : 'Case report',
      html: reportHtml(ctx.caseFile().db, reportOptions(ctx, a)),
    }),
  },
  'print:save-pdf': {
    mode: 'read',
    args: z.object({ what: z.enum(['evidence', 'report']), vin: vin.optional(), path: outPath, replace, ...layout }).strict(),
    run: async (ctx, a) => {
      const caseFile = ctx.caseFile();
      const path = checkedOut(a.path, caseFile.path, ['pdf'], a.replace);
      const options = a.what === 'report' ? reportOptions(ctx, a) : printOptions(a);
      if (a.what === 'evidence' && !a.vin) throw new ZeroMileError('bad_argument', 'Say which vehicle to print.');
      const bytes = a.what === 'evidence' ? await writeEvidence(caseFile.db, a.vin!, path, options) : await writeReport(caseFile.db, path, options);
      return { path, bytes };
    },
  },
  'print:evidence-pack': {
    mode: 'read',
    args: z.object({
      party_id: z.number().int().optional(),
      rule: z.string().max(64).optional(),
      vins: z.array(vin).min(1).max(20_000).optional(),
      path: outPath,
      replace,
      ...layout,
    }).strict().refine((a) => [a.party_id, a.rule, a.vins].filter((x) => x !== undefined).length === 1, 'say one of party_id, rule and vins'),
    run: async (ctx, a) => {
      const caseFile = ctx.caseFile();
      const path = checkedOut(a.path, caseFile.path, ['pdf'], a.replace);
      const selection = a.party_id !== undefined ? { kind: 'party' as const, party_id: a.party_id }
        : a.rule !== undefined ? { kind: 'rule' as const, rule: a.rule } : { kind: 'vins' as const, vins: a.vins! };
      return writeEvidencePack(caseFile.db, selection, path, printOptions(a));
    },
  },
  'export:file': {
    mode: 'read',
    args: z.object({ ...exportRequestFields, path: outPath, replace }).strict(),
    run: async (ctx, a) => {
      const caseFile = ctx.caseFile();
      const path = checkedOut(a.path, caseFile.path, exportExtensions(a.format), a.replace);
      // Streamed on a connection of its own: the reader's stays free for the calls it takes meanwhile.
      const counts = await withOwnConnection(caseFile, (db) => exportCase(db, { format: a.format, out: path, table: a.table, flaggedOnly: a.flagged_only ?? false, unmaskIds: a.unmask_ids ?? false, ...(a.queue ? { queue: a.queue } : {}) }));
      return { path, counts };
    },
  },
});
