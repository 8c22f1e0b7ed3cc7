import type Database from 'better-sqlite3';

export type FlagRow = {
  id: number; rule: string; severity: string; flag_key: string; vin: string | null; party_id: number | null;
  reason: string; facts: string; maker: string | null; exporter: string | null; destination: string | null;
  days: number | null; km: number | null; status: string;
};

/** Flags of one run (and rule), with their evidence as "kind:id" strings. */
export function flagsOf(db: Database.Database, runId: number, rule?: string): (FlagRow & { evidence: string[] })[] {
  const rows = db.prepare(`SELECT * FROM flags WHERE run_id = ? AND (? IS NULL OR rule = ?) ORDER BY flag_key`).all(runId, rule ?? null, rule ?? null) as FlagRow[];
  const evidence = db.prepare('SELECT record_kind, record_id FROM flag_evidence WHERE flag_id = ? ORDER BY record_kind, record_id');
  return rows.map((row) => ({
    ...row,
    evidence: (evidence.all(row.id) as { record_kind: string; record_id: number }[]).map((e) => `${e.record_kind}:${e.record_id}`),
  }));
}

export function flaggedVins(db: Database.Database, runId: number, rule: string): string[] {
  return flagsOf(db, runId, rule).map((f) => f.vin ?? `party:${f.party_id}`);
}
