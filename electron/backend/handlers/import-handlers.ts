import { z } from 'zod';
import type { ImportHandlers } from '../../../shared/contract/import';
import { importFiles } from '../import/import-files';
import { defineHandlers, noArgs } from './handler-table';

// The import under way in this process, for handlers run without case workers (no shared cell):
// import:cancel aborts it; importFiles rolls back the file being read and refuses the rest as cancelled.
let running: AbortController | null = null;

const fileArg = z.object({ path: z.string().min(1).max(4096), name: z.string().min(1).max(500).optional() }).strict();

export const importHandlers = defineHandlers<ImportHandlers>({
  'import:files': {
    mode: 'write',
    args: z.object({ files: z.array(fileArg).min(1).max(10_000) }).strict(),
    run: async (ctx, { files }) => {
      const caseFile = ctx.caseFile();
      const controller = new AbortController();
      const forward = (): void => controller.abort();
      ctx.signal.addEventListener('abort', forward, { once: true });
      running = controller;
      ctx.importCancel?.begin();
      try {
        const results = await importFiles(caseFile, files, {
          signal: controller.signal,
          ...(ctx.importCancel ? { cancel: ctx.importCancel } : {}),
          onProgress: (progress) => ctx.emit({ type: 'import-progress', progress }),
          onFileDone: (result) => ctx.emit({ type: 'import-file-done', result }),
        });
        if (results.some((r) => r.imported > 0 || r.rejected > 0 || (r.proposed ?? 0) > 0)) ctx.emit({ type: 'case-changed', what: 'records' });
        return { files: results };
      } finally {
        ctx.signal.removeEventListener('abort', forward);
        ctx.importCancel?.end();
        if (running === controller) running = null;
      }
    },
  },
  'import:cancel': {
    // Read: it goes to a reader, which is free while the import holds the writer (busy, at its end,
    // in steps that read no messages); it only sets the cell the workers share.
    mode: 'read',
    args: noArgs,
    run: (ctx) => {
      if (ctx.importCancel) {
        const outcome = ctx.importCancel.request();
        return outcome === 'too_late' ? { cancelled: false, too_late: true } : { cancelled: outcome === 'cancelled' };
      }
      if (!running || running.signal.aborted) return { cancelled: false };
      running.abort();
      return { cancelled: true };
    },
  },
});
