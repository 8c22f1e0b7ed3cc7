import type { Migration } from './index';

/**
 * Issue 19: the analyst's working day. A flag's verdict history (who, when, which status, why) is
 * read from its audit entries, which every verdict already writes: the index finds one subject's
 * entries without walking the whole log (a million verdicts). Saved filters are the queue's named
 * filters (its URL query as JSON, and its sort), kept with the case so the whole team sees them.
 */
export const migration006: Migration = {
  version: 6,
  name: 'workflow',
  up: `
CREATE INDEX audit_log_subject ON audit_log(subject, id);
CREATE TABLE saved_filters (
  name TEXT PRIMARY KEY,
  query TEXT NOT NULL,
  sort TEXT,
  analyst TEXT,
  saved_at TEXT NOT NULL
) WITHOUT ROWID;
`,
};
