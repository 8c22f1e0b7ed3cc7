import { dayOf } from './calendar';
import {
  CONFIRMATIONS_FROM, EXPORTS_FROM, LAST_DAY, exportedWithoutInvoice, heldThenSold, keptByTrader, newExport,
  reRegisteredExport, resoldNew, retail, usedExport, zeroMileage, type ZeroFacts, type ZeroOptions,
} from './chains';
import type { VehicleRule } from './truth';
import type { VehicleBuilder } from './vehicle-builder';
import type { World } from './world';

/**
 * What a vehicle's history is made of, with what the scenario means to plant: `intent` names the
 * rules the scenario is about and whether they must fire. The truth itself is evaluated from the
 * records; the intent only checks that the generator plants what it says (tests require no mismatch).
 */
export type Intent = Partial<Record<VehicleRule, boolean>>;
export type Scenario = { name: string; weight: number; build(b: VehicleBuilder): Intent };

const NOTHING: Intent = {
  zero_mileage_export: false, early_export: false, missing_after_sales_confirmation: false, rapid_resale: false,
  odometer_rollback: false, duplicate_export: false, timeline_conflict: false, undervalued_export: false,
};
const MAX_DAYS = 180;
const MAX_KM = 500;

/** What the zero-mileage family plants, from the facts it chose. */
function zeroIntent(f: ZeroFacts): Intent {
  const within = f.days <= MAX_DAYS;
  return {
    zero_mileage_export: within && (f.km === null || f.km <= MAX_KM),
    early_export: within && f.km !== null && f.km > MAX_KM,
    missing_after_sales_confirmation: within && f.exported >= CONFIRMATIONS_FROM && !f.confirmsDestination,
  };
}

const zero = (o: ZeroOptions, extra: Intent = {}) => (b: VehicleBuilder): Intent => ({ ...zeroIntent(zeroMileage(b, o)), ...extra });
const in2026 = (b: VehicleBuilder): number => b.rng.int(CONFIRMATIONS_FROM + 10, LAST_DAY - 10);
const clean: Intent = { odometer_rollback: false, duplicate_export: false, timeline_conflict: false, undervalued_export: false };

