import type Database from 'better-sqlite3';
import { ZeroMileError } from '../../../../shared/errors';
import { RULES, type RuleId } from '../../../../shared/rules';
import { isValidVin } from '../../../../shared/vin';
import { byNameRecordCount } from '../../queries/name-matches';
import { partyFlaggedVins } from '../../queries/party-queries';
import { shownPartyCode, type MaskOptions } from '../../../../shared/party-id';
import { printHeader, runInfo, type PrintHeader, type RunInfo } from './evidence-data';
import { latestRunId } from '../../casefile/latest-run';
import type { PrintText } from './print-text';

/** Which vehicles a pack holds: a party's flagged vehicles, a rule's flags, or a list of VINs. */
export type PackSelection =
  | { kind: 'party'; party_id: number }
  | { kind: 'rule'; rule: string }
  | { kind: 'vins'; vins: string[]; source?: string };

/** One line of the summary table (and of the contents: the page is added when printed). */
export type PackRow = {
  vin: string; maker: string | null; exporter: string | null; destination: string | null;
  exported: string | null; days: number | null; km: number | null; rules: string[];
};

export type PackFront = {
  header: PrintHeader;
  run: RunInfo | null;
  /** The selection in words, as the cover states it. */
  criteria: string;
  rows: PackRow[];
  /** Flags per rule over the selection (latest run). */
  by_rule: { rule: string; title: string; flags: number }[];
  flags: number;
};

/** The most vehicles one pack holds: a bigger selection is refused with a message saying to narrow it. */
export const PACK_MAX_VEHICLES = 20_000;

/**
 * The VINs of a selection, in VIN order, with the cover's sentence in a page's language. A party's
 * sentence says what its records rest on: how many name it without its USCC or ID number (matched
 * by name only), or, for a party without one, that it is every record of its name without one. Its
 * ID number is masked as on every sheet unless the analyst asked otherwise.
 */
export function selectVins(db: Database.Database, selection: PackSelection, options: MaskOptions = { unmaskIds: false }): { vins: string[]; criteria: (text: PrintText) => string } {
  const runId = latestRunId(db);
  switch (selection.kind) {
    case 'party': {
      const party = db.prepare('SELECT id, name, party_id, is_person FROM parties WHERE id = ?').get(selection.party_id) as
        { id: number; name: string; party_id: string | null; is_person: number } | undefined;
      if (!party) throw new ZeroMileError('not_found', `No party with id ${selection.party_id} in this case file.`);
      const vins = partyFlaggedVins(db, party.id, runId);
      const code = shownPartyCode(party.party_id, party.is_person === 1, options);
      const byName = byNameRecordCount(db, party);
      return {
        vins,
        criteria: (x) => x.t('print.criteria_party', { party: party.name, code: code ? x.t('print.criteria_code', { code }) : null, run: runId ?? '—' })
          + (party.party_id === null ? x.t('print.criteria_name_only') : byName > 0 ? x.t('print.criteria_by_name', { count: byName }) : ''),
      };
    }
    case 'rule': {
      if (!(selection.rule in RULES)) throw new ZeroMileError('bad_argument', `No rule ${selection.rule}; rules are ${Object.keys(RULES).join(', ')}.`);
      const vins = db.prepare('SELECT DISTINCT vin FROM flags WHERE run_id = ? AND rule = ? AND vin IS NOT NULL ORDER BY vin').pluck().all(runId ?? -1, selection.rule) as string[];
      const rule = selection.rule;
      if (vins.length === 0) {
        // A rule that flags parties (trade_intermediary): 'no vehicles' would read as no flags at all.
        const parties = db.prepare('SELECT count(DISTINCT party_id) FROM flags WHERE run_id = ? AND rule = ? AND party_id IS NOT NULL').pluck().get(runId ?? -1, rule) as number;
        if (parties > 0) {
          throw new ZeroMileError('not_found', `The ${rule} flags of run ${runId} are about parties (${parties} ${parties === 1 ? 'party' : 'parties'}), not vehicles: print a party's pack instead (its page's Evidence pack, or zeromile evidence CASE --party ID).`);
        }
      }
      return { vins, criteria: (x) => x.t('print.criteria_rule', { title: x.rule(rule), rule, run: runId ?? '—' }) };
    }
    case 'vins': {
      const wanted = [...new Set(selection.vins.map((v) => v.trim().toUpperCase()).filter(Boolean))];
      const bad = wanted.filter((v) => !isValidVin(v));
      if (bad.length > 0) throw new ZeroMileError('bad_argument', `${bad.length === 1 ? '1 line is not a VIN' : `${bad.length} lines are not VINs`} (first: ${bad[0]})${selection.source ? ` in ${selection.source}` : ''}.`);
      const known = db.prepare('SELECT 1 FROM vehicles WHERE vin = ?');
      const missing = wanted.filter((v) => !known.get(v));
      if (missing.length > 0) throw new ZeroMileError('not_found', `${missing.length} VINs are not in this case file (first: ${missing[0]}).`);
      const source = selection.source;
      return { vins: wanted.sort(), criteria: (x) => (source ? x.t('print.criteria_vins_file', { count: wanted.length, source }) : x.t('print.criteria_vins', { count: wanted.length })) };
    }
    default: {
      const never: never = selection;
      throw new ZeroMileError('bad_argument', `Unknown selection ${JSON.stringify(never)}.`);
    }
  }
}

/** Cover and summary data for the VINs (one query per VIN on indexed columns; 1,000 VINs take milliseconds). */
export function loadPackFront(db: Database.Database, vins: readonly string[], criteria: string, now = new Date()): PackFront {
  const runId = latestRunId(db) ?? -1;
  const vehicle = db.prepare(`SELECT v.maker, e.exporter, e.destination_country AS destination, e.declaration_date AS exported, e.odometer_km AS km,
      CAST(julianday(e.declaration_date) - julianday((SELECT min(registration_date) FROM registrations r WHERE r.vin = v.vin)) AS INTEGER) AS days
    FROM vehicles v LEFT JOIN exports e ON e.vin = v.vin WHERE v.vin = ? ORDER BY e.declaration_date LIMIT 1`);
  const rules = db.prepare('SELECT rule FROM flags WHERE vin = ? AND run_id = ? ORDER BY rule').pluck();
  const counts = new Map<string, number>();
  let flags = 0;
  const rows = vins.map((vin) => {
    const v = (vehicle.get(vin) ?? {}) as Partial<PackRow>;
    const flagged = rules.all(vin, runId) as string[];
    for (const rule of flagged) counts.set(rule, (counts.get(rule) ?? 0) + 1);
    flags += flagged.length;
    return { vin, maker: v.maker ?? null, exporter: v.exporter ?? null, destination: v.destination ?? null, exported: v.exported ?? null,
      days: v.days ?? null, km: v.km ?? null, rules: [...new Set(flagged)] };
  });
  return {
    header: printHeader(db, now),
    run: runInfo(db, latestRunId(db)),
    criteria,
    rows,
    by_rule: [...counts].sort((a, b) => b[1] - a[1]).map(([rule, n]) => ({ rule, title: RULES[rule as RuleId]?.title.en ?? rule, flags: n })),
    flags,
  };
}
