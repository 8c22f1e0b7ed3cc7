import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { importFile } from '../../../electron/backend/import/import-file';
import { buildChain } from '../../../electron/backend/graph/chain';
import { CLI } from '../../support/paths';
import { csv, vinNo, workspace } from './import-helpers';

// A value changed on the way in carries a mark the analyst sees: a CSV cell 45663 was dated 6 Jan
// 2025, 14.5万元 became 145000 and a lower-case or full-width VIN was made upper-case, with no word
// but the raw row in the Source dialog (probe-56 items 4 and 14).
const HEAD = ['发票号码', '开票日期', '车架号', '销售方名称', '购货单位', '车价合计'];
const sale = (no: number, date: string, vin: string, price: string) => [String(20000000 + no), date, vin, '比亚迪汽车工业有限公司', '李娜', price];
const fullWidth = (text: string) => [...text].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');

describe('values read differently from how they were written', () => {
  const ws = workspace();
  afterAll(() => ws.done());

  it('marks an Excel day number, 万元 and a reshaped VIN on their rows, counts them, and rejects a negative price', async () => {
    const path = ws.file('marks.csv', csv([
      HEAD,
      sale(1, '2025-01-02', vinNo(1), '99000'),
      sale(2, '45663', vinNo(2), '99000'),
      sale(3, '2025-01-03', vinNo(3), '14.5万元'),
      sale(4, '2025-01-04', ` ${vinNo(4).toLowerCase()} `, '99000'),
      sale(5, '2025-01-05', fullWidth(vinNo(5)), '99000'),
      sale(6, '2025-01-06', vinNo(6), '-5000'),
      sale(7, '2025-01-07', ` ${vinNo(7)} `, '¥99,000.00'),
    ]));
    const result = await importFile(ws.caseFile.db, { path });
    expect(result).toMatchObject({ rows: 7, imported: 6, rejected: 1 });
    // A red-letter invoice cancels a sale: read as one it would be a second sale of the car.
    expect(result.rejects).toEqual([expect.objectContaining({ row: 7, reason: 'bad_number', message: expect.stringContaining('a red-letter invoice (红字发票)') })]);
    expect(result.read_differently).toEqual({
      total: 4,
      by_reason: { excel_serial: 1, ten_thousand: 1, vin_reshaped: 2 },
      named: [
        { sheet: null, row_no: 3, field: 'invoice_date', written: '45663', value: '2025-01-06', reason: 'excel_serial' },
        { sheet: null, row_no: 4, field: 'price', written: '14.5万元', value: 145000, reason: 'ten_thousand' },
        { sheet: null, row_no: 5, field: 'vin', written: ` ${vinNo(4).toLowerCase()} `, value: vinNo(4), reason: 'vin_reshaped' },
        { sheet: null, row_no: 6, field: 'vin', written: fullWidth(vinNo(5)), value: vinNo(5), reason: 'vin_reshaped' },
      ],
    });
    // One row a mark, for the marked rows only: spaces around a VIN and a price's ¥ and commas are no change.
    const db = ws.caseFile.db;
    expect(db.prepare('SELECT row_no, field, written, reason FROM value_marks ORDER BY id').all()).toEqual([
      { row_no: 3, field: 'invoice_date', written: '45663', reason: 'excel_serial' },
      { row_no: 4, field: 'price', written: '14.5万元', reason: 'ten_thousand' },
      { row_no: 5, field: 'vin', written: ` ${vinNo(4).toLowerCase()} `, reason: 'vin_reshaped' },
      { row_no: 6, field: 'vin', written: fullWidth(vinNo(5)), reason: 'vin_reshaped' },
    ]);

    // The vehicle's timeline carries each mark with the value the record holds; a plain line has none.
    expect(buildChain(db, vinNo(2)).timeline[0]!.marks).toEqual([{ field: 'invoice_date', written: '45663', value: '2025-01-06', reason: 'excel_serial' }]);
    expect(buildChain(db, vinNo(3)).timeline[0]!.marks).toEqual([{ field: 'price', written: '14.5万元', value: 145000, reason: 'ten_thousand' }]);
    expect(buildChain(db, vinNo(1)).timeline[0]).not.toHaveProperty('marks');
    expect(buildChain(db, vinNo(7)).timeline[0]).not.toHaveProperty('marks');
  });

  it('keeps a mark with its row when the row becomes a further source of a fact the case held', async () => {
    const path = ws.file('again.csv', csv([HEAD, sale(1, '45659', vinNo(1), '99000')]));
    expect(await importFile(ws.caseFile.db, { path })).toMatchObject({ imported: 1, read_differently: { total: 1 } });
    const db = ws.caseFile.db;
    // Told again: a further source of the sale of row 2, whose own line stays unmarked.
    expect(db.prepare("SELECT count(*) FROM record_sources WHERE record_kind = 'sales'").pluck().get()).toBe(1);
    expect(db.prepare("SELECT v.written FROM value_marks v JOIN documents d ON d.id = v.document_id WHERE d.file_name = 'again.csv'").pluck().all()).toEqual(['45659']);
    expect(buildChain(db, vinNo(1)).timeline[0]).not.toHaveProperty('marks');
  });

  it('says the marks on the command line, in the import and under the chain\'s timeline line; verify holds them', () => {
    const path = ws.file('cli.csv', csv([HEAD, sale(11, '45670', vinNo(11), '12万元')]));
    const out = execFileSync(process.execPath, [CLI, 'import', ws.caseFile.path, path], { encoding: 'utf8' });
    expect(out).toContain('2 values read differently from how they were written, each marked where the record shows it: 1 date read from an Excel day number, 1 amount in 万元 multiplied out\n');
    expect(out).toContain('    row 2: price: written "12万元", read as 120000 (万元 is ten thousand yuan)\n');
    const chain = execFileSync(process.execPath, [CLI, 'chain', ws.caseFile.path, vinNo(11)], { encoding: 'utf8' });
    expect(chain).toContain('      read differently: invoice date: written "45670", read as an Excel day number, 2025-01-13 (a guess: the file does not say the cell is a date)\n');
    expect(execFileSync(process.execPath, [CLI, 'verify', ws.caseFile.path], { encoding: 'utf8' })).toMatch(/OK/);
  });
});

