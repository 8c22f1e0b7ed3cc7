/**
 * Case statistics: how zero-mileage exports inflate regional sales, who moves the vehicles, where
 * they go, and the overview counts of the dashboard. Flag-based figures read one rule run
 * (`run_id`, the latest finished run unless asked otherwise); null when the case has no run yet.
 */

/** Per city of first registration and month: vehicles first registered and how many left as zero-mileage exports. */
export type RegionalInflationRow = {
  city: string;
  month: string;
  registered: number;
  zero_mileage_exports: number;
  /** Sum of the first (new-car) sale price of those exported vehicles: value booked as a domestic sale, then again by the trader. */
  double_counted_value: number;
  /** zero_mileage_exports / registered. */
  share: number;
};

export type PartyStatsRow = {
  party_id: number;
  name: string;
  party_code: string | null;
  /** Distinct vehicles bought, exported and received (as consignee: a foreign buyer), as the party's page counts them (PartyFigures vehicles_bought, vehicles_exported, vehicles_received). */
  bought: number;
  exported: number;
  /** Absent in run summaries stored before it was counted: those parties are summed again (caseStats). */
  received: number;
  /** Median days from the party's purchase of a vehicle to its own export declaration of it. */
  median_days_to_export: number | null;
};

export type DestinationRow = { country: string; month: string; exports: number; zero_mileage_exports: number };

export type DaysToExportBucket = { label: string; from: number; to: number | null; vehicles: number };

/** Exported vehicles that have no registration-to-export span, counted apart from the histogram (never dropped). */
export type DaysToExportUnplaced = {
  /** No initial registration on record. */
  no_registration: number;
  /** Every export declaration dated before the first registration. */
  exported_before_registration: number;
};

export type StatsOverview = {
  vehicles: number;
  exported_vehicles: number;
  flags_total: number;
  flags_by_rule: { rule: string; severity: string; flags: number }[];
  flags_by_status: { status: string; flags: number }[];
  /** Days from first registration to first export declaration on or after it, per exported vehicle. */
  days_to_export: DaysToExportBucket[];
  /** The exported vehicles outside those buckets: buckets and these add up to `exported_vehicles`. */
  days_to_export_unplaced: DaysToExportUnplaced;
};

export type CaseStats = {
  run_id: number | null;
  overview: StatsOverview;
  regional: RegionalInflationRow[];
  parties: PartyStatsRow[];
  destinations: DestinationRow[];
};
