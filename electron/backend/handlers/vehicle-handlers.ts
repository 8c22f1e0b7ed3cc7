import { z } from 'zod';
import { RECORD_KINDS } from '../../../shared/record-kinds';
import type { VehicleHandlers } from '../../../shared/contract/vehicle';
import { canonicalVin, decodeVin } from '../../../shared/vin';
import { shownChain } from '../../../shared/party-id';
import { latestRunWindowDays } from '../casefile/latest-run';
import { buildChain } from '../graph/chain';
import { conflictingRecords } from '../queries/flag-queries';
import { recordSource } from '../queries/record-source';
import { defineHandlers } from './handler-table';

export const vehicleHandlers = defineHandlers<VehicleHandlers>({
  'vehicle:get': {
    mode: 'read',
    args: z.object({ vin: z.string().min(1).max(64) }).strict(),
    run: (ctx, { vin }) => {
      const canonical = canonicalVin(vin);
      const db = ctx.caseFile().db;
      const known = db.prepare('SELECT 1 FROM vehicles WHERE vin = ?').get(canonical) !== undefined;
      return { decoded: decodeVin(canonical), known, chain: shownChain(buildChain(db, canonical)), conflicts: conflictingRecords(db, canonical), window_days: latestRunWindowDays(db) };
    },
  },
  'record:source': {
    mode: 'read',
    args: z.object({ record_kind: z.enum(RECORD_KINDS), record_id: z.number().int() }).strict(),
    run: (ctx, { record_kind, record_id }) => recordSource(ctx.caseFile().db, record_kind, record_id),
  },
});
