import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainCommand } from '../../../electron/backend/cli/commands/chain';
import { statsCommand } from '../../../electron/backend/cli/commands/stats';
import { selectVins } from '../../../electron/backend/export/evidence/pack-data';
import { printText } from '../../../electron/backend/export/evidence/print-text';
import { HANDLERS } from '../../../electron/backend/handlers/index';
import { dispatch, type HandlerContext } from '../../../electron/backend/handlers/handler-table';
import type { CaseSession } from '../../../electron/backend/session/case-session';
import type { PartyDetail, PartyTimelines } from '../../../shared/contract/party';
import type { PartyNetwork, VehicleChain } from '../../../shared/contract/chain';
import type { GridBlock, PartyRow } from '../../../shared/contract/grids';
import type { CaseStats } from '../../../shared/contract/stats';
import { maskPersonId } from '../../../shared/party-id';
import { handlerSession } from '../../support/handler-session';
import { tempDir } from '../../support/paths';
import { TWO_INVOICES, writeTwoInvoiceCase } from '../../support/two-invoice-case';

/*
 * A trader with two invoices for one vehicle and two declarations for another (two-invoice-case.ts):
 * the party view counts vehicles as `zeromile stats` does (3 bought, 2 exported) and says how many
 * invoices (4) and declarations (3) they rest on; its flags on the party and its flagged vehicles are two figures. A private buyer's
 * ID number is masked by one rule on the party view, the parties grid, the vehicle's and the
 * timelines' chains, `zeromile chain` and the pack's cover, and shown whole only when asked.
 */
const temp = tempDir('zeromile-party-figures-');
const { trader: TRADER, traderId: TRADER_ID, person: PERSON, personId: PERSON_ID, vins: [V1, V2, V3, V4] } = TWO_INVOICES;
let casePath: string;
let session: CaseSession;
let ctx: HandlerContext;
beforeAll(async () => {
  casePath = await writeTwoInvoiceCase(temp.dir);
  ({ session, ctx } = handlerSession(casePath));
});
afterAll(() => {
  session?.close();
  temp.remove();
});

const call = async <T>(name: string, args: unknown): Promise<T> => {
  const result = await dispatch(HANDLERS, ctx, name as never, args as never) as { ok: boolean; value?: T; error?: unknown };
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value as T;
};
const partyId = (name: string) => session.require().db.prepare('SELECT id FROM parties WHERE name = ?').pluck().get(name) as number;
/** What a CLI command prints, run in this process as `zeromile` runs it. */
const cli = async (command: typeof statsCommand, args: string[]): Promise<string> => {
  const out: string[] = [];
  const code = await command.run(args, { out: (line) => out.push(line), err: (line) => out.push(line) });
  expect(code, out.join('\n')).toBe(0);
  return out.join('\n');
};

describe('the party view counts vehicles as zeromile stats does, and says what each figure counts', { timeout: 60_000 }, () => {
  it('gives 3 vehicles bought on 4 invoices and 2 exported on 3 declarations, as the CLI counts them', async () => {
    const trader = await call<PartyDetail>('party:get', { id: partyId(TRADER) });
    expect(trader.figures).toMatchObject({
      vehicles_bought: 3, invoices_bought: 4, vehicles_bought_new: 3,
      vehicles_sold: 1, invoices_sold: 1,
      vehicles_exported: 2, declarations: 3,
    });
    const stats = JSON.parse(await cli(statsCommand, [casePath, '--json'])) as CaseStats;
    const row = stats.parties.find((p) => p.name === TRADER)!;
    expect([row.bought, row.exported, row.median_days_to_export]).toEqual([trader.figures.vehicles_bought, trader.figures.vehicles_exported, trader.figures.median_days_held]);
    // V1 bought 02-01, first declared 02-20 (19 days); V2 bought 02-01, declared 03-01 (29 days).
    expect(trader.figures.median_days_held).toBe(24);
    expect(await cli(statsCommand, [casePath])).toContain(`  ${TRADER}: 3, 2, 0, 24`);
    // A foreign buyer counts what it received as its page does: OOO Avto Import, V1 on two declarations.
    const buyer = await call<PartyDetail>('party:get', { id: partyId('OOO Avto Import') });
    expect(buyer.figures).toMatchObject({ vehicles_received: 1, declarations_received: 2 });
    expect(stats.parties.find((p) => p.name === 'OOO Avto Import')).toMatchObject({ bought: 0, exported: 0, received: buyer.figures.vehicles_received, median_days_to_export: null });
    expect(await cli(statsCommand, [casePath])).toContain('  OOO Avto Import (no ID number): 0, 0, 1, -');
    // The link chart's party at the centre: distinct vehicles on its links, not one per link (V1 bought from two sellers and exported).
    const network = await call<PartyNetwork>('party:network', { id: partyId(TRADER) });
    expect(network.nodes.find((n) => n.id === partyId(TRADER))?.vehicles).toBe(3);
  });

  it('keeps the flags on the party apart from its flagged vehicles, each agreeing with what lists them', async () => {
    const db = session.require().db;
    const trader = await call<PartyDetail>('party:get', { id: partyId(TRADER) });
    const run = db.prepare('SELECT max(id) FROM rule_runs').pluck().get() as number;
    // The trader is a trade intermediary (a flag on the party itself), and V1 and V2 are zero-mileage exports.
    const partyFlags = db.prepare('SELECT rule FROM flags WHERE run_id = ? AND party_id = ?').pluck().all(run, partyId(TRADER)) as string[];
    expect(partyFlags).toEqual(['trade_intermediary']);
    const flaggedVins = db.prepare('SELECT DISTINCT vin FROM flags WHERE run_id = ? AND vin IN (?, ?, ?) ORDER BY vin').pluck().all(run, V1, V2, V3) as string[];
    expect(flaggedVins).toEqual(expect.arrayContaining([V1, V2]));
    expect(trader.figures).toMatchObject({ party_flags: 1, flagged_vehicles: flaggedVins.length });
    // The property panel lists the flags on the party; the timelines and the pack hold the flagged vehicles.
    expect(await call<unknown[]>('flags:for-subject', { party_id: partyId(TRADER) })).toHaveLength(trader.figures.party_flags);
    expect((await call<PartyTimelines>('party:timelines', { id: partyId(TRADER) })).total).toBe(trader.figures.flagged_vehicles);
    expect(selectVins(db, { kind: 'party', party_id: partyId(TRADER) }).vins).toEqual(flaggedVins);
  });
});

