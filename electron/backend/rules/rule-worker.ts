import { isMainThread, workerData } from 'node:worker_threads';
import { findRules, type FinderSetup } from './rule-finder';

// A rule finder thread (bundled as dist/rule-worker.mjs): runs rules on its own connection while
// the runner writes the flags of the rules found before (rule-finders.ts starts two).
if (isMainThread) throw new Error('rule-worker must run in a worker thread');
findRules(workerData as FinderSetup);
