import { z } from 'zod';
import { PARTY_TIMELINES_PAGE, type PartyHandlers } from '../../../shared/contract/party';
import { shownChain } from '../../../shared/party-id';
import { partyNetwork } from '../queries/party-network-queries';
import { buildChain } from '../graph/chain';
import { latestRunId, latestRunWindowDays } from '../casefile/latest-run';
import { countPartyFlaggedVins, partyDetail, partyFlaggedVins, partyVehicles } from '../queries/party-queries';
import { defineHandlers } from './handler-table';

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const partyHandlers = defineHandlers<PartyHandlers>({
  'party:get': {
    mode: 'read',
    args: z.object({ id: z.number().int() }).strict(),
    run: (ctx, { id }) => partyDetail(ctx.caseFile().db, id),
  },
  'party:network': {
    mode: 'read',
    args: z.object({ id: z.number().int(), from: isoDay.optional(), to: isoDay.optional() }).strict(),
    run: (ctx, { id, from, to }) => partyNetwork(ctx.caseFile().db, id, from, to),
  },
  'party:vehicles': {
    mode: 'read',
    args: z.object({ id: z.number().int(), limit: z.number().int().min(1).max(5000).optional() }).strict(),
    run: (ctx, { id, limit }) => partyVehicles(ctx.caseFile().db, id, limit),
  },
  'party:timelines': {
    mode: 'read',
    args: z.object({ id: z.number().int(), offset: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(25).optional() }).strict(),
    run: (ctx, { id, offset = 0, limit = PARTY_TIMELINES_PAGE }) => {
      const db = ctx.caseFile().db;
      const runId = latestRunId(db);
      const vins = partyFlaggedVins(db, id, runId, { offset, limit });
      return { total: countPartyFlaggedVins(db, id, runId), offset, vehicles: vins.map((vin) => shownChain(buildChain(db, vin))), window_days: latestRunWindowDays(db, runId) };
    },
  },
});
