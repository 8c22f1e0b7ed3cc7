import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../../electron/backend/import/import-files';
import { readXlsx } from '../../../electron/backend/import/xlsx-reader';
import { recordSource } from '../../../electron/backend/queries/record-source';
import { rng } from '../../fuzz/bad-inputs';
import { mixedText, textWorkbook, type Storage, type TextCell } from '../../support/xlsx-text';
import { vinNo, workspace, type Workspace } from './import-helpers';

// Every cell of an XLSX comes out exactly as written: exceljs decoded each 64 KiB piece of a sheet's
// XML on its own, so a character straddling two pieces became U+FFFD (issue 16).

let ws: Workspace;
beforeEach(() => { ws = workspace(); });
afterEach(() => ws.done());

const HEADERS = ['提单号', '离港日期', 'vin', '运输方式', '收货人', '备注', 'Примечание', '说明 🚗', 'note', '附注'];
const ROWS = 20_000;

/** A shipments sheet of ROWS rows by 10 columns (200,000 cells), most of them mixed text. */
function shipmentRows(storage: Storage, first: number): TextCell[][] {
  const random = rng(storage === 'shared' ? 16 : 61);
  const rows: TextCell[][] = [HEADERS.map((text) => ({ text }))];
  for (let i = 0; i < ROWS; i++) {
    const n = first + i;
    const text = () => ({ text: mixedText(random), rich: random() < 0.1 });
    rows.push([{ text: `BL${n}` }, { text: '2024-03-15' }, { text: vinNo(n) }, { text: '海运' }, text(), text(), text(), text(), text(), text()]);
  }
  return rows;
}

describe('XLSX text', () => {
  for (const [storage, first] of [['shared', 1], ['inline', 100_001]] as const) {
    it(`imports 200,000 cells of ${storage} strings exactly as written`, async () => {
      const rows = shipmentRows(storage, first);
      const path = join(ws.dir, `text-${storage}.xlsx`);
      writeFileSync(path, textWorkbook('海运提单 Коносамент', rows, storage));
      const [result] = await importFiles(ws.caseFile, [{ path }]);
      expect(result).toMatchObject({ kind: 'shipments', rows: ROWS, imported: ROWS, rejected: 0, refused: null });
      const ids = ws.caseFile.db.prepare('SELECT id FROM shipments ORDER BY row_no').pluck().all() as number[];
      expect(ids).toHaveLength(ROWS);
      let differing = 0;
      ids.forEach((id, i) => {
        const source = recordSource(ws.caseFile.db, 'shipments', id);
        const expected = Object.fromEntries(HEADERS.map((h, c) => [h, rows[i + 1]![c]!.text]));
        if (JSON.stringify(source.raw) !== JSON.stringify(expected) || source.sheet !== '海运提单 Коносамент') {
          if (differing++ === 0) expect({ row: source.row_no, sheet: source.sheet, raw: source.raw }).toEqual({ row: i + 2, sheet: '海运提单 Коносамент', raw: expected });
        }
      });
      expect(differing).toBe(0);
      expect(ws.caseFile.db.prepare("SELECT count(*) FROM parties WHERE name LIKE '%' || char(65533) || '%'").pluck().get()).toBe(0);
    }, 60_000);
  }

  it('reads text moved across the reader\'s pieces exactly (seeded fuzz)', async () => {
    for (let seed = 1; seed <= 16; seed++) {
      const random = rng(seed * 7919);
      const storage: Storage = seed % 2 === 0 ? 'shared' : 'inline';
      // Padding of random length puts the characters after it at every offset to the 64 KiB pieces; in
      // cells of at most 30,000 characters, as a cell holds at most 32,767 (longer ones are refused).
      const padding = Math.floor(random() * 70_000);
      const rows: TextCell[][] = [[{ text: 'pad' }, ...[0, 30_000, 60_000].filter((at) => at < padding).map((at) => ({ text: 'x'.repeat(Math.min(30_000, padding - at)) }))]];
      for (let r = 0; r < 600; r++) rows.push(Array.from({ length: 1 + Math.floor(random() * 6) }, () => ({ text: mixedText(random, 1 + Math.floor(random() * 40)), rich: random() < 0.2 })));
      const path = join(ws.dir, `fuzz-${seed}.xlsx`);
      writeFileSync(path, textWorkbook(`表${seed} Лист`, rows, storage));
      const read: string[][] = [];
      let sheet: string | null = null;
      for await (const event of readXlsx(path, { bytes: 0 })) {
        if (event.type === 'sheet') sheet = event.sheet;
        else if (event.type === 'rows') for (const row of event.rows) read[row.rowNo - 1] = row.cells;
      }
      expect({ seed, sheet }).toEqual({ seed, sheet: `表${seed} Лист` });
      const written = rows.map((r) => r.map((c) => c.text));
      const firstBad = written.findIndex((cells, r) => JSON.stringify(cells) !== JSON.stringify(read[r]));
      if (firstBad >= 0) expect({ seed, storage, row: firstBad + 1, cells: read[firstBad] }).toEqual({ seed, storage, row: firstBad + 1, cells: written[firstBad] });
    }
  }, 60_000);
});
