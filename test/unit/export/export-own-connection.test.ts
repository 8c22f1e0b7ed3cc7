import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDLERS } from '../../../electron/backend/handlers/index';
import { dispatch, type HandlerContext } from '../../../electron/backend/handlers/handler-table';
import type { CaseSession } from '../../../electron/backend/session/case-session';
import { handlerSession } from '../../support/handler-session';
import { createPrintFixture, type PrintFixture } from './print-fixture';

// A reader answers calls as they come, so an export that streams (a statement iterated across the
// awaits of its file writes) shares the reader's connection with whatever that reader is asked
// meanwhile; better-sqlite3 refuses any other statement on a connection while one iterates.
let f: PrintFixture;
let session: CaseSession;
let ctx: HandlerContext;
beforeAll(async () => {
  f = await createPrintFixture();
  // Enough vehicles that writing them out waits for the file many times while their statement iterates.
  f.caseFile.db.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60000)
    INSERT INTO vehicles (vin, wmi, make, model) SELECT printf('LZZTEST%010d', i), 'LZZ', 'Make ' || i, 'Model ' || i FROM n`);
  ({ session, ctx } = handlerSession(f.path));
});
afterAll(() => {
  session.close();
  f.remove();
});

describe('an export streaming on a reader', () => {
  it.each(['csv', 'xlsx', 'ftm', 'graphml'] as const)('leaves the reader free for other calls meanwhile (%s)', async (format) => {
    const path = join(f.dir, `all.${format}`);
    const exporting = dispatch(HANDLERS, ctx, 'export:file', { format, path, ...(format === 'csv' ? { table: 'vehicles' } : {}) });
    await new Promise((done) => setTimeout(done, 20));
    const others = await Promise.all([
      dispatch(HANDLERS, ctx, 'print:report-html', {}),
      dispatch(HANDLERS, ctx, 'export:file', { format: 'csv', table: 'vehicles', path: join(f.dir, `vehicles-${format}.csv`) }),
    ]);
    expect(await exporting).toMatchObject({ ok: true });
    for (const other of others) expect(other).toMatchObject({ ok: true });
  });
});
