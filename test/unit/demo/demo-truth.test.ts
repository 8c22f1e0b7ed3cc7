import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PartyTally } from '../../../electron/backend/demo/party-tally';
import { ALL_RULES, VEHICLE_RULES, evaluateVehicle, partyKey, type DemoRule } from '../../../electron/backend/demo/truth';
import { SCENARIOS } from '../../../electron/backend/demo/scenarios';
import { writeDemo, type DemoManifest, type GroundTruth } from '../../../electron/backend/demo/write-demo';
import { tempDir } from '../../support/paths';
import { readDemo, type ReadDemo } from './read-demo';

let work: { dir: string; remove: () => void };
let manifest: DemoManifest;
let truth: GroundTruth;
let read: ReadDemo;

beforeAll(async () => {
  work = tempDir('zeromile-demo-truth-');
  manifest = await writeDemo(join(work.dir, 'demo'), { vehicles: 600, seed: 3 });
  truth = JSON.parse(readFileSync(manifest.truth_file, 'utf8')) as GroundTruth;
  read = await readDemo(manifest.dir, manifest.files);
}, 120_000);
afterAll(() => work.remove());

/** The truth's VINs of one rule, as a set. */
const flagged = (rule: DemoRule): Set<string> => new Set(truth.rules[rule]);
const plant = (scenario: string): string => {
  const found = truth.plants.find((p) => p.scenario === scenario);
  if (!found) throw new Error(`no plant ${scenario}`);
  return found.vin;
};

describe('zeromile demo: the ground truth', () => {
  it('is what the rules give over the rows read back from the files (rejected rows left out)', () => {
    const rules = Object.fromEntries(ALL_RULES.map((r) => [r, [] as string[]])) as Record<DemoRule, string[]>;
    const exporters = new Set<string>();
    for (const h of read.histories.values()) for (const e of h.exports) exporters.add(partyKey(e.exporter, e.exporter_id));
    const tally = new PartyTally(exporters);
    for (const h of read.histories.values()) {
      const verdict = evaluateVehicle(h);
      expect(verdict.ambiguous, h.vin).toEqual([]);
      for (const rule of verdict.rules) rules[rule].push(h.vin);
      tally.add(h);
    }
    const parties = tally.finish();
    for (const rule of VEHICLE_RULES) expect(rules[rule].sort(), rule).toEqual(truth.rules[rule]);
    expect(parties.flagged.map((p) => p.party_id)).toEqual(truth.rules.trade_intermediary);
    expect(parties.flagged).toEqual(truth.parties);
    expect(parties.ambiguous).toEqual([]);
  });

  it('plants what it says, with no case that depends on how a rule is read', () => {
    expect(truth.ambiguous).toEqual([]);
    expect(truth.intent_mismatches).toEqual([]);
    for (const rule of ALL_RULES) expect(truth.counts[rule], rule).toBeGreaterThan(0);
    expect(new Set(truth.plants.map((p) => p.scenario))).toEqual(new Set([
      ...SCENARIOS.map((s) => s.name), ...truth.planted_parties.map((p) => p.plant),
    ]));
  });

  it('puts near misses on the right side of each threshold', () => {
    const yes: [string, DemoRule][] = [
      ['near_zero_mileage_180_days', 'zero_mileage_export'], ['near_zero_mileage_500_km', 'zero_mileage_export'],
      ['near_zero_mileage_no_odometer', 'zero_mileage_export'], ['near_zero_mileage_501_km', 'early_export'],
      ['near_early_export_180_days', 'early_export'], ['near_latest_initial_registration', 'zero_mileage_export'],
      ['near_confirmation_wrong_country', 'missing_after_sales_confirmation'],
      ['near_confirmation_2026_01_01', 'missing_after_sales_confirmation'],
      ['near_confirmation_180_days', 'missing_after_sales_confirmation'],
      ['near_rapid_resale_30_days', 'rapid_resale'], ['near_rollback_101_km', 'odometer_rollback'],
      ['near_registration_after_new_export', 'timeline_conflict'],
      ['near_undervalued_just_below_half', 'undervalued_export'], ['near_undervalued_sale_364_days_before', 'undervalued_export'],
    ];
    const no: [string, DemoRule][] = [
      ['near_zero_mileage_181_days', 'zero_mileage_export'], ['near_zero_mileage_181_days', 'early_export'],
      ['near_zero_mileage_501_km', 'zero_mileage_export'], ['near_zero_mileage_500_km', 'early_export'],
      ['near_early_export_181_days', 'early_export'], ['near_registration_after_new_export', 'zero_mileage_export'],
      ['near_confirmation_names_destination', 'missing_after_sales_confirmation'],
      ['near_confirmation_names_several', 'missing_after_sales_confirmation'],
      ['near_confirmation_2025_12_31', 'missing_after_sales_confirmation'],
      ['near_confirmation_181_days', 'missing_after_sales_confirmation'],
      ['near_rapid_resale_31_days', 'rapid_resale'], ['near_rapid_resale_maker_sale', 'rapid_resale'],
      ['near_rollback_100_km', 'odometer_rollback'], ['near_duplicate_same_number', 'duplicate_export'],
      ['near_timeline_sale_on_export_day', 'timeline_conflict'], ['near_timeline_produced_on_export_day', 'timeline_conflict'],
      ['near_undervalued_exactly_half', 'undervalued_export'], ['near_undervalued_sale_366_days_before', 'undervalued_export'],
      ['near_undervalued_latest_sale_counts', 'undervalued_export'], ['retail', 'zero_mileage_export'],
    ];
    for (const [scenario, rule] of yes) expect(flagged(rule).has(plant(scenario)), `${scenario} ${rule}`).toBe(true);
    for (const [scenario, rule] of no) expect(flagged(rule).has(plant(scenario)), `${scenario} ${rule}`).toBe(false);
  });

  it('plants trading companies just inside and just outside trade_intermediary', () => {
    const byPlant = new Map(truth.planted_parties.map((p) => [p.plant, p]));
    const flaggedIds = new Set(truth.rules.trade_intermediary);
    expect(flaggedIds.has(byPlant.get('intermediary_10_bought_5_exported')!.party_id!)).toBe(true);
    expect(flaggedIds.has(byPlant.get('intermediary_12_bought_5_sold_1_at_180_days')!.party_id!)).toBe(true);
    expect(flaggedIds.has(byPlant.get('intermediary_9_bought_all_exported')!.party_id!)).toBe(false);
    expect(flaggedIds.has(byPlant.get('intermediary_10_bought_4_sold_in_time_1_at_181_days')!.party_id!)).toBe(false);
    const exact = truth.parties.find((p) => p.party_id === byPlant.get('intermediary_10_bought_5_exported')!.party_id)!;
    expect([exact.bought_new, exact.exported_or_sold_to_exporter]).toEqual([10, 5]);
  });

  it('is a population, not only schemes: most vehicles are never flagged', () => {
    const anyFlag = new Set(VEHICLE_RULES.flatMap((r) => truth.rules[r]));
    expect(anyFlag.size / truth.vehicles).toBeLessThan(0.5);
    expect(truth.scenarios.retail! / truth.vehicles).toBeGreaterThan(0.3);
  });
});
