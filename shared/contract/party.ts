import type { PartyNetwork } from './chain';
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
};

export type PartyVehicle = { vin: string; bought: string | null; exported: string | null; destination: string | null; days: number | null };

export type PartyHandlers = {
  'party:get': HandlerSpec<{ id: number }, PartyDetail>;
  /** Makers -> party -> consignees, edges weighted by vehicles, within an optional period. */
  'party:network': HandlerSpec<{ id: number; from?: string; to?: string }, PartyNetwork>;
  'party:vehicles': HandlerSpec<{ id: number; limit?: number }, PartyVehicle[]>;
};
