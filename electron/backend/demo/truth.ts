import { canonicalPartyId } from '../../../shared/party-id';
import { normalizeName } from '../../../shared/text';
import { dayOf } from './calendar';
import type { SaleRow, VehicleHistory } from './records';

/**
 * The ground truth: DOMAIN.md's vehicle rules with default parameters, evaluated in plain memory
 * over one vehicle's records. Written apart from the SQL rules on purpose, so the two can check
 * each other. Where the wording of a rule could be read two ways, the other reading is evaluated
 * too and a vehicle whose outcome depends on the reading is reported as ambiguous: the generator
 * must not produce such vehicles (tests check the list is empty), so the truth holds for both.
 */
export const VEHICLE_RULES = [
  'zero_mileage_export', 'early_export', 'missing_after_sales_confirmation', 'rapid_resale',
  'odometer_rollback', 'duplicate_export', 'timeline_conflict', 'undervalued_export', 'conflicting_sources',
] as const;
export type VehicleRule = (typeof VEHICLE_RULES)[number];
/** The vehicle rules, the party rule, and the rule pack clauses (pack-truth.ts, with the demo's sample packs). */
export const ALL_RULES = [...VEHICLE_RULES, 'trade_intermediary', 'destination_brand_restriction', 'destination_min_use'] as const;
export type DemoRule = (typeof ALL_RULES)[number];

/** The defaults of DOMAIN.md the truth is computed with. */
export const TRUTH_PARAMS = {
  zero_mileage_max_km: 500,
  zero_mileage_max_days: 180,
  confirmation_required_from: '2026-01-01',
  rapid_resale_days: 30,
  rollback_tolerance_km: 100,
  undervalued_ratio: 0.5,
  undervalued_window_days: 365,
  intermediary_min_vehicles: 10,
  intermediary_min_share: 0.5,
  intermediary_max_days: 180,
} as const;

const P = TRUTH_PARAMS;
const CONFIRMATION_FROM = dayOf(P.confirmation_required_from);

/** Canonical party key: the identifier when there is one, else the normalised name. */
export function partyKey(name: string, id: string | null): string {
  if (!id) return `name:${normalizeName(name)}`;
  return /^[0-9A-Z]+$/.test(id) ? id : canonicalPartyId(id);
}

/** One vehicle's facts with dates as day numbers, computed once for all the readings of every rule. */
type Facts = {
  initial: number[];
  readings: { day: number; km: number }[];
  sales: { day: number; price: number | null; byMaker: boolean }[];
  exports: { day: number; km: number | null; value: number | null; country: string; no: string }[];
  confirmations: { day: number; countries: string[] }[];
  produced: number[];
};

function factsOf(h: VehicleHistory): Facts {
  const makerIds = new Set<string>();
  const makerNames = new Set<string>();
  for (const v of h.vehicles) {
    if (v.manufacturer_id) makerIds.add(canonicalPartyId(v.manufacturer_id));
    if (v.manufacturer) makerNames.add(normalizeName(v.manufacturer));
  }
  // "The maker": matched by manufacturer_id, else by normalised name.
  const byMaker = (s: SaleRow): boolean => (makerIds.size > 0 && s.seller_id
    ? makerIds.has(canonicalPartyId(s.seller_id)) : makerNames.has(normalizeName(s.seller)));
  const readings: Facts['readings'] = [];
  for (const r of h.registrations) if (r.odometer_km !== null) readings.push({ day: dayOf(r.registration_date), km: r.odometer_km });
  for (const e of h.exports) if (e.odometer_km !== null) readings.push({ day: dayOf(e.declaration_date), km: e.odometer_km });
  return {
    initial: h.registrations.filter((r) => r.event === 'initial').map((r) => dayOf(r.registration_date)),
    readings,
    sales: h.sales.map((s) => ({ day: dayOf(s.invoice_date), price: s.price, byMaker: byMaker(s) })).sort((a, b) => a.day - b.day),
    exports: h.exports.map((e) => ({ day: dayOf(e.declaration_date), km: e.odometer_km, value: e.declared_value, country: e.destination_country, no: e.declaration_no })),
    confirmations: h.confirmations.map((c) => ({ day: dayOf(c.issued_date), countries: c.countries })),
    produced: h.vehicles.map((v) => v.production_date).filter((d): d is string => !!d).map(dayOf),
  };
}
type Declaration = Facts['exports'][number];

