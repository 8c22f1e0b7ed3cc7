import { z } from 'zod';
import type { CaseHandlers, CaseSummary } from '../../../shared/contract/case';
import type { CaseFile } from '../casefile/open-case-file';
import { readCaseMeta } from '../casefile/meta';
import { caseProperties, setCaseProperties } from '../casefile/case-properties';
import { caseCounts } from '../casefile/counts';
import { resumeRunSummary } from '../casefile/run-summaries';
import { closeReadingThread } from '../documents/warm-reading-thread';
import { defineHandlers, noArgs } from './handler-table';

export function caseSummary(caseFile: CaseFile): CaseSummary {
  const meta = readCaseMeta(caseFile.db);
  return {
    path: caseFile.path,
    title: meta.title,
    created: meta.created,
    app_version: meta.app_version,
    case_number: meta.case_number ?? null,
    classification: meta.classification ?? null,
    analyst: meta.analyst ?? null,
    subject: meta.subject ?? null,
    organisation: meta.organisation ?? null,
    counts: caseCounts(caseFile.db),
  };
}

const casePath = z.string().min(1).max(4096);

export const caseHandlers = defineHandlers<CaseHandlers>({
  'case:create': {
    mode: 'write',
    args: z.object({ path: casePath, title: z.string().min(1).max(500) }).strict(),
    run: (ctx, { path, title }) => {
      const summary = caseSummary(ctx.session.create(path, title));
      void closeReadingThread();
      ctx.emit({ type: 'case-changed', what: 'opened' });
      return summary;
    },
  },
  'case:open': {
    mode: 'write',
    args: z.object({ path: casePath }).strict(),
    run: (ctx, { path }) => {
      // The reading thread kept warm for the case's documents goes with the case it read them for.
      if (ctx.session.current()?.path !== path) void closeReadingThread();
      const caseFile = ctx.session.open(path);
      // The latest run's statistics, if never stored (`zeromile analyze`, a crash, the app closed
      // first), are summed now in the background; by the writer only, once.
      if (!caseFile.db.readonly) resumeRunSummary(caseFile);
      const summary = caseSummary(caseFile);
      ctx.emit({ type: 'case-changed', what: 'opened' });
      return summary;
    },
  },
  'case:close': {
    mode: 'write',
    args: noArgs,
    run: (ctx) => {
      const closed = ctx.session.close();
      void closeReadingThread();
      if (closed) ctx.emit({ type: 'case-changed', what: 'closed' });
      return { closed };
    },
  },
  'case:current': {
    mode: 'read',
    args: noArgs,
    run: (ctx) => {
      const current = ctx.session.current();
      return current ? caseSummary(current) : null;
    },
  },
  'case:update-meta': {
    mode: 'write',
    args: caseProperties,
    run: (ctx, values) => {
      setCaseProperties(ctx.caseFile().db, values);
      ctx.emit({ type: 'case-changed', what: 'meta' });
      return caseSummary(ctx.caseFile());
    },
  },
});
