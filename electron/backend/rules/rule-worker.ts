import { runInThread } from '../threads/in-thread';
import { findRules, type FinderReport, type FinderSetup } from './rule-finder';

// A rule finder thread (bundled as dist/rule-worker.mjs): runs rules on its own connection while
// the runner writes the flags of the rules found before (rule-finders.ts starts the pool).
runInThread<FinderSetup, FinderReport>(findRules);
