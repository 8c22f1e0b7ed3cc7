import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCase } from '../../../electron/backend/export/print-service';
import { CELL_MAX_CHARS } from '../../../electron/backend/export/xlsx-cell-text';
import { createPrintFixture, type PrintFixture } from './print-fixture';

// Probe 56 item 13: a party-level flag (trade_intermediary) cites so many records that its evidence
// cell passes Excel's 32,767 characters; the flags sheet cuts it (marked) and lost the citations.
// The workbook now has an evidence sheet, one citation a row, so every one stays traceable.
let f: PrintFixture;
let flagId: number;
let cited: number;
const EXTRA = 600;
beforeAll(async () => {
  f = await createPrintFixture();
  const db = f.caseFile.db;
  const flag = db.prepare('SELECT id FROM flags WHERE run_id = (SELECT max(id) FROM rule_runs) ORDER BY id LIMIT 1').get() as { id: number };
  flagId = flag.id;
  const doc = db.prepare('SELECT id FROM documents ORDER BY id LIMIT 1').get() as { id: number };
  // As many citations as an intermediary's flag has, on a real document of the case.
  const add = db.prepare('INSERT INTO flag_evidence (flag_id, record_kind, record_id, document_id, row_no, page) VALUES (?, ?, ?, ?, ?, NULL)');
  db.transaction(() => { for (let i = 0; i < EXTRA; i++) add.run(flagId, 'sales', 1_000_000 + i, doc.id, 10_000 + i); })();
  cited = (db.prepare('SELECT count(*) AS n FROM flag_evidence WHERE flag_id = ?').get(flagId) as { n: number }).n;
});
afterAll(() => f.remove());

async function book(name: string, table?: 'flags' | 'records'): Promise<{ counts: Record<string, number>; workbook: ExcelJS.Workbook }> {
  const path = join(f.dir, name);
  const counts = await exportCase(f.caseFile.db, { format: 'xlsx', out: path, flaggedOnly: false, unmaskIds: false, table });
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return { counts, workbook };
}

describe('the XLSX export keeps every citation of a flag whose evidence passes a cell', () => {
  it('cuts the flags sheet\'s cell with the mark, and lists every citation on the evidence sheet', async () => {
    const { counts, workbook } = await book('case.xlsx');
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['flags', 'vehicles', 'parties', 'records', 'evidence']);
    expect(counts.cells_cut).toBe(1);
    const flags = workbook.getWorksheet('flags')!;
    const header = flags.getRow(1).values as unknown[];
    const row = flags.getRows(2, flags.rowCount - 1)!.find((r) => r.getCell(1).value === flagId)!;
    const cell = String(row.getCell(header.indexOf('evidence')).value);
    expect(cell.length).toBeLessThanOrEqual(CELL_MAX_CHARS);
    expect(cell).toMatch(/…\[cut: [\d,]+ characters in the case\]$/);
    expect(cell).not.toContain(`row ${10_000 + EXTRA - 1} `);

    const evidence = workbook.getWorksheet('evidence')!;
    expect(evidence.getRow(1).values).toEqual([undefined, 'flag_id', 'rule', 'vin', 'party', 'record_kind', 'record_id', 'file_name', 'sha256', 'sheet', 'row', 'page', 'citation', 'pack_removed']);
    const ours = evidence.getRows(2, evidence.rowCount - 1)!.filter((r) => r.getCell(1).value === flagId);
    expect(ours).toHaveLength(cited);
    expect(counts.evidence).toBe(evidence.rowCount - 1);
    const rows = new Set(ours.map((r) => r.getCell(10).value));
    for (let i = 0; i < EXTRA; i++) expect(rows.has(10_000 + i)).toBe(true);
    const last = ours.find((r) => r.getCell(10).value === 10_000 + EXTRA - 1)!;
    expect(String(last.getCell(12).value)).toMatch(new RegExp(`row ${10_000 + EXTRA - 1} sha256:[0-9a-f]{64}$`));
    expect(last.getCell(8).value).toMatch(/^[0-9a-f]{64}$/);
  });

  it('goes with the flags table chosen alone, not with another', async () => {
    expect((await book('flags.xlsx', 'flags')).workbook.worksheets.map((s) => s.name)).toEqual(['flags', 'evidence']);
    expect((await book('records.xlsx', 'records')).workbook.worksheets.map((s) => s.name)).toEqual(['records']);
  });
});