export const SCENARIOS: readonly Scenario[] = [
  // The ordinary population.
  { name: 'retail', weight: 50, build: (b) => { retail(b); return NOTHING; } },
  { name: 'used_export', weight: 10, build: (b) => { usedExport(b); return NOTHING; } },
  { name: 'new_export', weight: 8, build: (b) => { newExport(b); return NOTHING; } },
  // The schemes.
  { name: 'zero_mileage', weight: 14, build: zero({}, clean) },
  { name: 'zero_mileage_self_export', weight: 3, build: zero({ selfExport: true }, { ...clean, rapid_resale: false }) },
  { name: 'zero_mileage_2026_confirmed', weight: 1, build: (b) => zero({ exportDay: in2026(b), confirm: 'dest' }, clean)(b) },
  { name: 'zero_mileage_undervalued', weight: 1.5, build: zero({ undervalued: true }, { undervalued_export: true }) },
  { name: 'early_export', weight: 2, build: (b) => zero({ km: b.rng.int(600, 15_000), days: b.rng.int(30, 180) }, clean)(b) },
  { name: 'rapid_resale', weight: 2, build: (b) => { resoldNew(b, b.rng.int(1, 30)); return { ...NOTHING, rapid_resale: true }; } },
  { name: 'odometer_rollback', weight: 1.5, build: (b) => { usedExport(b, { rollbackKm: b.rng.int(2_000, 40_000) }); return { ...NOTHING, odometer_rollback: true }; } },
  // The second declaration may fall into 2026 when the first did not, so only the duplicate is stated.
  { name: 'duplicate_export', weight: 1, build: (b) => { zeroMileage(b, { duplicate: 'new_number' }); return { duplicate_export: true, timeline_conflict: false }; } },
  { name: 'timeline_sale_after_export', weight: 0.8, build: (b) => zero({ saleAfterExport: b.rng.int(1, 20) }, { timeline_conflict: true })(b) },
  { name: 'timeline_registration_after_export', weight: 0.5, build: (b) => zero({ transferAfterExport: b.rng.int(3, 60) }, { timeline_conflict: true })(b) },
  { name: 'timeline_export_before_production', weight: 0.4, build: (b) => { newExport(b, { producedAfter: b.rng.int(1, 20) }); return { timeline_conflict: true, undervalued_export: false }; } },
  { name: 'undervalued_new_export', weight: 1, build: (b) => { newExport(b, { valueRatio: [0.25, 0.45] }); return { undervalued_export: true, timeline_conflict: false }; } },
  // Near misses: one side of each threshold, so a rule off by one fails the ground truth.
  { name: 'near_zero_mileage_180_days', weight: 0.15, build: (b) => zero({ days: 180, km: b.rng.int(20, 400) })(b) },
  { name: 'near_zero_mileage_181_days', weight: 0.15, build: (b) => zero({ days: 181, km: b.rng.int(20, 400) })(b) },
  { name: 'near_zero_mileage_500_km', weight: 0.15, build: zero({ km: 500 }) },
  { name: 'near_zero_mileage_501_km', weight: 0.15, build: zero({ km: 501 }) },
  { name: 'near_zero_mileage_no_odometer', weight: 0.15, build: zero({ km: null }) },
  { name: 'near_early_export_180_days', weight: 0.15, build: (b) => zero({ days: 180, km: b.rng.int(2_000, 9_000) })(b) },
  { name: 'near_early_export_181_days', weight: 0.15, build: (b) => zero({ days: 181, km: b.rng.int(2_000, 9_000) })(b) },
  { name: 'near_latest_initial_registration', weight: 0.15, build: (b) => { reRegisteredExport(b); return { zero_mileage_export: true, early_export: false, missing_after_sales_confirmation: false }; } },
  { name: 'near_registration_after_new_export', weight: 0.15, build: (b) => { newExport(b, { exportBetween: [EXPORTS_FROM, dayOf('2025-11-01')], registeredAfter: b.rng.int(5, 40) }); return { zero_mileage_export: false, timeline_conflict: true }; } },
  { name: 'near_confirmation_names_destination', weight: 0.15, build: (b) => zero({ exportDay: in2026(b), confirm: 'dest' })(b) },
  { name: 'near_confirmation_names_several', weight: 0.15, build: (b) => zero({ exportDay: in2026(b), confirm: 'multi' })(b) },
  { name: 'near_confirmation_wrong_country', weight: 0.15, build: (b) => zero({ exportDay: in2026(b), confirm: 'wrong' })(b) },
  { name: 'near_confirmation_2025_12_31', weight: 0.15, build: zero({ exportDay: dayOf('2025-12-31'), confirm: 'none' }) },
  { name: 'near_confirmation_2026_01_01', weight: 0.15, build: zero({ exportDay: CONFIRMATIONS_FROM, confirm: 'none' }) },
  { name: 'near_confirmation_180_days', weight: 0.15, build: (b) => zero({ exportDay: in2026(b), days: 180, km: 3_000, confirm: 'none' })(b) },
  { name: 'near_confirmation_181_days', weight: 0.15, build: (b) => zero({ exportDay: in2026(b), days: 181, km: 3_000, confirm: 'none' })(b) },
  { name: 'near_rapid_resale_30_days', weight: 0.15, build: (b) => { resoldNew(b, 30); return { rapid_resale: true }; } },
  { name: 'near_rapid_resale_31_days', weight: 0.15, build: (b) => { resoldNew(b, 31); return { rapid_resale: false }; } },
  { name: 'near_rapid_resale_maker_sale', weight: 0.15, build: (b) => { retail(b, { gap: b.rng.int(1, 5), makerSaleHint: { file: 'sales-en' } }); return { rapid_resale: false }; } },
  { name: 'near_rollback_100_km', weight: 0.15, build: (b) => { usedExport(b, { rollbackKm: 100 }); return { odometer_rollback: false }; } },
  { name: 'near_rollback_101_km', weight: 0.15, build: (b) => { usedExport(b, { rollbackKm: 101 }); return { odometer_rollback: true }; } },
  { name: 'near_duplicate_same_number', weight: 0.15, build: zero({ duplicate: 'same_number' }, { duplicate_export: false }) },
  { name: 'near_timeline_sale_on_export_day', weight: 0.15, build: zero({ saleAfterExport: 0 }, { timeline_conflict: false, undervalued_export: false }) },
  { name: 'near_timeline_produced_on_export_day', weight: 0.15, build: (b) => { newExport(b, { producedOnExportDay: true }); return { timeline_conflict: false }; } },
  { name: 'near_undervalued_exactly_half', weight: 0.15, build: (b) => { newExport(b, { exactHalf: true }); return { undervalued_export: false }; } },
  { name: 'near_undervalued_just_below_half', weight: 0.15, build: (b) => { newExport(b, { justBelowHalf: true }); return { undervalued_export: true }; } },
  { name: 'near_undervalued_sale_364_days_before', weight: 0.15, build: (b) => { exportedWithoutInvoice(b, 364); return { undervalued_export: true, zero_mileage_export: false }; } },
  { name: 'near_undervalued_sale_366_days_before', weight: 0.15, build: (b) => { exportedWithoutInvoice(b, 366); return { undervalued_export: false }; } },
  { name: 'near_undervalued_latest_sale_counts', weight: 0.15, build: zero({ underInvoice: true }, { undervalued_export: false }) },
];

