import type { Migration } from './index';

/**
 * The audit entries that change what the rules read: imports, records accepted from documents and
 * rule packs saved. What came after the latest rule run (its own entry found by subject,
 * audit_log_subject) is every such entry past it, read here by index however many verdicts, notes
 * and tags were given since (one entry each: a queue's thousands of verdicts would otherwise be
 * read on every screen that says whether the flags are out of date, casefile/run-freshness.ts).
 * Partial, on those three actions only: an index on every action would be the planner's pick for
 * the verdict history's `subject = ? AND action = 'review.set'` too, and read every verdict given.
 * A query uses it by naming the same three actions (CHANGE_ACTIONS_SQL).
 */
export const migration021: Migration = {
  version: 21,
  name: 'audit-changes',
  up: `
CREATE INDEX audit_log_changes ON audit_log(id) WHERE action IN ('import.file', 'proposed.accept', 'packs.save');
`,
};
