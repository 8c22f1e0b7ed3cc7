import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Checkpoint } from '../../../electron/backend/casefile/background-checkpoint';
import { openCaseFile, type CaseFile } from '../../../electron/backend/casefile/open-case-file';
import { writeDemo } from '../../../electron/backend/demo/write-demo';
import { importFiles } from '../../../electron/backend/import/import-files';
import { readTableInThread } from '../../../electron/backend/import/reading-thread';
import { writeSalesCsv } from '../../bench/sales-csv';
import { tempDir } from '../../support/paths';
import { csv } from './import-helpers';

// Big tables are read on a thread of their own (reading-thread.ts), small ones in place. Both must
// give the same case file, byte for byte in every table an import writes.
const TABLES = {
  documents: 'SELECT file_name, size, media_type, sha256, kind, encoding, rows_total, rows_imported, rows_rejected, info FROM documents ORDER BY id',
  sales: 'SELECT * FROM sales ORDER BY id',
  registrations: 'SELECT * FROM registrations ORDER BY id',
  exports: 'SELECT * FROM exports ORDER BY id',
  shipments: 'SELECT * FROM shipments ORDER BY id',
  confirmations: 'SELECT * FROM confirmations ORDER BY id',
  vehicle_records: 'SELECT * FROM vehicle_records ORDER BY id',
  rejected_rows: 'SELECT * FROM rejected_rows ORDER BY id',
  parties: 'SELECT * FROM parties ORDER BY id',
  party_aliases: 'SELECT * FROM party_aliases ORDER BY party_id, name',
  vehicles: 'SELECT * FROM vehicles ORDER BY vin',
};

const temp = tempDir('zeromile-reading-thread-');
let sources: string[] = [];

beforeAll(async () => {
  const demo = join(temp.dir, 'demo');
  await writeDemo(demo, { vehicles: 600, seed: 11 });
  // A bigger invoice ledger than the demo's, so the thread sends many batches and a bad VIN or two.
  await writeSalesCsv(join(demo, 'ledger.csv'), 12_000);
  sources = readdirSync(demo).filter((f) => !f.endsWith('.json')).sort().map((f) => join(demo, f));
}, 60_000);
afterAll(() => temp.remove());

function dump(caseFile: CaseFile): Record<string, unknown[]> {
  return Object.fromEntries(Object.entries(TABLES).map(([table, sql]) => [table, caseFile.db.prepare(sql).all()]));
}

async function importInto(name: string, threadBytes: number): Promise<{ caseFile: CaseFile; results: Awaited<ReturnType<typeof importFiles>>; checkpoints: Promise<Checkpoint>[] }> {
  const caseFile = openCaseFile(join(temp.dir, `${name}.zmcase`), { create: { title: name } });
  const checkpoints: Promise<Checkpoint>[] = [];
  const results = await importFiles(caseFile, sources.map((path) => ({ path })), { threadBytes, onCheckpoint: (c) => checkpoints.push(c) });
  return { caseFile, results, checkpoints };
}

describe('reading a table on a thread of its own', () => {
  it('gives the same records, rejects, parties, vehicles and documents as reading it in place', async () => {
    const inPlace = await importInto('in-place', Number.POSITIVE_INFINITY);
    const threaded = await importInto('threaded', 0);
    try {
      expect(threaded.results.map((r) => r.refused)).toEqual(sources.map(() => null));
      expect(threaded.results).toEqual(inPlace.results);
      expect(threaded.results.some((r) => r.rejected > 0)).toBe(true);
      expect(threaded.results.some((r) => r.file.endsWith('.xlsx'))).toBe(true);
      const expected = dump(inPlace.caseFile);
      expect((expected.sales as unknown[]).length).toBeGreaterThan(12_000);
      expect(dump(threaded.caseFile)).toEqual(expected);
      // Only the import with a big file checkpoints on a thread afterwards.
      expect(inPlace.checkpoints).toHaveLength(0);
      expect(threaded.checkpoints).toHaveLength(1);
      expect(await threaded.checkpoints[0]).toMatchObject({ ok: true });
    } finally {
      inPlace.caseFile.close();
      threaded.caseFile.close();
    }
  }, 120_000);

  it('refuses a file the thread cannot read with the same message as in place', async () => {
    const dir = tempDir('zeromile-reading-refused-');
    try {
      const path = join(dir.dir, 'unknown.csv');
      writeFileSync(path, csv([['colour', 'size'], ['red', 'L']]));
      const results = await Promise.all([0, Number.POSITIVE_INFINITY].map(async (threadBytes, i) => {
        const caseFile = openCaseFile(join(dir.dir, `c${i}.zmcase`), { create: { title: 'refused' } });
        try {
          return (await importFiles(caseFile, [{ path }], { threadBytes }))[0]!;
        } finally {
          caseFile.close();
        }
      }));
      expect(results[0]!.refused).toMatchObject({ code: 'file_refused' });
      expect(results[0]!.refused?.message).toMatch(/unknown\.csv was refused: no record kind matches its headers \(found: "colour", "size"\)/);
      expect(results[0]).toEqual(results[1]);
    } finally {
      dir.remove();
    }
  });

  it('ends the thread when the writer stops early (a failure or a cancel while writing)', async () => {
    const ledger = sources.find((s) => s.endsWith('ledger.csv'))!;
    const batches = readTableInThread({ path: ledger, name: 'ledger.csv', format: 'csv', encoding: 'utf-8' });
    let rows = 0;
    for await (const batch of batches) {
      if (batch.type !== 'rows') continue;
      rows = batch.rows;
      if (rows > 3000) break;
    }
    expect(rows).toBeGreaterThan(3000);
    // Breaking out ran the generator's finally, which ended the thread: a next() gives nothing more.
    expect(await batches.next()).toEqual({ done: true, value: undefined });
  });
});