/** Days from the registration the rule measures from to the declaration, or null when there is none. */
type RegistrationReading = 'latest_on_or_before' | 'first' | 'first_signed';

function daysFromRegistration(f: Facts, e: Declaration, reading: RegistrationReading): number | null {
  if (f.initial.length === 0) return null;
  if (reading === 'latest_on_or_before') {
    let latest: number | null = null;
    for (const d of f.initial) if (d <= e.day && (latest === null || d > latest)) latest = d;
    return latest === null ? null : e.day - latest;
  }
  const days = e.day - Math.min(...f.initial);
  // 'first': only a registration before the export counts; 'first_signed': a later one gives negative days.
  return reading === 'first' && days < 0 ? null : days;
}

function withinDays(days: number | null): boolean {
  return days !== null && days <= P.zero_mileage_max_days;
}

function zeroMileage(f: Facts, e: Declaration): boolean {
  return (e.km === null || e.km <= P.zero_mileage_max_km) && withinDays(daysFromRegistration(f, e, 'latest_on_or_before'));
}

function earlyExport(f: Facts, e: Declaration, reading: RegistrationReading): boolean {
  return e.km !== null && e.km > P.zero_mileage_max_km && withinDays(daysFromRegistration(f, e, reading));
}

function missingConfirmation(f: Facts, e: Declaration, reading: RegistrationReading, onlyIssuedBefore: boolean): boolean {
  if (e.day < CONFIRMATION_FROM || !withinDays(daysFromRegistration(f, e, reading))) return false;
  return !f.confirmations.some((c) => c.countries.includes(e.country) && (!onlyIssuedBefore || c.day <= e.day));
}

function rapidResale(f: Facts, consecutiveAmongAll: boolean): boolean {
  const sales = consecutiveAmongAll ? f.sales : f.sales.filter((s) => !s.byMaker);
  for (let i = 1; i < sales.length; i++) {
    const a = sales[i - 1]!;
    const b = sales[i]!;
    if (!a.byMaker && !b.byMaker && b.day - a.day <= P.rapid_resale_days) return true;
  }
  return false;
}

function odometerRollback(f: Facts, sameDayCounts: boolean): boolean {
  const r = f.readings;
  return r.some((x, i) => r.some((o, j) => j !== i && (o.day < x.day || (sameDayCounts && o.day === x.day))
    && o.km - x.km > P.rollback_tolerance_km));
}

function duplicateExport(f: Facts): boolean {
  return new Set(f.exports.map((e) => e.no)).size >= 2;
}

function timelineConflict(h: VehicleHistory, f: Facts, againstLatestExport: boolean, againstEarliestProduction: boolean): boolean {
  if (f.exports.length === 0) return false;
  const days = f.exports.map((e) => e.day);
  const exported = againstLatestExport ? Math.max(...days) : Math.min(...days);
  if (f.sales.some((s) => s.day > exported)) return true;
  if (h.registrations.some((r) => dayOf(r.registration_date) > exported)) return true;
  if (f.produced.length === 0) return false;
  const production = againstEarliestProduction ? Math.min(...f.produced) : Math.max(...f.produced);
  return days.some((d) => d < production);
}

type SaleWindow = { sameDay: boolean; lastDay: boolean; tieHigh: boolean };

