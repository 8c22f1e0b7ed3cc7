import type Database from 'better-sqlite3';
import { flagReason } from '../../../../shared/flag-reasons';
import type { Message } from '../../../../shared/i18n/message';
import type { RulePack } from '../../../../shared/rule-packs';
import { packRemovedAt, packRevision } from '../../casefile/rule-packs';
import type { EvidenceRef, VehicleChain } from '../../../../shared/contract/chain';
import { ZeroMileError } from '../../../../shared/errors';
import { auditHead } from '../../casefile/audit';
import { readCaseMeta } from '../../casefile/meta';
import { buildChain } from '../../graph/chain';
import { latestRunId } from '../../casefile/latest-run';
import { runFreshness } from '../../casefile/run-freshness';
import type { RunFreshness } from '../../../../shared/contract/rules-run';
import type { CitedPlace } from '../../../../shared/citation';
import { RECORD_SHEET_SQL } from '../evidence-citation';

/**
 * Everything an evidence sheet shows about one vehicle, read in one place so the page itself is
 * a pure function of this object (and can be tested without a case file).
 */
export type PrintHeader = {
  title: string;
  case_number: string | null;
  classification: string | null;
  analyst: string | null;
  subject: string | null;
  organisation: string | null;
  /** ISO date-time the page was made. */
  printed: string;
  /** Head of the case's hash-chained audit log when printed: ties the paper to the file. */
  audit_head: string;
};

export type RunInfo = { id: number; started: string; finished: string | null; app_version: string; params: string };

export type FlagView = {
  id: number;
  rule: string;
  severity: string;
  flag_key: string;
  reason: string;
  /** The reason as a message from the flag's facts, for the printed language; not in the digest (reason says it). */
  reason_msg: Message | null;
  status: string;
  verdict: { status: string; reason: string | null; analyst: string | null; updated_at: string } | null;
  evidence: EvidenceRef[];
  /** The rule pack clause behind the flag (pack rules and the China confirmation clause), quoted on paper with its source. */
  clause: FlagClause | null;
};

/** `title` in English, `title_zh` its Chinese (the pack's own): the sheet prints the one of its language, the facts digest counts the English. */
/** `removed_at`: when the pack was removed from the case since the run (its flags stay, as evidence); absent when it is in use. */
export type FlagClause = { pack: string; version: number; revision: number; id: string; title: string | null; title_zh?: string | null; source: string; removed_at?: string };

export type NoteView = { subject: string; body: string; analyst: string | null; created_at: string };

/** A cited document and where in it: rows (a workbook's with their sheet) and pages, in order. */
export type SourceView = { document_id: number; file_name: string; sha256: string; media_type: string; places: CitedPlace[] };

export type EvidenceSheetData = {
  header: PrintHeader;
  chain: VehicleChain;
  run: RunInfo | null;
  flags: FlagView[];
  notes: NoteView[];
  sources: SourceView[];
  /** What changed after the latest run, when the sheet shows that run (the vehicle's own files named); printed as a warning, not in the digest. */
  freshness?: RunFreshness | null;
};

export function printHeader(db: Database.Database, now = new Date()): PrintHeader {
  const meta = readCaseMeta(db);
  return {
    title: meta.title,
    case_number: meta.case_number ?? null,
    classification: meta.classification ?? null,
    analyst: meta.analyst ?? null,
    subject: meta.subject ?? null,
    organisation: meta.organisation ?? null,
    printed: now.toISOString(),
    audit_head: auditHead(db),
  };
}

export function runInfo(db: Database.Database, runId: number | null): RunInfo | null {
  if (runId === null) return null;
  return (db.prepare('SELECT id, started, finished, app_version, params FROM rule_runs WHERE id = ?').get(runId) as RunInfo | undefined) ?? null;
}

type EvidenceRow = { flag_id: number; record_kind: EvidenceRef['record_kind']; record_id: number; document_id: number; document_sha256: string; file_name: string; sheet: string | null; row: number | null; page: number | null };

export function vehicleFlags(db: Database.Database, vin: string, runId: number | null): FlagView[] {
  if (runId === null) return [];
  type Row = { id: number; rule: string; severity: string; flag_key: string; reason: string; facts: string; status: string; r_status: string | null; r_reason: string | null; r_analyst: string | null; r_updated: string | null };
  const rows = db.prepare(`SELECT f.id, f.rule, f.severity, f.flag_key, f.reason, f.facts, f.status,
      r.status AS r_status, r.reason AS r_reason, r.analyst AS r_analyst, r.updated_at AS r_updated
    FROM flags f LEFT JOIN reviews r ON r.flag_key = f.flag_key WHERE f.vin = ? AND f.run_id = ? ORDER BY f.id`).all(vin, runId) as Row[];
  const evidence = db.prepare(`SELECT e.flag_id, e.record_kind, e.record_id, e.document_id, d.sha256 AS document_sha256, d.file_name, ${RECORD_SHEET_SQL} AS sheet, e.row_no AS row, e.page
    FROM flag_evidence e JOIN documents d ON d.id = e.document_id WHERE e.flag_id = ? ORDER BY e.document_id, e.row_no, e.page`);
  return rows.map((r) => ({
    id: r.id, rule: r.rule, severity: r.severity, flag_key: r.flag_key, reason: r.reason, reason_msg: flagReason(r.rule, r.facts), status: r.r_status ?? r.status,
    verdict: r.r_status ? { status: r.r_status, reason: r.r_reason, analyst: r.r_analyst, updated_at: r.r_updated ?? '' } : null,
    evidence: (evidence.all(r.id) as EvidenceRow[]).map(({ flag_id: _flag, ...ref }) => ref),
    clause: flagClause(db, r.facts),
  }));
}

