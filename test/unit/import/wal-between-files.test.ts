import { statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../../electron/backend/import/import-files';
import { count, csv, vinNo, workspace, type Workspace } from './import-helpers';

/**
 * Several big files imported together: the WAL is copied into the case file between them, so it
 * stays the size of one file's writes instead of growing by every file (gigabytes at a million
 * vehicles, where every page read then walked the WAL's index and the import took 36 minutes).
 */
const HEADER = ['VIN', '生产企业', '车辆型号', '燃料种类', '出厂日期'];
const table = (from: number) => csv([HEADER, ...Array.from({ length: 3_000 }, (_, i) => [vinNo(from + i), '长安汽车', 'CS75', '汽油', '2024-03-05'])]);
const walBytes = (ws: Workspace) => statSync(`${ws.caseFile.path}-wal`).size;

let spaces: Workspace[] = [];
afterEach(() => { for (const ws of spaces) ws.done(); spaces = []; });

describe('a batch of big files', () => {
  it('keeps the WAL to about one file, and imports every row', async () => {
    const one = workspace();
    const four = workspace();
    spaces = [one, four];
    // threadBytes 1: every file takes the big-file path (reading thread, checkpoint after) whatever its size.
    await importFiles(one.caseFile, [{ path: one.file('v0.csv', table(0)) }], { threadBytes: 1 });
    const files = [0, 1, 2, 3].map((n) => ({ path: four.file(`v${n}.csv`, table(n * 10_000)) }));
    const results = await importFiles(four.caseFile, files, { threadBytes: 1 });
    expect(results.map((r) => [r.refused, r.imported])).toEqual(files.map(() => [null, 3_000]));
    expect(count(four.caseFile, 'vehicle_records')).toBe(12_000);
    // Without the checkpoints between files the WAL held all four files' pages: about four times one file's.
    expect(walBytes(four)).toBeLessThan(walBytes(one) * 1.6);
  });
});
