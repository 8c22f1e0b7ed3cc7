import type Database from 'better-sqlite3';
import type { RunFreshness } from '../../../shared/contract/rules-run';
import { latestRunId } from './latest-run';
import { currentRulePacks, type PackUse } from './rule-packs';
import { RECORD_TABLES } from './records';
import { keptUntilWritten } from './write-token';

/**
 * The condition of the partial index audit_log_changes (migration 021), written as it is so that
 * SQLite uses the index. Its 'packs.save' entries are no longer counted (packsChanged compares the
 * packs themselves), but the condition must stay the index's.
 */
export const CHANGE_ACTIONS_SQL = "action IN ('import.file', 'proposed.accept', 'packs.save')";

/**
 * What changed the case's records or rule packs after the latest rule run. Records from the audit log:
 * every change is audited in its own transaction and a run writes its `rules.run` entry last in
 * its own, so the entries past the run's are exactly what the run did not see. Read by index
 * (the run's entry by subject, the later changes by the partial index of migration 021), never by scanning a
 * table that grows with the case. Nothing here runs the rules: the analyst decides.
 */
export function runFreshness(db: Database.Database, vin?: string): RunFreshness {
  const runId = latestRunId(db);
  if (runId === null) return { run: null, after: null, ...(vin !== undefined ? { vehicle_files: [] } : {}) };
  const { packs: runPacks, ...run } = db.prepare('SELECT id, started, finished, packs FROM rule_runs WHERE id = ?').get(runId) as NonNullable<RunFreshness['run']> & { packs: string | null };
  const entry = db.prepare("SELECT id FROM audit_log WHERE subject = ? AND action = 'rules.run' ORDER BY id DESC LIMIT 1").pluck().get(`run:${runId}`) as number | undefined;
  // A run without its entry (written by a version before the audit log named runs): its time instead, over the changes alone.
  const later = (entry !== undefined
    ? db.prepare(`SELECT action, detail FROM audit_log WHERE ${CHANGE_ACTIONS_SQL} AND id > ? ORDER BY id`).all(entry)
    : db.prepare(`SELECT action, detail FROM audit_log WHERE ${CHANGE_ACTIONS_SQL} AND at > ? ORDER BY id`).all(run.finished ?? run.started)) as { action: string; detail: string }[];
  const of = <T>(action: string) => later.filter((e) => e.action === action).map((e) => JSON.parse(e.detail) as T);
  // A file whose rows were all rejected, or a PDF or scan whose records wait for review, changed no record the rules read.
  const imports = of<{ file: string; imported?: number; document?: number }>('import.file').filter((d) => (d.imported ?? 0) > 0);
  const accepts = of<{ document_id: number; kind: string; record_id: number }>('proposed.accept');
  const packs = packsChanged(db, runPacks);
  const after = imports.length + accepts.length + packs > 0 ? { files: imports.length, accepted: accepts.length, packs } : null;
  if (vin === undefined) return { run, after };
  return { run, after, vehicle_files: after ? vehicleFiles(db, vin, imports, accepts) : [] };
}

/**
 * The rule packs that differ from those the run used: saved with other content, added, removed, by
 * each pack's content hash. Held against the run's own list rather than counted from the audit
 * log, so a pack removed and then restored (or saved back as it was) is no change, and a removal
 * is one.
 */
function packsChanged(db: Database.Database, runPacks: string | null): number {
  const used = new Map(((runPacks ? JSON.parse(runPacks) : []) as PackUse[]).map((p) => [p.id, p.sha256]));
  const now = packHashes(db);
  return [...now].filter(([id, sha256]) => used.get(id) !== sha256).length + [...used.keys()].filter((id) => !now.has(id)).length;
}

/**
 * The content hash of each pack in use, kept per connection until something is written: every
 * screen asks for the freshness, and the packs change only with a write.
 */
const packHashes = keptUntilWritten((db): ReadonlyMap<string, string> => new Map(currentRulePacks(db).map((p) => [p.pack_id, p.sha256])));

/**
 * The files whose records of one vehicle came after the run: the vehicle's records and their
 * further sources (record_sources), by its VIN index and each record's sources, held against the
 * documents imported since and the records accepted since.
 */
function vehicleFiles(db: Database.Database, vin: string, imports: { file: string; document?: number }[], accepts: { document_id: number; kind: string; record_id: number }[]): string[] {
  const imported = new Map(imports.flatMap((d) => (d.document === undefined ? [] : [[d.document, d.file] as const])));
  const accepted = new Map(accepts.map((a) => [`${a.kind}:${a.record_id}`, a.document_id]));
  const found = new Set<number>();
  for (const row of vehicleSources(db, vin)) {
    if (imported.has(row.document_id)) found.add(row.document_id);
    // Accepted from a page: the document read before the run may hold it, the acceptance came after.
    const page = accepted.get(`${row.kind}:${row.id}`);
    if (page !== undefined) found.add(page);
  }
  const name = db.prepare('SELECT file_name FROM documents WHERE id = ?').pluck();
  return [...found].sort((a, b) => a - b).map((id) => imported.get(id) ?? (name.get(id) as string | undefined) ?? `document ${id}`);
}

/** Every record of a VIN (kind, id, document) and every further source of each. */
function vehicleSources(db: Database.Database, vin: string): { kind: string; id: number; document_id: number }[] {
  const parts = Object.entries(RECORD_TABLES).flatMap(([kind, table]) => [
    `SELECT '${kind}' AS kind, id, document_id FROM ${table} WHERE vin = @vin`,
    `SELECT '${kind}' AS kind, r.id AS id, s.document_id AS document_id FROM ${table} r JOIN record_sources s ON s.record_kind = '${kind}' AND s.record_id = r.id WHERE r.vin = @vin`,
  ]);
  return db.prepare(parts.join('\nUNION ALL\n')).all({ vin }) as { kind: string; id: number; document_id: number }[];
}
