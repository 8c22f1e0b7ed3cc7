import type { RecordKind } from '../record-kinds';
import type { VinDecoded } from '../vin';
import type { VehicleChain } from './chain';
import type { HandlerSpec } from './handler';

/** Where a record came from: the document, its hash, and the raw row (or page text). */
export type RecordSource = {
  record_kind: RecordKind;
  record_id: number;
  document_id: number;
  file_name: string;
  sha256: string;
  media_type: string;
  sheet: string | null;
  row_no: number | null;
  page: number | null;
  raw: Record<string, unknown>;
  page_text: string | null;
};

export type VehicleDetail = {
  decoded: VinDecoded;
  known: boolean;
  chain: VehicleChain;
  /** Records of the vehicle whose sources disagree (the latest run's conflicting_sources flag cites them). */
  conflicts: { record_kind: RecordKind; record_id: number }[];
  /** The zero-mileage window (days) of the run whose flags the vehicle shows (the latest): its timeline shades it. */
  window_days: number;
};

export type VehicleHandlers = {
  'vehicle:get': HandlerSpec<{ vin: string }, VehicleDetail>;
  'record:source': HandlerSpec<{ record_kind: RecordKind; record_id: number }, RecordSource>;
};