/** The clause a flag's facts name, with its title from the pack revision the run used. */
function flagClause(db: Database.Database, factsJson: string): FlagClause | null {
  const facts = JSON.parse(factsJson) as { pack?: string; pack_version?: number; pack_revision?: number; clause?: string; source?: string };
  if (!facts.pack || !facts.clause) return null;
  const stored = facts.pack_revision === undefined ? null : packRevision(db, facts.pack, facts.pack_revision);
  const clause = stored ? (JSON.parse(stored.content) as RulePack).clauses.find((c) => c.id === facts.clause) : undefined;
  const removedAt = packRemovedAt(db, facts.pack);
  return {
    pack: facts.pack, version: facts.pack_version ?? 0, revision: facts.pack_revision ?? 0, id: facts.clause,
    title: clause?.title.en ?? null, title_zh: clause?.title.zh ?? null, source: facts.source ?? clause?.source ?? '',
    ...(removedAt ? { removed_at: removedAt } : {}),
  };
}

/** Notes on the vehicle and on its flags, oldest first. */
export function vehicleNotes(db: Database.Database, vin: string, flagKeys: readonly string[]): NoteView[] {
  const rows = db.prepare(`SELECT subject_type, subject_id, body, analyst, created_at FROM notes
    WHERE (subject_type = 'vehicle' AND subject_id = ?) OR (subject_type = 'flag' AND subject_id IN (SELECT value FROM json_each(?)))
    ORDER BY created_at, id`).all(vin, JSON.stringify(flagKeys)) as { subject_type: string; subject_id: string; body: string; analyst: string | null; created_at: string }[];
  return rows.map((r) => ({ subject: r.subject_type === 'vehicle' ? 'vehicle' : `flag ${r.subject_id}`, body: r.body, analyst: r.analyst, created_at: r.created_at }));
}

/** Every document the chain, its timeline and its flags cite, with the rows or pages cited. */
export function citedSources(db: Database.Database, refs: readonly EvidenceRef[]): SourceView[] {
  const byDoc = new Map<number, Map<string, CitedPlace>>();
  for (const ref of refs) {
    if (ref.row === null && ref.page === null) continue;
    const place: CitedPlace = ref.row !== null ? { sheet: ref.sheet, row: ref.row, page: null } : { sheet: null, row: null, page: ref.page };
    const entry = byDoc.get(ref.document_id) ?? new Map<string, CitedPlace>();
    entry.set(JSON.stringify(place), place);
    byDoc.set(ref.document_id, entry);
  }
  const doc = db.prepare('SELECT id, file_name, sha256, media_type FROM documents WHERE id = ?');
  const out: SourceView[] = [];
  for (const [id, where] of [...byDoc].sort((a, b) => a[0] - b[0])) {
    const d = doc.get(id) as { id: number; file_name: string; sha256: string; media_type: string } | undefined;
    if (!d) continue;
    // Rows before pages; a workbook's rows sheet by sheet in the order of their first row.
    const places = [...where.values()].sort((a, b) => (a.row === null ? 1 : 0) - (b.row === null ? 1 : 0)
      || (a.sheet ?? '').localeCompare(b.sheet ?? '') || (a.row ?? a.page ?? 0) - (b.row ?? b.page ?? 0));
    out.push({ document_id: d.id, file_name: d.file_name, sha256: d.sha256, media_type: d.media_type, places });
  }
  return out;
}

/** `runId`: the run whose flags the sheet shows, the latest by default (verify rebuilds a printed sheet's). */
export function loadEvidenceSheet(db: Database.Database, vin: string, now = new Date(), runId: number | null = latestRunId(db)): EvidenceSheetData {
  const known = db.prepare('SELECT 1 FROM vehicles WHERE vin = ?').get(vin);
  if (!known) throw new ZeroMileError('not_found', `The case file has no vehicle ${vin}.`);
  const chain = buildChain(db, vin);
  const flags = vehicleFlags(db, vin, runId);
  const refs: EvidenceRef[] = [
    ...chain.holders.flatMap((h) => (h.evidence ? [h.evidence] : [])),
    ...chain.links.map((l) => l.evidence),
    ...chain.gaps.map((g) => g.evidence),
    ...chain.timeline.flatMap((t) => [t.evidence, ...t.sources]),
    ...flags.flatMap((f) => f.evidence),
  ];
  return {
    header: printHeader(db, now),
    chain,
    run: runInfo(db, runId),
    flags,
    notes: vehicleNotes(db, vin, flags.map((f) => f.flag_key)),
    sources: citedSources(db, refs),
    freshness: runId !== null && runId === latestRunId(db) ? runFreshness(db, vin) : null,
  };
}
