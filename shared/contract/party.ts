import type { PartyNetwork, VehicleChain } from './chain';
import type { HandlerSpec } from './handler';

export type PartyFigures = {
  bought: number;
  bought_new: number;
  sold: number;
  exported: number;
  /** Median days from this party's purchase of a vehicle to its export declaration. */
  median_days_held: number | null;
  flags: number;
};

export type PartyDetail = {
  id: number;
  name: string;
  aliases: string[];
  party_code: string | null;
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

export type PartyVehicle = { vin: string; bought: string | null; exported: string | null; destination: string | null; days: number | null };

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
