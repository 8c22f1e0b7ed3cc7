import { canonicalPartyId } from '../../../shared/party-id';
import { normalizeName } from '../../../shared/text';
import { dayOf } from './calendar';
import type { ExportRow, SaleRow, VehicleHistory } from './records';

/**
 * The ground truth: DOMAIN.md's vehicle rules with default parameters, evaluated in plain memory
 * over one vehicle's records. Written apart from the SQL rules on purpose, so the two can check
 * each other. Where the wording of a rule could be read two ways, the other reading is evaluated
 * too and a vehicle whose outcome depends on the reading is reported as ambiguous: the generator
 * must not produce such vehicles (tests check the list is empty), so the truth holds for both.
 */
export const VEHICLE_RULES = [
  'zero_mileage_export', 'early_export', 'missing_after_sales_confirmation', 'rapid_resale',
  'odometer_rollback', 'duplicate_export', 'timeline_conflict', 'undervalued_export',
] as const;
export type VehicleRule = (typeof VEHICLE_RULES)[number];
export const ALL_RULES = [...VEHICLE_RULES, 'trade_intermediary'] as const;
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

export function partyKey(name: string, id: string | null): string {
  return id ? canonicalPartyId(id) : `name:${normalizeName(name)}`;
}

/** Days from the registration the rule measures from to the declaration, or null when there is none. */
type RegistrationReading = 'latest_on_or_before' | 'first' | 'first_signed';

function daysFromRegistration(h: VehicleHistory, e: ExportRow, reading: RegistrationReading): number | null {
  const declared = dayOf(e.declaration_date);
  const initial = h.registrations.filter((r) => r.event === 'initial').map((r) => dayOf(r.registration_date));
  if (initial.length === 0) return null;
  if (reading === 'latest_on_or_before') {
    const before = initial.filter((d) => d <= declared);
    return before.length === 0 ? null : declared - Math.max(...before);
  }
  const days = declared - Math.min(...initial);
  // 'first': only a registration before the export counts; 'first_signed': a later one gives negative days.
  return reading === 'first' && days < 0 ? null : days;
}

function withinDays(days: number | null): boolean {
  return days !== null && days <= P.zero_mileage_max_days;
}

function zeroMileage(h: VehicleHistory, e: ExportRow): boolean {
  return (e.odometer_km === null || e.odometer_km <= P.zero_mileage_max_km)
    && withinDays(daysFromRegistration(h, e, 'latest_on_or_before'));
}

function earlyExport(h: VehicleHistory, e: ExportRow, reading: RegistrationReading): boolean {
  return e.odometer_km !== null && e.odometer_km > P.zero_mileage_max_km && withinDays(daysFromRegistration(h, e, reading));
}

function missingConfirmation(h: VehicleHistory, e: ExportRow, reading: RegistrationReading, onlyIssuedBefore: boolean): boolean {
  const declared = dayOf(e.declaration_date);
  if (declared < CONFIRMATION_FROM || !withinDays(daysFromRegistration(h, e, reading))) return false;
  return !h.confirmations.some((c) => c.countries.includes(e.destination_country)
    && (!onlyIssuedBefore || dayOf(c.issued_date) <= declared));
}

function isMakerSale(h: VehicleHistory, s: SaleRow): boolean {
  const makerIds = h.vehicles.map((v) => v.manufacturer_id).filter((id): id is string => !!id).map(canonicalPartyId);
  if (makerIds.length > 0 && s.seller_id) return makerIds.includes(canonicalPartyId(s.seller_id));
  const makerNames = h.vehicles.map((v) => v.manufacturer).filter((n): n is string => !!n).map(normalizeName);
  return makerNames.includes(normalizeName(s.seller));
}

function rapidResale(h: VehicleHistory, consecutiveAmongAll: boolean): boolean {
  const sorted = [...h.sales].sort((a, b) => dayOf(a.invoice_date) - dayOf(b.invoice_date));
  if (consecutiveAmongAll) {
    for (let i = 1; i < sorted.length; i++) {
      const a = sorted[i - 1]!;
      const b = sorted[i]!;
      if (!isMakerSale(h, a) && !isMakerSale(h, b) && dayOf(b.invoice_date) - dayOf(a.invoice_date) <= P.rapid_resale_days) return true;
    }
    return false;
  }
  const resales = sorted.filter((s) => !isMakerSale(h, s));
  for (let i = 1; i < resales.length; i++) {
    if (dayOf(resales[i]!.invoice_date) - dayOf(resales[i - 1]!.invoice_date) <= P.rapid_resale_days) return true;
  }
  return false;
}