export const SCENARIO_WEIGHTS: readonly (readonly [Scenario, number])[] = SCENARIOS.map((s) => [s, s.weight]);

/** The party-level plants: trading companies just inside and just outside trade_intermediary. */
export type PartyPlant = { name: string; party: keyof World['plantedTraders']; flagged: boolean };
export const PARTY_PLANTS: readonly PartyPlant[] = [
  { name: 'intermediary_10_bought_5_exported', party: 'exact', flagged: true },
  { name: 'intermediary_9_bought_all_exported', party: 'nine', flagged: false },
  { name: 'intermediary_10_bought_4_sold_in_time_1_at_181_days', party: 'ratio', flagged: false },
  { name: 'intermediary_12_bought_5_sold_1_at_180_days', party: 'sold', flagged: true },
];

/** One vehicle of a party plant. */
export type PartyVehicle = { plant: PartyPlant; build(b: VehicleBuilder): Intent };

export function partyVehicles(world: World): PartyVehicle[] {
  const t = world.plantedTraders;
  const [exact, nine, ratio, sold] = PARTY_PLANTS as [PartyPlant, PartyPlant, PartyPlant, PartyPlant];
  const list: PartyVehicle[] = [];
  const add = (plant: PartyPlant, n: number, build: (b: VehicleBuilder) => void): void => {
    for (let i = 0; i < n; i++) list.push({ plant, build: (b) => { build(b); return {}; } });
  };
  add(exact, 5, (b) => zeroMileage(b, { trader: t.exact, selfExport: true, days: b.rng.int(20, 150) }));
  add(exact, 5, (b) => keptByTrader(b, t.exact));
  add(nine, 9, (b) => zeroMileage(b, { trader: t.nine, selfExport: true }));
  add(ratio, 4, (b) => zeroMileage(b, { trader: t.ratio }));
  add(ratio, 1, (b) => heldThenSold(b, t.ratio, 181));
  add(ratio, 5, (b) => keptByTrader(b, t.ratio));
  add(sold, 5, (b) => zeroMileage(b, { trader: t.sold }));
  add(sold, 1, (b) => heldThenSold(b, t.sold, 180));
  add(sold, 6, (b) => keptByTrader(b, t.sold));
  return list;
}
