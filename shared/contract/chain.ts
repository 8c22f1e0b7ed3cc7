import type { ValueMarkShown } from '../value-marks';
import type { Message } from '../i18n/message';
import type { RecordKind } from '../record-kinds';

/**
 * Ownership chains and party networks as the UI, print and CLI read them. Built by
 * electron/backend/graph/ from the records of one case file.
 */

/** The part a party played for the vehicle; `owner` is a private person. */
export type PartyRole = 'maker' | 'dealer' | 'trader' | 'exporter' | 'foreign_buyer' | 'owner';

/** The record behind a fact and the document (and row or page) it was read from. */
export type EvidenceRef = {
  record_kind: RecordKind;
  record_id: number;
  document_id: number;
  document_sha256: string;
  file_name: string;
  sheet: string | null;
  row: number | null;
  page: number | null;
};

/** One party that held the vehicle; `days_held` counts from `acquired` to the next holder's date. */
export type ChainHolder = {
  party_id: number | null;
  name: string;
  role: PartyRole;
  /** USCC or other identifier as read, when there is one. */
  party_code: string | null;
  acquired: string | null;
  price: number | null;
  days_held: number | null;
  evidence: EvidenceRef | null;
  /**
   * The vehicle's records that name this identified party without its identifier: each was
   * matched to it by name only (a name is not an identity). Empty for most holders.
   */
  by_name: EvidenceRef[];
  /**
   * The maker taken from the VIN, not from a record: the vehicle has no maker on record (no vehicle
   * master row), and this seller of its first sale is named as the maker its WMI (the VIN's first
   * three characters) decodes to in the WMI reference table (shared/data/wmi.ts): `names` are that
   * table's English and Chinese names. Absent for every other holder.
   */
  maker_from_wmi?: { wmi: string; names: readonly [en: string, zh: string] };
};

/** A change of hands between two holders (indexes into `holders`). */
export type ChainLink = {
  from: number;
  to: number;
  date: string;
  price: number | null;
  currency: string | null;
  /** Days the `from` holder kept the vehicle before this link. */
  days_held: number | null;
  kind: 'sale' | 'registration' | 'export' | 'shipment';
  evidence: EvidenceRef;
};

/**
 * A holder the records name without the hand-over to it: a registration, export declaration or bill
 * of lading names the new holder only, so how the vehicle came from `from` (the holder before, or
 * null) is open. Shown as a gap, never drawn as a transfer.
 */
export type ChainGap = {
  from: number | null;
  to: number;
  date: string;
  kind: 'registration' | 'export' | 'shipment';
  evidence: EvidenceRef;
};

export type TimelineEventKind =
  | 'production' | 'sale' | 'registration' | 'transfer' | 'deregistration' | 'export' | 'shipment' | 'confirmation';

export type TimelineEvent = {
  date: string;
  kind: TimelineEventKind;
  party: string | null;
  odometer_km: number | null;
  /** One line for people, in English: "initial registration to X (Chengdu, plate 川A12345)". */
  detail: string;
  /** The same line as a message, rendered in the reader's language (not part of the evidence digest: detail says it). */
  detail_msg: Message;
  evidence: EvidenceRef;
  /**
   * Further sources of the same fact (another file, or another row, with the same natural key):
   * cited as the record's kind with a negative record_id (minus the record_sources id).
   */
  sources: EvidenceRef[];
  /** Values of the record's row read differently from how its cells wrote them (shared/value-marks.ts); absent when none. */
  marks?: ValueMarkShown[];
};

export type ChainVehicle = {
  maker: string | null;
  model_year: number | null;
  make: string | null;
  model: string | null;
  fuel_type: string | null;
  production_date: string | null;
};

export type VehicleChain = {
  vin: string;
  vehicle: ChainVehicle;
  /** One entry per party that held the vehicle, maker to foreign consignee, in date order. */
  holders: ChainHolder[];
  /** Hand-overs, each backed by a record that names both ends (a sale; an export declaration's exporter and consignee). */
  links: ChainLink[];
  /** Where the records leave the hand-over open. */
  gaps: ChainGap[];
  /** Every record of the vehicle in date order. */
  timeline: TimelineEvent[];
};

export type PartyNetworkNode = {
  id: number;
  name: string;
  role: PartyRole;
  /**
   * Distinct vehicles it traded with the network's party over all its links (one it sold to the
   * party and bought back counts once; each edge keeps its own direction's count); for the party
   * itself, its distinct vehicles on all its links.
   */
  vehicles: number;
  /** City where the vehicles that passed along this party's link were first registered (most of them). */
  city?: string | null;
  /** Destination country of its vehicles (consignees), else the party's own country. */
  country?: string | null;
  /** Of those distinct vehicles, the ones flagged in the latest rule run. */
  flagged?: number;
  /** Sum of prices (sales) or declared values (exports) on its link. */
  value?: number | null;
  is_person?: boolean;
};
export type PartyNetworkEdge = {
  source: number;
  target: number;
  vehicles: number;
  first: string | null;
  last: string | null;
  value?: number | null;
  flagged?: number;
};
/** Vehicles the party bought or exported per month (YYYY-MM), over its whole record: the bar under the period slider. */
export type MonthCount = { month: string; vehicles: number };

/**
 * Makers a party buys from -> the party -> consignees it ships to, weighted by vehicles.
 * `party_id` is null for the case-wide network of top intermediaries.
 */
export type PartyNetwork = {
  party_id: number | null;
  nodes: PartyNetworkNode[];
  edges: PartyNetworkEdge[];
  /** Only on a single party's network. */
  months?: MonthCount[];
};