function undervalued(f: Facts, e: Declaration, w: SaleWindow): boolean {
  if (e.value === null) return false;
  let latest: { day: number; price: number } | null = null;
  for (const s of f.sales) {
    if (s.price === null) continue;
    const before = e.day - s.day;
    if (before < (w.sameDay ? 0 : 1) || before > (w.lastDay ? P.undervalued_window_days : P.undervalued_window_days - 1)) continue;
    if (!latest || s.day > latest.day || (s.day === latest.day && (w.tieHigh ? s.price > latest.price : s.price < latest.price))) {
      latest = { day: s.day, price: s.price };
    }
  }
  return latest !== null && e.value < P.undervalued_ratio * latest.price;
}

const READINGS: RegistrationReading[] = ['latest_on_or_before', 'first', 'first_signed'];
/** The first window is the reading the truth uses; the others must agree with it. */
const WINDOWS: SaleWindow[] = [];
for (const sameDay of [true, false]) for (const lastDay of [true, false]) for (const tieHigh of [true, false]) WINDOWS.push({ sameDay, lastDay, tieHigh });

export type VehicleVerdict = { rules: VehicleRule[]; ambiguous: string[] };

/** Every vehicle rule that flags this vehicle, and the readings of a rule that disagree on it. */
export function evaluateVehicle(h: VehicleHistory, writtenPort: (row: VehicleHistory['exports'][number]) => string | null = (row) => row.port): VehicleVerdict {
  const rules: VehicleRule[] = [];
  const ambiguous: string[] = [];
  const f = factsOf(h);
  const any = (test: (e: Declaration) => boolean): boolean => f.exports.some(test);
  const check = (rule: VehicleRule, primary: boolean, others: boolean[]): void => {
    if (primary) rules.push(rule);
    if (others.some((o) => o !== primary)) ambiguous.push(rule);
  };

  check('rapid_resale', rapidResale(f, false), [rapidResale(f, true)]);
  check('odometer_rollback', odometerRollback(f, false), [odometerRollback(f, true)]);
  // Every other rule needs an export declaration; half the vehicles have none.
  if (f.exports.length > 0) {
    check('zero_mileage_export', any((e) => zeroMileage(f, e)), []);
    check('early_export', any((e) => earlyExport(f, e, 'latest_on_or_before')),
      [any((e) => earlyExport(f, e, 'first')), any((e) => earlyExport(f, e, 'first_signed'))]);
    check('missing_after_sales_confirmation', any((e) => missingConfirmation(f, e, 'latest_on_or_before', false)),
      READINGS.flatMap((r) => [any((e) => missingConfirmation(f, e, r, false)), any((e) => missingConfirmation(f, e, r, true))]));
    check('duplicate_export', duplicateExport(f), []);
    check('timeline_conflict', timelineConflict(h, f, false, false),
      [timelineConflict(h, f, true, false), timelineConflict(h, f, false, true), timelineConflict(h, f, true, true)]);
    check('undervalued_export', any((e) => undervalued(f, e, WINDOWS[0]!)), WINDOWS.slice(1).map((w) => any((e) => undervalued(f, e, w))));
  }
  check('conflicting_sources', sourcesDisagree(h, writtenPort), []);
  rules.sort((a, b) => VEHICLE_RULES.indexOf(a) - VEHICLE_RULES.indexOf(b));
  return { rules, ambiguous };
}

/**
 * Two rows of one declaration (the same fact in two files) with different values as written: the
 * demo's copies differ only in the port, which the English file spells in English.
 */
function sourcesDisagree(h: VehicleHistory, writtenPort: (row: VehicleHistory['exports'][number]) => string | null): boolean {
  const ports = new Map<string, Set<string>>();
  for (const e of h.exports) {
    const port = writtenPort(e);
    if (port === null) continue;
    const seen = ports.get(e.declaration_no) ?? new Set<string>();
    seen.add(port);
    ports.set(e.declaration_no, seen);
  }
  return [...ports.values()].some((seen) => seen.size > 1);
}