describe("a person's ID number, masked by one rule wherever the party is shown", { timeout: 60_000 }, () => {
  const masked = maskPersonId(PERSON_ID);

  it('is masked on the party view as in the parties grid, and said to be masked; a company code stays whole', async () => {
    expect(masked).toBe(`510104${'*'.repeat(11)}${PERSON_ID.slice(-1)}`);
    const person = await call<PartyDetail>('party:get', { id: partyId(PERSON) });
    expect(person).toMatchObject({ party_code: masked, party_code_masked: true, is_person: true });
    const grid = await call<GridBlock<PartyRow>>('grid:parties', { start: 0, end: 50, count: false });
    expect(grid.rows.find((r) => r.name === PERSON)?.party_id).toBe(masked);
    expect(await call<PartyDetail>('party:get', { id: partyId(TRADER) })).toMatchObject({ party_code: TRADER_ID, party_code_masked: false });
  });

  it('is masked in the chains of the vehicle page and the party timelines, and nowhere sent whole', async () => {
    const vehicle = await call<{ chain: VehicleChain }>('vehicle:get', { vin: V3 });
    expect(vehicle.chain.holders.find((h) => h.name === PERSON)?.party_code).toBe(masked);
    expect(vehicle.chain.holders.find((h) => h.name === TRADER)?.party_code).toBe(TRADER_ID);
    const replies = [
      vehicle,
      await call('vehicle:get', { vin: V4 }),
      await call('party:get', { id: partyId(PERSON) }),
      await call('party:network', { id: partyId(PERSON) }),
      await call('party:network', { id: partyId(TRADER) }),
      await call('party:timelines', { id: partyId(TRADER) }),
      await call('party:vehicles', { id: partyId(PERSON) }),
    ];
    for (const reply of replies) expect(JSON.stringify(reply)).not.toContain(PERSON_ID);
  });

  it('is masked by zeromile chain, zeromile stats and on the pack cover, and shown whole only when asked', async () => {
    const statsCode = async (...flags: string[]) => (JSON.parse(await cli(statsCommand, [casePath, '--json', ...flags])) as CaseStats).parties.find((p) => p.party_id === partyId(PERSON))?.party_code;
    expect(await statsCode()).toBe(masked);
    expect(await statsCode('--unmask-ids')).toBe(PERSON_ID);
    expect((JSON.parse(await cli(statsCommand, [casePath, '--json'])) as CaseStats).parties.find((p) => p.name === TRADER)?.party_code).toBe(TRADER_ID);
    expect(await cli(chainCommand, [casePath, V3])).toContain(`${PERSON} (owner, ${masked})`);
    expect(await cli(chainCommand, [casePath, V3, '--json'])).not.toContain(PERSON_ID);
    expect(await cli(chainCommand, [casePath, V3, '--unmask-ids'])).toContain(`${PERSON} (owner, ${PERSON_ID})`);
    const cover = (unmaskIds: boolean) => selectVins(session.require().db, { kind: 'party', party_id: partyId(PERSON) }, { unmaskIds }).criteria(printText('zh'));
    expect(cover(false)).toContain(masked);
    expect(cover(false)).not.toContain(PERSON_ID);
    expect(cover(true)).toContain(PERSON_ID);
  });
});
