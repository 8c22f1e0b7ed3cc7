import type Database from 'better-sqlite3';
import { PACK_RULES } from '../../../shared/rule-packs';
import { RULE_IDS } from '../../../shared/rules';
import { ZeroMileError } from '../../../shared/errors';

export type RunFlagJson = {
  id: number;
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

type FlagRow = Omit<RunFlagJson, 'facts' | 'evidence'> & { facts: string; evidence: string };

/** Every rule id a run can flag: the built-in rules and the rule packs' rules. */
export function isKnownRule(rule: string): boolean {
  return (RULE_IDS as readonly string[]).includes(rule) || (PACK_RULES as readonly string[]).includes(rule);
}

/**
 * The flags of one run (of one rule when given) with their evidence, in id order, one at a time:
 * the machine shape of `zeromile flags` (issue 15 item 3). A generator over a statement iterator,
 * so a run of a million flags never sits in memory at once; the rule filter walks flags_run_rule
 * (`run_id > 0` lets SQLite use that partial index), evidence comes from flag_evidence's flag index.
 */
export function* runFlags(db: Database.Database, runId: number, rule?: string): Generator<RunFlagJson> {
  if (rule !== undefined && !isKnownRule(rule)) throw new ZeroMileError('bad_argument', `No rule named ${rule}.`);
  const statement = db.prepare(`
SELECT f.id, f.vin, p.name AS party, f.party_id, f.rule, f.severity, f.reason, f.status, f.facts,
       (SELECT json_group_array(json_object('record_kind', e.record_kind, 'record_id', e.record_id, 'document_sha256', d.sha256, 'row', e.row_no, 'page', e.page))
          FROM flag_evidence e JOIN documents d ON d.id = e.document_id WHERE e.flag_id = f.id) AS evidence
FROM flags ${rule === undefined ? 'f' : 'f INDEXED BY flags_run_rule'} LEFT JOIN parties p ON p.id = f.party_id
WHERE f.run_id = @run ${rule === undefined ? '' : 'AND f.run_id > 0 AND f.rule = @rule'} ORDER BY f.id`);
  for (const r of statement.iterate(rule === undefined ? { run: runId } : { run: runId, rule }) as IterableIterator<FlagRow>) {
    yield { ...r, facts: JSON.parse(r.facts) as unknown, evidence: JSON.parse(r.evidence) as RunFlagJson['evidence'] };
  }
}
