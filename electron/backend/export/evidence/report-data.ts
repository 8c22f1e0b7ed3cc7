import { runFreshness } from '../../casefile/run-freshness';
import type { RunFreshness } from '../../../../shared/contract/rules-run';
import type Database from 'better-sqlite3';
import { ZeroMileError } from '../../../../shared/errors';
import type { CaseCounts } from '../../../../shared/contract/case';
import { flagReason } from '../../../../shared/flag-reasons';
import type { Message } from '../../../../shared/i18n/message';
import { caseCounts } from '../../casefile/counts';
import { allDocuments, selectVehicles, type DocumentRow } from '../case-queries';
import { partyNetworkData, reportParties, type NetworkData } from '../party-network-data';
import type { Bar } from './charts';
import { loadEvidenceSheet, printHeader, runInfo, type EvidenceSheetData, type PrintHeader, type RunInfo } from './evidence-data';
import { trimNetwork } from './network-svg';
import { latestRunId } from '../../casefile/latest-run';

/** What the case report shows, read in one place; the page is a pure function of it. */
export type ReportFlag = { id: number; severity: string; rule: string; subject: string; reason: string; reason_msg: Message | null; status: string };

export type ReportData = {
  header: PrintHeader;
  counts: CaseCounts;
  run: RunInfo | null;
  flagTotal: number;
  flaggedVehicles: number;
  /** The first `FLAG_ROWS` flags, high severity first; the rest are in the exports. */
  flags: ReportFlag[];
  charts: { byRule: Bar[]; bySeverity: Bar[]; byDestination: Bar[]; byMonth: Bar[] };
  exhibits: EvidenceSheetData[];
  network: NetworkData | null;
  networkParties: string[];
  documents: DocumentRow[];
  /** What changed after the latest run: printed as a warning under the run. */
  freshness?: RunFreshness | null;
};

export const FLAG_ROWS = 300;
/** Evidence sheets are long; a report of hundreds of exhibits would be a book, so it stops here. */
export const MAX_EXHIBITS = 50;

/** Throws `cancelled` when the report was asked to stop (print:cancel, or the server shutting down). */
export function checkReportCancel(cancelled: (() => boolean) | undefined): void {
  if (cancelled?.()) throw new ZeroMileError('cancelled', 'The case report was cancelled; nothing was printed or saved.');
}

export function loadReport(db: Database.Database, now = new Date(), cancelled?: () => boolean): ReportData {
  const step = () => checkReportCancel(cancelled);
  step();
  const runId = latestRunId(db) ?? -1;
  // Labels are codes (rule ids, severities, countries, months): the page names them in its language.
  const byRule = db.prepare('SELECT rule AS label, count(*) AS value FROM flags WHERE run_id = ? GROUP BY rule ORDER BY value DESC, rule').all(runId) as Bar[];
  const bySeverity = db.prepare(`SELECT severity AS label, count(*) AS value FROM flags WHERE run_id = ? GROUP BY severity
    ORDER BY CASE severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END`).all(runId) as Bar[];
  const byDestination = db.prepare(`SELECT destination_country AS label, count(DISTINCT vin) AS value FROM exports
    GROUP BY destination_country ORDER BY value DESC, label LIMIT 12`).all() as Bar[];
  const byMonth = db.prepare(`SELECT substr(declaration_date, 1, 7) AS label, count(DISTINCT vin) AS value FROM exports
    WHERE vin IN (SELECT vin FROM flags WHERE run_id = ? AND rule = 'zero_mileage_export')
    GROUP BY label ORDER BY label DESC LIMIT 18`).all(runId) as Bar[];
  byMonth.reverse();
  step();

  const flags = (db.prepare(`SELECT f.id, f.severity, f.rule, coalesce(f.vin, p.name, '') AS subject, f.reason, f.facts, coalesce(r.status, f.status) AS status
    FROM flags f LEFT JOIN parties p ON p.id = f.party_id LEFT JOIN reviews r ON r.flag_key = f.flag_key
    WHERE f.run_id = ? ORDER BY CASE f.severity WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, f.rule, f.id LIMIT ?`).all(runId, FLAG_ROWS) as (Omit<ReportFlag, 'reason_msg'> & { facts: string })[])
    .map(({ facts, ...f }) => ({ ...f, reason_msg: flagReason(f.rule, facts) }));
  step();
  const totals = db.prepare('SELECT count(*) AS n, count(DISTINCT vin) AS v FROM flags WHERE run_id = ?').get(runId) as { n: number; v: number };

  const exhibitVins = db.prepare(`SELECT t.subject_id FROM tags t JOIN vehicles v ON v.vin = t.subject_id
    WHERE t.subject_type = 'vehicle' AND t.tag = 'exhibit' ORDER BY t.subject_id LIMIT ?`).pluck().all(MAX_EXHIBITS) as string[];

  step();
  const chosen = reportParties(db, latestRunId(db));
  step();
  let network: NetworkData | null = null;
  if (chosen.length > 0) {
    selectVehicles(db, false);
    step();
    network = trimNetwork(partyNetworkData(db, chosen), chosen);
  }
  step();
  const names = db.prepare('SELECT name FROM parties WHERE id = ?').pluck();

  return {
    header: printHeader(db, now),
    counts: caseCounts(db),
    run: runInfo(db, latestRunId(db)),
    flagTotal: totals.n,
    flaggedVehicles: totals.v,
    flags,
    charts: { byRule, bySeverity, byDestination, byMonth },
    exhibits: exhibitVins.map((vin) => { step(); return loadEvidenceSheet(db, vin, now); }),
    network,
    networkParties: chosen.map((id) => (names.get(id) as string | undefined) ?? `party ${id}`),
    documents: allDocuments(db),
    freshness: runFreshness(db),
  };
}
