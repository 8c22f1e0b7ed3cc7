import type Database from 'better-sqlite3';

export type RunFlagJson = {
  vin: string | null;
  party: string | null;
  party_id: number | null;
  rule: string;
  severity: string;
  reason: string;
  status: string;
  facts: unknown;
  evidence: { record_kind: string; record_id: number; document_sha256: string; row: number | null; page: number | null }[];
};

/** The flags of one run with their evidence, in the machine shape of `zeromile analyze --json` (issue 3). */
export function runFlagsJson(db: Database.Database, runId: number): RunFlagJson[] {
  const rows = db.prepare(`
SELECT f.vin, p.name AS party, f.party_id, f.rule, f.severity, f.reason, f.status, f.facts,
       (SELECT json_group_array(json_object('record_kind', e.record_kind, 'record_id', e.record_id, 'document_sha256', d.sha256, 'row', e.row_no, 'page', e.page))
          FROM flag_evidence e JOIN documents d ON d.id = e.document_id WHERE e.flag_id = f.id) AS evidence
FROM flags f LEFT JOIN parties p ON p.id = f.party_id
WHERE f.run_id = ? ORDER BY f.id`).all(runId) as (Omit<RunFlagJson, 'facts' | 'evidence'> & { facts: string; evidence: string })[];
  return rows.map((r) => ({ ...r, facts: JSON.parse(r.facts) as unknown, evidence: JSON.parse(r.evidence) as RunFlagJson['evidence'] }));
}
