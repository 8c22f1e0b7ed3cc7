import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidenceCommand } from '../../../electron/backend/cli/commands/evidence';
import { HANDLERS } from '../../../electron/backend/handlers/index';
import { dispatch, type HandlerContext } from '../../../electron/backend/handlers/handler-table';
import { runRules } from '../../../electron/backend/rules/runner';
import type { CaseSession } from '../../../electron/backend/session/case-session';
import { handlerSession } from '../../support/handler-session';
import { createPrintFixture, TRADER_ID, VIN, type PrintFixture } from './print-fixture';

/**
 * The zero-mileage window drawn on the vehicle's timeline is the one the run that made its flags
 * used (its stored zero_mileage_max_days), not the default 180 days: a run with 30 days flags the
 * fixture's export 20 days after registration, and every timeline shows 30 days, to 2024-03-06.
 */
let f: PrintFixture;
let session: CaseSession;
let ctx: HandlerContext;
beforeAll(async () => {
  f = await createPrintFixture();
  await runRules(f.caseFile, { zero_mileage_max_days: 30 }).summary;
  f.caseFile.db.pragma('wal_checkpoint(TRUNCATE)');
  ({ session, ctx } = handlerSession(f.path));
});
afterAll(() => {
  session.close();
  f.remove();
});

const value = <T>(r: unknown) => (r as { ok: true; value: T }).value;

describe("the zero-mileage window of the run's parameters", () => {
  it('is served with the vehicle and the party timelines', async () => {
    expect(value<{ window_days: number }>(await dispatch(HANDLERS, ctx, 'vehicle:get', { vin: VIN })).window_days).toBe(30);
    const trader = f.caseFile.db.prepare('SELECT id FROM parties WHERE party_id = ?').pluck().get(TRADER_ID) as number;
    const page = value<{ window_days: number; total: number }>(await dispatch(HANDLERS, ctx, 'party:timelines', { id: trader }));
    expect(page).toMatchObject({ window_days: 30 });
  });

  it('is printed on the evidence sheet by zeromile evidence, in English and Chinese', async () => {
    const out = (lang: string) => join(f.dir, `sheet-${lang}.html`);
    for (const lang of ['en', 'zh']) {
      const code = await evidenceCommand.run([f.path, VIN, '--out', out(lang), '--lang', lang], { out: () => undefined, err: () => undefined });
      expect(code).toBe(0);
    }
    const en = readFileSync(out('en'), 'utf8');
    expect(en).toContain('Zero-mileage window: 2024-02-05 to 2024-03-06, 30 days after the first registration');
    expect(en).toContain('zero-mileage window (30 days after first registration)');
    expect(en).not.toContain('180 days after');
    const zh = readFileSync(out('zh'), 'utf8');
    expect(zh).toContain('零公里窗口：2024-02-05 至 2024-03-06，首次登记后 30 天');
    expect(zh).not.toContain('首次登记后 180');
  });
});
