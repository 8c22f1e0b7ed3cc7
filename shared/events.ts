import type { ImportFileResult, ImportProgress } from './contract/import';

/** Everything the backend pushes to the renderer travels on one typed channel as one of these. */
export type PushEvent =
  | { type: 'import-progress'; progress: ImportProgress }
  | { type: 'import-file-done'; result: ImportFileResult }
  | { type: 'rules-progress'; rule: string; done: number; total: number }
  | { type: 'case-changed'; what: 'opened' | 'closed' | 'records' | 'flags' | 'reviews' | 'meta' | 'packs' };