describe('date-times naming another time zone', () => {
  const ws = workspace();
  afterAll(() => ws.done());

  it('marks a date-time whose moment is another day in China, so an invoice of 1 January 2026 written in UTC is not silently of 2025', async () => {
    const path = ws.file('zones.csv', csv([
      HEAD,
      sale(21, '2025-12-31T16:30:00Z', vinNo(21), '99000'), // 2026-01-01 00:30 in China
      sale(22, '2025-12-31T20:00:00-08:00', vinNo(22), '99000'), // 2026-01-01 12:00 in China
      sale(23, '2026-01-01T00:30:00+08:00', vinNo(23), '99000'), // China's own zone: the day written
      sale(24, '2025-12-31T10:00:00Z', vinNo(24), '99000'), // 18:00 in China, the same day
      sale(25, '2025-12-31 23:59:59', vinNo(25), '99000'), // no zone: the day written
    ]));
    const result = await importFile(ws.caseFile.db, { path });
    expect(result).toMatchObject({ imported: 5, rejected: 0 });
    // Read as the day written (no zone is guessed for the case), marked where China's day differs.
    expect(result.read_differently).toEqual({
      total: 2,
      by_reason: { other_zone: 2 },
      named: [
        { sheet: null, row_no: 2, field: 'invoice_date', written: '2025-12-31T16:30:00Z', value: '2025-12-31', reason: 'other_zone' },
        { sheet: null, row_no: 3, field: 'invoice_date', written: '2025-12-31T20:00:00-08:00', value: '2025-12-31', reason: 'other_zone' },
      ],
    });
    expect(buildChain(ws.caseFile.db, vinNo(21)).timeline[0]!.marks).toEqual([{ field: 'invoice_date', written: '2025-12-31T16:30:00Z', value: '2025-12-31', reason: 'other_zone' }]);
    expect(buildChain(ws.caseFile.db, vinNo(23)).timeline[0]).not.toHaveProperty('marks');
    const chain = execFileSync(process.execPath, [CLI, 'chain', ws.caseFile.path, vinNo(22)], { encoding: 'utf8' });
    expect(chain).toContain('read differently: invoice date: written "2025-12-31T20:00:00-08:00", read as the day written, 2025-12-31; in China time (UTC+8) that moment falls on another day');
  });
});

