import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readDocumentBytes } from '../../../electron/backend/casefile/documents';
import { importFiles } from '../../../electron/backend/import/import-files';
import { sniffFormat } from '../../../electron/backend/import/sniff';
import type { ImportProgress } from '../../../shared/contract/import';
import { CASE_EN } from '../../../shared/i18n/case-en';
import { CASE_ZH } from '../../../shared/i18n/case-zh';
import { renderMessage, type Message } from '../../../shared/i18n/message';
import { writeSalesCsv } from '../../bench/sales-csv';
import { BUYER_USCC, PERSON_ID, SELLER_USCC, badVin, count, csv, vinNo, workspace, type Workspace } from './import-helpers';
import { appendFileSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';

const HEADER = ['发票号码', '开票日期', '车辆识别代号', '销售方名称', '销售方纳税人识别号', '购买方名称', '购买方纳税人识别号', '价税合计'];
const TABLES = ['documents', 'document_chunks', 'sales', 'parties', 'party_aliases', 'vehicles', 'rejected_rows', 'audit_log'];

let ws: Workspace;
beforeEach(() => { ws = workspace(); });
afterEach(() => ws.done());

const snapshot = () => Object.fromEntries(TABLES.map((t) => [t, count(ws.caseFile, t)]));

describe('row accounting and rejects', () => {
  it('counts every data row once, as imported or rejected, with reason codes and raw cells', async () => {
    const rows = [
      ['A1', '2024-03-05', vinNo(1), '比亚迪汽车销售有限公司', SELLER_USCC, '深圳市前海贸易有限公司', BUYER_USCC, '100'],
      ['A2', '2024-03-05', badVin(2), '比亚迪汽车销售有限公司', SELLER_USCC, '深圳市前海贸易有限公司', BUYER_USCC, '100'],
      ['A3', '2024-03-05', 'LGXCE4CB0R00001', '比亚迪汽车销售有限公司', '', '深圳市前海贸易有限公司', '', '100'],
      ['A4', '2024-03-05', vinNo(4), '', '', '深圳市前海贸易有限公司', '', '100'],
      ['A5', '2024-03-05', vinNo(5), 'x', '', 'y', '', 'lots'],
      ['A6', '2024-03-05', vinNo(6), 'x', '', 'y'],
      ['', '', '', '', '', '', '', ''],
      ['A7', '2024-03-05', vinNo(7).toLowerCase(), 'x', '', 'y', '', ''],
    ];
    const [result] = await importFiles(ws.caseFile, [{ path: ws.file('a.csv', csv([HEADER, ...rows])) }]);
    expect(result).toMatchObject({ rows: 7, imported: 2, rejected: 5 });
    expect(result!.rows).toBe(result!.imported + result!.rejected);
    expect(result!.rejects.map((r) => [r.row, r.reason])).toEqual([
      [3, 'invalid_vin'], [4, 'invalid_vin'], [5, 'missing_field'], [6, 'bad_number'], [7, 'bad_row'],
    ]);
    expect(result!.rejects[1]!.message).toMatch(/has 15 characters, not 17/);
    expect(result!.rejects[2]!.message).toBe('seller (销售方名称) is empty');
    // Each rejected row also stores its message as a key and parameters: the English text above, and in Chinese.
    const messages = (ws.caseFile.db.prepare('SELECT message, message_key, message_params FROM rejected_rows ORDER BY row_no').all() as { message: string; message_key: string; message_params: string }[])
      .map((r) => ({ message: r.message, msg: { key: r.message_key, params: JSON.parse(r.message_params) as Message['params'] } }));
    for (const m of messages) expect(renderMessage(m.msg, CASE_EN)).toBe(m.message);
    const chinese = messages.map((m) => renderMessage(m.msg, CASE_ZH));
    expect(chinese[0]).toMatch(/^车辆识别代号（车辆识别代号） "\w{17}"：校验位不符（第 9 位为 \w，应为 \w）$/);
    expect(chinese.slice(1)).toEqual([
      '车辆识别代号（车辆识别代号） "LGXCE4CB0R00001"：有 15 个字符，而非 17 个',
      '销售方（销售方名称） 为空',
      '价格（价税合计） "lots"：不是数字',
      '该行有 6 个单元格，表头有 8 个',
    ]);
    const stored = ws.caseFile.db.prepare('SELECT row_no, reason, raw FROM rejected_rows ORDER BY row_no').all() as { row_no: number; raw: string }[];
    expect(stored).toHaveLength(5);
    expect(JSON.parse(stored[0]!.raw)).toEqual(Object.fromEntries(HEADER.map((h, i) => [h, rows[1]![i]])));
    const doc = ws.caseFile.db.prepare('SELECT rows_total, rows_imported, rows_rejected FROM documents').get();
    expect(doc).toEqual({ rows_total: 7, rows_imported: 2, rows_rejected: 5 });
    expect(ws.caseFile.db.prepare('SELECT vin FROM sales WHERE row_no = 9').pluck().get()).toBe(vinNo(7));
  });
});

describe('parties and vehicles', () => {
  it('resolves parties by identifier, else by normalised name, keeps every spelling, and marks invalid USCCs', async () => {
    const badUscc = `${SELLER_USCC.slice(0, 17)}${SELLER_USCC[17] === '0' ? '1' : '0'}`;
    const rows = [
      ['B1', '2024-03-05', vinNo(1), '比亚迪汽车销售有限公司', SELLER_USCC, '深圳市前海贸易有限公司', '', '1'],
      ['B2', '2024-03-06', vinNo(1), '比亚迪汽车销售 有限公司', SELLER_USCC.toLowerCase(), '深圳市前海贸易有限公司', BUYER_USCC, '1'],
      ['B3', '2024-03-07', vinNo(2), 'Great Trading Co', badUscc, ' great  trading co ', '', '1'],
      ['B4', '2024-03-08', vinNo(3), 'GREAT TRADING CO', '', '张三', PERSON_ID, '1'],
    ];
    const [result] = await importFiles(ws.caseFile, [{ path: ws.file('p.csv', csv([HEADER, ...rows])) }]);
    expect(result).toMatchObject({ imported: 4, rejected: 0 });
    const parties = ws.caseFile.db.prepare('SELECT name, party_id, id_kind, id_valid, is_person FROM parties ORDER BY id').all();
    expect(parties).toEqual([
      { name: '比亚迪汽车销售有限公司', party_id: SELLER_USCC, id_kind: 'uscc', id_valid: 1, is_person: 0 },
      // Met by name first, it gets its USCC from the second row instead of becoming a second party.
      { name: '深圳市前海贸易有限公司', party_id: BUYER_USCC, id_kind: 'uscc', id_valid: 1, is_person: 0 },
      { name: 'Great Trading Co', party_id: badUscc, id_kind: 'uscc', id_valid: 0, is_person: 0 },
      { name: '张三', party_id: PERSON_ID, id_kind: 'person_id', id_valid: 1, is_person: 1 },
    ]);
    const aliases = ws.caseFile.db.prepare('SELECT p.name AS party, a.name FROM party_aliases a JOIN parties p ON p.id = a.party_id ORDER BY a.party_id, a.name').all();
    expect(aliases).toEqual([
      { party: '比亚迪汽车销售有限公司', name: '比亚迪汽车销售 有限公司' },
      { party: '比亚迪汽车销售有限公司', name: '比亚迪汽车销售有限公司' },
      { party: '深圳市前海贸易有限公司', name: '深圳市前海贸易有限公司' },
      { party: 'Great Trading Co', name: 'GREAT TRADING CO' },
      { party: 'Great Trading Co', name: 'Great Trading Co' },
      { party: 'Great Trading Co', name: 'great  trading co' },
      { party: '张三', name: '张三' },
    ]);
    const sale = ws.caseFile.db.prepare('SELECT seller_party_id, buyer_party_id FROM sales WHERE invoice_no = ?');
    expect(sale.get('B3')).toEqual({ seller_party_id: 3, buyer_party_id: 3 });
    expect(sale.get('B4')).toEqual({ seller_party_id: 3, buyer_party_id: 4 });
    expect(ws.caseFile.db.prepare('SELECT vin, wmi, maker, model_year FROM vehicles ORDER BY vin').all()).toEqual(
      [1, 2, 3].map((n) => ({ vin: vinNo(n), wmi: 'LGX', maker: 'BYD', model_year: 2024 })).sort((a, b) => a.vin.localeCompare(b.vin)),
    );
  });
});

describe('one file, one transaction', () => {
  const rows = (n: number) => Array.from({ length: n }, (_, i) => [`C${i}`, '2024-03-05', vinNo(i), '比亚迪汽车销售有限公司', SELLER_USCC, `买方${i}`, '', '1']);

  it('stores the original bytes and adds nothing on a second import of the same file', async () => {
    const path = ws.file('c.csv', csv([HEADER, ...rows(5)]));
    const [first] = await importFiles(ws.caseFile, [{ path }]);
    const before = snapshot();
    const [second] = await importFiles(ws.caseFile, [{ path: ws.file('renamed.csv', readFileSync(path)) }]);
    expect(second).toMatchObject({ duplicate: true, sha256: first!.sha256, kind: 'sales', rows: 0, imported: 0, rejected: 0, refused: null });
    expect(snapshot()).toEqual(before);
    const id = ws.caseFile.db.prepare('SELECT id FROM documents').pluck().get() as number;
    expect(readDocumentBytes(ws.caseFile.db, id).equals(readFileSync(path))).toBe(true);
    expect(ws.caseFile.db.prepare("SELECT count(*) FROM audit_log WHERE action = 'import.file'").pluck().get()).toBe(1);
  });

  // A CSV or JSON-lines file of a size no document has is hashed as it is read (one pass over it);
  // a file of a size the case already holds is hashed first, so a duplicate is known before reading.
  it('hashes a file as it is read unless a document of its size is in the case, and finds duplicates either way', async () => {
    const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
    const first = ws.file('first.csv', csv([HEADER, ...rows(5)]));
    const [a] = await importFiles(ws.caseFile, [{ path: first }]);
    expect(a).toMatchObject({ sha256: sha(first), imported: 5, duplicate: false });
    const documentSha = () => ws.caseFile.db.prepare('SELECT sha256 FROM documents ORDER BY id').pluck().all();
    expect(documentSha()).toEqual([sha(first)]);
    expect(ws.caseFile.db.prepare("SELECT subject FROM audit_log WHERE action = 'import.file'").pluck().all()).toEqual([sha(first)]);

    // Same size, other bytes: hashed first, not a duplicate.
    const sameSize = ws.file('same-size.csv', readFileSync(first, 'utf8').replace('C4', 'D4'));
    const [b] = await importFiles(ws.caseFile, [{ path: sameSize }]);
    expect(b).toMatchObject({ sha256: sha(sameSize), imported: 5, duplicate: false });

    // A document the case took in after the size was looked at (another writer): found once the
    // file is read and hashed, and nothing of the file is kept.
    const raced = ws.file('raced.csv', csv([HEADER, ...rows(7)]));
    ws.caseFile.db.prepare("INSERT INTO documents (file_name, size, media_type, sha256, kind, imported_at) VALUES ('other.csv', 1, 'text/csv', ?, 'sales', 'x')").run(sha(raced));
    const before = snapshot();
    const [c] = await importFiles(ws.caseFile, [{ path: raced }]);
    expect(c).toMatchObject({ duplicate: true, sha256: sha(raced), kind: 'sales', rows: 0, imported: 0, refused: null });
    expect(snapshot()).toEqual(before);
  });

  // Big files are read on a thread of their own (threadBytes 0 sends every file there): a failure,
  // a cancel or a changed file must leave nothing either way.
  for (const [how, threadBytes] of [['', undefined], [' (read on a thread)', 0]] as const) {
    it(`leaves no trace of a file whose insert fails half-way${how}`, async () => {
      await importFiles(ws.caseFile, [{ path: ws.file('ok.csv', csv([HEADER, ...rows(3)])) }]);
      const before = snapshot();
      ws.caseFile.db.exec("CREATE TRIGGER boom BEFORE INSERT ON sales WHEN NEW.invoice_no = 'C150' BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
      const [result] = await importFiles(ws.caseFile, [{ path: ws.file('fail.csv', csv([HEADER, ...rows(300)].map((r, i) => (i === 0 ? r : [...r.slice(0, 5), `其他买方${i}`, ...r.slice(6)])))) }], { threadBytes });
      expect(result!.refused).toEqual({ code: 'internal', message: 'injected failure' });
      expect(result!.imported).toBe(0);
      expect(snapshot()).toEqual(before);
      expect(ws.caseFile.db.inTransaction).toBe(false);
    });

    it(`rolls back a file cancelled mid-way and reports progress in bytes and rows${how}`, async () => {
      const path = `${ws.dir}/big.csv`;
      await writeSalesCsv(path, 12_000);
      const before = snapshot();
      const controller = new AbortController();
      const seen: ImportProgress[] = [];
      const results = await importFiles(ws.caseFile, [{ path }, { path: ws.file('next.csv', csv([HEADER, ...rows(2)])) }], {
        signal: controller.signal,
        threadBytes,
        onProgress: (p) => { seen.push(p); if (p.rows_done > 0) controller.abort(); },
      });
      expect(results.map((r) => r.refused?.code)).toEqual(['cancelled', 'cancelled']);
      expect(seen[0]).toMatchObject({ file: 'big.csv', phase: 'reading' });
      expect(seen[0]!.bytes_done).toBeGreaterThan(0);
      expect(seen[0]!.bytes_done).toBeLessThan(seen[0]!.bytes_total);
      expect(snapshot()).toEqual(before);
    });

    it(`refuses a file that changes while it is imported, and keeps nothing of it${how}`, async () => {
      const path = ws.file('growing.csv', csv([HEADER, ...rows(50)]));
      let appended = false;
      const [result] = await importFiles(ws.caseFile, [{ path }], {
        threadBytes,
        onProgress: (p) => {
          if (p.phase === 'reading' && !appended) { appendFileSync(path, csv([['C99', '2024-03-05', vinNo(99), 'x', '', 'y', '', '1']])); appended = true; }
        },
      });
      expect(appended).toBe(true);
      expect(result!.refused).toMatchObject({ code: 'file_refused', message: 'growing.csv was refused: it changed while it was being imported. Import it again once nothing writes to it.' });
      expect(count(ws.caseFile, 'documents')).toBe(0);
      expect(count(ws.caseFile, 'sales')).toBe(0);
      expect(count(ws.caseFile, 'document_chunks')).toBe(0);
    });
  }

  it('throttles progress and ends each file with a done report', async () => {
    const path = `${ws.dir}/mid.csv`;
    await writeSalesCsv(path, 8_000);
    const seen: ImportProgress[] = [];
    const done: string[] = [];
    const [result] = await importFiles(ws.caseFile, [{ path }], { onProgress: (p) => seen.push(p), onFileDone: (r) => done.push(r.file) });
    expect(result).toMatchObject({ rows: 8_000 });
    expect(result!.imported + result!.rejected).toBe(8_000);
    expect(done).toEqual(['mid.csv']);
    expect(seen.at(-1)).toMatchObject({ phase: 'done', rows_done: 8_000 });
    // Between the last row and the end, the file says it is being finished (indexes, vehicles, commit).
    expect(seen.at(-2)).toMatchObject({ phase: 'finishing', rows_done: 8_000 });
    expect(seen.at(-1)!.bytes_done).toBe(seen.at(-1)!.bytes_total);
    expect(seen.length).toBeLessThan(200);
  });
});

describe('refusals and documents', () => {
  it('refuses a table that matches no kind, naming the file, the headers and the nearest kind', async () => {
    const [result] = await importFiles(ws.caseFile, [{ path: ws.file('list.csv', csv([['发票号码', '车辆识别代号', '颜色'], ['1', vinNo(1), '白']])) }]);
    expect(result!.refused?.code).toBe('file_refused');
    expect(result!.refused?.message).toBe('list.csv was refused: no record kind matches its headers (found: "发票号码", "车辆识别代号", "颜色"); nearest kind: sales, missing invoice_date, seller, buyer.');
    expect(count(ws.caseFile, 'documents')).toBe(0);
  });

  it('routes files by their bytes, not their names, and refuses what it cannot read', async () => {
    const xls = ws.file('old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    const bin = ws.file('thing.bin', Buffer.from([1, 2, 3, 0, 0, 9]));
    const empty = ws.file('empty.csv', '');
    const results = await importFiles(ws.caseFile, [{ path: xls }, { path: bin }, { path: empty }, { path: `${ws.dir}/missing.csv` }]);
    expect(results.map((r) => [r.kind, r.rows, r.refused?.code ?? null])).toEqual([[null, 0, 'file_refused'], [null, 0, 'file_refused'], [null, 0, 'file_refused'], [null, 0, 'file_not_found']]);
    expect(results[0]!.refused!.message).toMatch(/^old\.xls was refused: it is an old binary Excel/);
    expect(results[1]!.refused!.message).toMatch(/^thing\.bin was refused: it is a binary file/);
    expect(results[2]!.refused!.message).toBe('empty.csv was refused: the file is empty.');
    expect(count(ws.caseFile, 'documents')).toBe(0);
    expect(sniffFormat(Buffer.from('%PDF-1.7'), 'a.csv')).toEqual({ format: 'document', mediaType: 'application/pdf' });
    expect(sniffFormat(Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 'scan.csv')).toEqual({ format: 'document', mediaType: 'image/jpeg' });
    expect(sniffFormat(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'x')).toEqual({ format: 'document', mediaType: 'image/png' });
    expect(sniffFormat(Buffer.from('\ufeff{"vin": 1}'), 'data.txt').format).toBe('jsonl');
    expect(sniffFormat(Buffer.from('vin,date'), 'data.txt').format).toBe('csv');
  });
});