function odometerRollback(h: VehicleHistory, sameDayCounts: boolean): boolean {
  const readings = [
    ...h.registrations.filter((r) => r.odometer_km !== null).map((r) => ({ day: dayOf(r.registration_date), km: r.odometer_km! })),
    ...h.exports.filter((e) => e.odometer_km !== null).map((e) => ({ day: dayOf(e.declaration_date), km: e.odometer_km! })),
  ];
  return readings.some((r, i) => readings.some((o, j) => j !== i
    && (o.day < r.day || (sameDayCounts && o.day === r.day))
    && o.km - r.km > P.rollback_tolerance_km));
}

function duplicateExport(h: VehicleHistory): boolean {
  return new Set(h.exports.map((e) => e.declaration_no)).size >= 2;
}

function timelineConflict(h: VehicleHistory, againstLatestExport: boolean, againstEarliestProduction: boolean): boolean {
  if (h.exports.length === 0) return false;
  const exportDays = h.exports.map((e) => dayOf(e.declaration_date));
  const exported = againstLatestExport ? Math.max(...exportDays) : Math.min(...exportDays);
  if (h.sales.some((s) => dayOf(s.invoice_date) > exported)) return true;
  if (h.registrations.some((r) => dayOf(r.registration_date) > exported)) return true;
  const produced = h.vehicles.map((v) => v.production_date).filter((d): d is string => !!d).map(dayOf);
  if (produced.length === 0) return false;
  const production = againstEarliestProduction ? Math.min(...produced) : Math.max(...produced);
  return exportDays.some((d) => d < production);
}

type SaleWindow = { sameDay: boolean; lastDay: boolean; tieHigh: boolean };

function undervalued(h: VehicleHistory, e: ExportRow, w: SaleWindow): boolean {
  if (e.declared_value === null) return false;
  const declared = dayOf(e.declaration_date);
  let latest: { day: number; price: number } | null = null;
  for (const s of h.sales) {
    if (s.price === null) continue;
    const d = dayOf(s.invoice_date);
    const before = declared - d;
    if (before < (w.sameDay ? 0 : 1) || before > (w.lastDay ? P.undervalued_window_days : P.undervalued_window_days - 1)) continue;
    if (!latest || d > latest.day || (d === latest.day && (w.tieHigh ? s.price > latest.price : s.price < latest.price))) {
      latest = { day: d, price: s.price };
    }
  }
  return latest !== null && e.declared_value < P.undervalued_ratio * latest.price;
}

export type VehicleVerdict = { rules: VehicleRule[]; ambiguous: string[] };

/** Every vehicle rule that flags this vehicle, and the readings of a rule that disagree on it. */
export function evaluateVehicle(h: VehicleHistory): VehicleVerdict {
  const rules: VehicleRule[] = [];
  const ambiguous: string[] = [];
  const exports = h.exports;
  const any = (f: (e: ExportRow) => boolean): boolean => exports.some(f);
  const check = (rule: VehicleRule, primary: boolean, others: boolean[]): void => {
    if (primary) rules.push(rule);
    if (others.some((o) => o !== primary)) ambiguous.push(rule);
  };

  check('zero_mileage_export', any((e) => zeroMileage(h, e)), []);
  check('early_export', any((e) => earlyExport(h, e, 'latest_on_or_before')),
    [any((e) => earlyExport(h, e, 'first')), any((e) => earlyExport(h, e, 'first_signed'))]);
  const readings: RegistrationReading[] = ['latest_on_or_before', 'first', 'first_signed'];
  check('missing_after_sales_confirmation', any((e) => missingConfirmation(h, e, 'latest_on_or_before', false)),
    readings.flatMap((r) => [any((e) => missingConfirmation(h, e, r, false)), any((e) => missingConfirmation(h, e, r, true))]));
  check('rapid_resale', rapidResale(h, false), [rapidResale(h, true)]);
  check('odometer_rollback', odometerRollback(h, false), [odometerRollback(h, true)]);
  check('duplicate_export', duplicateExport(h), []);
  check('timeline_conflict', timelineConflict(h, false, false),
    [timelineConflict(h, true, false), timelineConflict(h, false, true), timelineConflict(h, true, true)]);
  const windows: SaleWindow[] = [];
  for (const sameDay of [true, false]) for (const lastDay of [true, false]) for (const tieHigh of [true, false]) windows.push({ sameDay, lastDay, tieHigh });
  const primary = windows[0]!;
  check('undervalued_export', any((e) => undervalued(h, e, primary)), windows.slice(1).map((w) => any((e) => undervalued(h, e, w))));
  return { rules, ambiguous };
}
