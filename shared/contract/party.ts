import type { EvidenceRef, PartyNetwork, VehicleChain } from './chain';
import type { HandlerSpec } from './handler';

/**
 * A party's figures, each saying what it counts: vehicles (distinct VINs, as `zeromile stats`,
 * the overview and the network count them) or the records behind them (a vehicle invoiced to the
 * party twice is one vehicle bought on two invoices).
 */
export type PartyFigures = {
  /** Distinct vehicles on sales invoices naming the party as buyer: `zeromile stats`'s "bought". */
  vehicles_bought: number;
  /** Those sales invoices. */
  invoices_bought: number;
  /** Distinct vehicles on new-car invoices (机动车销售统一发票) naming it as buyer. */
  vehicles_bought_new: number;
  /** Distinct vehicles on sales invoices naming it as seller, and those invoices. */
  vehicles_sold: number;
  invoices_sold: number;
  /** Distinct vehicles on export declarations naming it as exporter: `zeromile stats`'s "exported"; and those declarations. */
  vehicles_exported: number;
  declarations: number;
  /** Distinct vehicles on export declarations naming it as consignee (a foreign buyer), and those declarations. */
  vehicles_received: number;
  declarations_received: number;
  /** Median days from this party's first purchase of a vehicle to its first export declaration of it (`zeromile stats`'s median). */
  median_days_held: number | null;
  /** Flags of the latest rule run on the party itself (trade_intermediary), not on a vehicle. */
  party_flags: number;
  /** Vehicles it bought, sold, exported or received that the latest run flagged: those of its evidence pack and timelines. */
  flagged_vehicles: number;
};

/** What a party's page shows of its trade, all summed from its records: its figures (but for its own flags) and the period of its records. */
export type PartyTradeFigures = { figures: Omit<PartyFigures, 'party_flags'>; period: PartyDetail['period'] };

export type PartyDetail = {
  id: number;
  name: string;
  aliases: string[];
  /** Its USCC or ID number as shown (shownPartyCode): a person's ID number masked, as in the parties grid. */
  party_code: string | null;
  /** The identifier is a person's and shown masked (only a print or export made with ID numbers in full shows it whole). */
  party_code_masked: boolean;
  id_kind: string | null;
  id_valid: boolean | null;
  is_person: boolean;
  country: string | null;
  figures: PartyFigures;
  /** First and last dates of the party's records, for the period slider. */
  period: { first: string | null; last: string | null };
  name_matches: NameMatches;
};

/** Another party with a spelling of the same normalised name, kept apart (masked if a person's ID). */
export type SameNameParty = { id: number; name: string; party_code: string | null; is_person: boolean };

/**
 * What ties records to the party by name alone: `records` name it without its identifier (only an
 * identified party has any), and `same_name` are parties of the same name not joined to it (the
 * first 20; `same_name_more` when there are more).
 */
export type NameMatches = { records: number; same_name: SameNameParty[]; same_name_more: boolean };

/**
 * One vehicle of the party's page: its first purchase by the party, its first export declaration
 * by it (destination, and days from that purchase), and its first declaration naming the party as
 * consignee (a foreign buyer: the vehicle received, and the exporter that sent it), each date cited
 * to the record it comes from (`sources`, its document and row).
 */
export type PartyVehicle = {
  vin: string;
  bought: string | null;
  exported: string | null;
  destination: string | null;
  days: number | null;
  received: string | null;
  exporter: { id: number; name: string } | null;
  sources: { bought: EvidenceRef | null; exported: EvidenceRef | null; received: EvidenceRef | null };
};

/** One page of a party's flagged vehicles with each one's chain and timeline, on one time axis in the UI. */
/** `window_days`: the zero-mileage window of the run whose flags chose the vehicles, shaded on each row. */
export type PartyTimelines = { total: number; offset: number; vehicles: VehicleChain[]; window_days: number };
export const PARTY_TIMELINES_PAGE = 10;

export type PartyHandlers = {
  'party:get': HandlerSpec<{ id: number }, PartyDetail>;
  /** Makers -> party -> consignees, edges weighted by vehicles, within an optional period. */
  'party:network': HandlerSpec<{ id: number; from?: string; to?: string }, PartyNetwork>;
  'party:vehicles': HandlerSpec<{ id: number; limit?: number }, PartyVehicle[]>;
  /** The party's vehicles flagged in the latest run, in VIN order, a page at a time (at most 25). */
  'party:timelines': HandlerSpec<{ id: number; offset?: number; limit?: number }, PartyTimelines>;
};