describe('Excel day numbers', () => {
  const ws = workspace();
  afterAll(() => ws.done());

  it('rejects a day number before 1980, naming it (60 is Excel\'s 29 February 1900), and marks one in a number cell, not in a date cell', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('出口');
    sheet.addRow(['报关单号', '出口日期', '车辆识别代号', '境内发货人', '运抵国（地区）']);
    const rows: [string, number, boolean][] = [['5301', 60, true], ['5302', 45663, true], ['5303', 45663, false], ['5304', 20000, false]];
    rows.forEach(([no, serial, dated], i) => {
      const row = sheet.addRow([no, serial, vinNo(i + 1), '深圳测试贸易有限公司', 'KZ']);
      if (dated) row.getCell(2).numFmt = 'yyyy-mm-dd';
    });
    const path = ws.file('serials.xlsx', Buffer.from(await book.xlsx.writeBuffer()));
    const result = await importFile(ws.caseFile.db, { path });
    expect(result).toMatchObject({ rows: 4, imported: 2, rejected: 2 });
    expect(result.rejects.map((r) => [r.row, r.reason, r.message])).toEqual([
      [2, 'bad_date', expect.stringMatching(/^declaration date \(出口日期\) "60" is Excel's day number for 29 February 1900, a day that never was/)],
      [5, 'bad_date', expect.stringMatching(/^declaration date \(出口日期\) "20000" read as an Excel day number is 1954-10-03, before 1980/)],
    ]);
    // A date cell is a date as written; a number cell under a date header is read as one, marked.
    expect(result.read_differently).toEqual({ total: 1, by_reason: { excel_serial: 1 }, named: [{ sheet: '出口', row_no: 4, field: 'declaration_date', written: '45663', value: '2025-01-06', reason: 'excel_serial' }] });
    expect(ws.caseFile.db.prepare('SELECT declaration_no, declaration_date FROM exports ORDER BY id').all()).toEqual([
      { declaration_no: '5302', declaration_date: '2025-01-06' }, { declaration_no: '5303', declaration_date: '2025-01-06' },
    ]);
  });
});

describe('two columns of one field', () => {
  const ws = workspace();
  afterAll(() => ws.done());

  it('warns naming both columns, rejects the rows where they differ and reads the other where the first is empty', async () => {
    const path = ws.file('dupcols.csv', csv([
      ['VIN', 'VIN', 'Owner Name', 'Registration Date', 'Event'],
      [vinNo(1), vinNo(2), 'Bob', '2026-01-06', 'initial'],
      [vinNo(3), vinNo(3).toLowerCase(), 'Bob', '2026-01-06', 'initial'],
      ['', vinNo(4), 'Bob', '2026-01-06', 'initial'],
      [vinNo(5), '', 'Bob', '2026-01-06', 'initial'],
    ]));
    const result = await importFile(ws.caseFile.db, { path });
    expect(result).toMatchObject({ rows: 4, imported: 3, rejected: 1 });
    expect(result.rejects[0]).toMatchObject({
      row: 2, reason: 'bad_row',
      message: `two columns give the VIN and they differ: "VIN" (column 1) has "${vinNo(1)}", "VIN" (column 2) has "${vinNo(2)}"; the file does not say which is meant`,
    });
    expect(result.twin_columns).toEqual([{ sheet: null, field: 'vin', columns: [{ header: 'VIN', column: 1 }, { header: 'VIN', column: 2 }], rows: [2], rows_total: 1 }]);
    // Read, so no longer listed among the columns read into no field.
    expect(result.sheets![0]!.unread).toEqual([]);
    expect(ws.caseFile.db.prepare('SELECT vin FROM registrations ORDER BY id').pluck().all()).toEqual([vinNo(3), vinNo(4), vinNo(5)]);

    const again = ws.file('dupcols-2.csv', csv([['车架号', 'VIN', '机动车所有人', '登记日期', '登记类型'], [vinNo(6), vinNo(7), '王五', '2026-01-07', '注册登记']]));
    const out = execFileSync(process.execPath, [CLI, 'import', ws.caseFile.path, again], { encoding: 'utf8' });
    expect(out).toContain('  warning: "车架号" (column 1), "VIN" (column 2) each give the VIN: the first is read, an empty cell takes the next one\'s value; 1 row where they differ was rejected (row 2)\n');
  });
});
