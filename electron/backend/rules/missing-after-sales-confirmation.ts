import { firstAnchorPerVehicle, insertAnchorEvidence } from './export-anchor';
import type { RuleImpl } from './rule';
import { DAYS_TEXT } from './rule';
import { activeClauses } from './pack-clauses';

/**
 * Declarations from `confirmation_required_from` on, within `confirmation_max_days` of the
 * latest initial registration before them, with no confirmation record of the vehicle naming the
 * destination country (confirmations.countries is stored as ',RU,KZ,'). The China pack's clause
 * is the law behind it: its effective_from and max_days are the run's defaults for those two
 * parameters (runner.ts), each flag names the pack, clause and source, and with the clause
 * inactive (its max_days unconfirmed) the rule finds nothing.
 */
export const missingAfterSalesConfirmation: RuleImpl = {
  id: 'missing_after_sales_confirmation',
  readsExportAnchor: true,
  find(ctx) {
    const law = activeClauses(ctx.db, 'missing_after_sales_confirmation')[0];
    if (!law) return;
    const args = {
      from: ctx.params.confirmation_required_from, max_days: ctx.params.confirmation_max_days,
      pack: law.pack.id, pack_version: law.pack.version, pack_revision: law.revision, clause: law.clause.id, source: law.clause.source,
    };
    firstAnchorPerVehicle(ctx.db, `a.declaration_date >= @from AND a.days <= @max_days
      AND NOT EXISTS (SELECT 1 FROM confirmations c WHERE c.vin = a.vin AND instr(c.countries, ',' || a.destination_country || ',') > 0)`, args);
    ctx.db.prepare(`
INSERT INTO temp.rule_hits (flag_key, vin, reason, facts, exporter, destination, days, km)
SELECT 'missing_after_sales_confirmation:' || vin, vin,
       printf('exported to %s on %s, %s after first registration, without a maker confirmation naming %s (pack %s v%d, clause %s)',
              destination_country, declaration_date, ${DAYS_TEXT('days')}, destination_country, @pack, @pack_version, @clause),
       json_object('declaration_no', declaration_no, 'declaration_date', declaration_date,
                   'registration_date', reg_date, 'days', days, 'destination', destination_country,
                   'required_from', @from, 'max_days', @max_days, 'export_id', export_id, 'registration_id', reg_id,
                   'pack', @pack, 'pack_version', @pack_version, 'pack_revision', @pack_revision, 'clause', @clause, 'source', @source),
       exporter, destination_country, days, odometer_km
FROM temp.anchor_hits`).run(args);
  },
  evidence(ctx) {
    // The confirmations that exist but name other countries are evidence too: they show what was checked.
    ctx.db.exec(`
INSERT OR IGNORE INTO scratch.flag_evidence (flag_id, record_kind, record_id, document_id, row_no, page)
SELECT i.flag_id, 'confirmations', c.id, c.document_id, c.row_no, c.page
FROM temp.hit_ids i JOIN temp.rule_hits h ON h.flag_key = i.flag_key JOIN confirmations c ON c.vin = h.vin`);
    insertAnchorEvidence(ctx.db, 'missing_after_sales_confirmation');
  },
};
