import { z } from 'zod';
import type { ImportHandlers } from '../../../shared/contract/import';
import { importFiles } from '../import/import-files';
import { defineHandlers, noArgs } from './handler-table';

// The import under way in this (writer) worker. import:cancel skips the worker's write queue and
// aborts it; importFiles rolls back the file being read and refuses the rest as cancelled.
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
      try {
        const results = await importFiles(caseFile, files, {
          signal: controller.signal,
          onProgress: (progress) => ctx.emit({ type: 'import-progress', progress }),
          onFileDone: (result) => ctx.emit({ type: 'import-file-done', result }),
        });
        if (results.some((r) => r.imported > 0 || r.rejected > 0 || (r.proposed ?? 0) > 0)) ctx.emit({ type: 'case-changed', what: 'records' });
        return { files: results };
      } finally {
        ctx.signal.removeEventListener('abort', forward);
        if (running === controller) running = null;
      }
    },
  },
  'import:cancel': {
    mode: 'write',
    args: noArgs,
    run: () => {
      if (!running || running.signal.aborted) return { cancelled: false };
      running.abort();
      return { cancelled: true };
    },
  },
});
