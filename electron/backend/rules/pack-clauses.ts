import type Database from 'better-sqlite3';
import { checkRulePack, clauseHasParameters, type PackClause, type PackRule, type RulePack } from '../../../shared/rule-packs';
import { ZeroMileError } from '../../../shared/errors';
import type { RuleParams } from '../../../shared/rules';
import { currentRulePacks } from '../casefile/rule-packs';

/** A clause of one of the case's current packs, with the pack it came from. */
export type PackedClause = { pack: RulePack; revision: number; clause: PackClause };

/**
 * The clauses of the case's current pack revisions that drive `rule` and have every parameter
 * they need (a clause with an unconfirmed parameter flags nothing). A stored pack that fails its
 * schema stops the run with its name: a rule never runs on a pack it cannot read.
 */
export function activeClauses(db: Database.Database, rule: PackRule): PackedClause[] {
  const out: PackedClause[] = [];
  for (const stored of currentRulePacks(db)) {
    const checked = checkRulePack(JSON.parse(stored.content));
    if (!checked.ok) throw new ZeroMileError('case_damaged', `Rule pack ${stored.pack_id} (revision ${stored.revision}) in the case file fails its schema: ${checked.problems.join('; ')}`);
    for (const clause of checked.pack.clauses) {
      if (clause.rule === rule && clauseHasParameters(clause)) out.push({ pack: checked.pack, revision: stored.revision, clause });
    }
  }
  return out;
}

/**
 * Run parameters whose defaults come from a pack: the China pack's after-sales clause gives
 * missing_after_sales_confirmation its confirmation_required_from (effective_from) and
 * confirmation_max_days (max_days). A run that names a parameter itself overrides it.
 */
export function packParamDefaults(db: Database.Database): Partial<Pick<RuleParams, 'confirmation_required_from' | 'confirmation_max_days'>> {
  const law = activeClauses(db, 'missing_after_sales_confirmation')[0]?.clause;
  if (law?.rule !== 'missing_after_sales_confirmation') return {};
  return {
    ...(law.effective_from ? { confirmation_required_from: law.effective_from } : {}),
    ...(law.params.max_days !== null ? { confirmation_max_days: law.params.max_days } : {}),
  };
}

/** A brand or make as compared: NFKC, trimmed, ASCII letters lower-cased (SQLite's lower() folds ASCII only). */
export function brandKey(value: string): string {
  return value.normalize('NFKC').trim().replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/**
 * temp.pack_clauses: one row per active clause of `rule` (per brand, for brand lists), with its
 * country, period (open ends as 0000-01-01 / 9999-12-31, so a declaration date compares as text)
 * and parameters, for the rule's SQL to join the declarations against.
 */
export function fillPackClauses(db: Database.Database, rule: PackRule): number {
  db.exec(`
DROP TABLE IF EXISTS temp.pack_clauses;
CREATE TEMP TABLE pack_clauses (
  pack_id TEXT NOT NULL, pack_version INTEGER NOT NULL, revision INTEGER NOT NULL, clause_id TEXT NOT NULL, source TEXT NOT NULL,
  country TEXT NOT NULL, eff_from TEXT NOT NULL, eff_to TEXT NOT NULL,
  brand TEXT, min_days INTEGER, min_km REAL
);`);
  const insert = db.prepare(`INSERT INTO temp.pack_clauses VALUES (@pack_id, @pack_version, @revision, @clause_id, @source, @country, @eff_from, @eff_to, @brand, @min_days, @min_km)`);
  let rows = 0;
  for (const { pack, revision, clause } of activeClauses(db, rule)) {
    const base = {
      pack_id: pack.id, pack_version: pack.version, revision, clause_id: clause.id, source: clause.source, country: pack.id,
      eff_from: clause.effective_from ?? '0000-01-01', eff_to: clause.effective_to ?? '9999-12-31', brand: null, min_days: null, min_km: null,
    };
    if (clause.rule === 'destination_brand_restriction') {
      for (const brand of new Set(clause.params.brands.map(brandKey))) { insert.run({ ...base, brand }); rows++; }
    } else if (clause.rule === 'destination_min_use') {
      insert.run({ ...base, min_days: clause.params.min_days, min_km: clause.params.min_km });
      rows++;
    }
  }
  return rows;
}
