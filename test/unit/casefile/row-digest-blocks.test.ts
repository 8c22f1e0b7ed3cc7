import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentBlockReader } from '../../../electron/backend/casefile/document-digest';
import { openCaseFile } from '../../../electron/backend/casefile/open-case-file';
import { registerRowsReader } from '../../../electron/backend/casefile/register-digest';
import { KeptBlocks, packRows, unpackRows, type KeptRow } from '../../../electron/backend/casefile/row-digest-blocks';
import { digestsOfBlock, RowKeeper } from '../../../electron/backend/casefile/row-digests';
import { importFiles } from '../../../electron/backend/import/import-files';
import { verifyCaseFile, type VerifyProblem } from '../../../electron/backend/verify/verify';
import { createRng } from '../../../electron/backend/demo/random';
import { tempDir } from '../../support/paths';
import { rewindMigrations } from '../../support/rewind-migrations';
import { csv, SELLER_USCC, vinNo } from '../import/import-helpers';

/**
 * The kept row digests packed a block to a row (row-digest-blocks.ts, migration 019): what a
 * commit packs from the block's text unpacks to every row with its place, on rows made to break
 * runs (gaps, sheets, pages, NULLs, quotes and newlines in names); verify names rows deleted in the
 * middle of a block from the packed places; a packed row edited by hand leaves its rows unnamed,
 * not added; a case with migration 016's one row a row is converted.
 */
const temp = tempDir('zeromile-row-blocks-');
const base = join(temp.dir, 'base.zmcase');
const SALES = 20_000;
afterAll(() => temp.remove());

const place = (r: KeptRow) => ({ id: r.id, row_no: r.row_no, sheet: r.sheet, page: r.page, label: r.label });

describe('packed row digests', () => {
  it('packs from the block text what the table holds, for any run breaks (seeded), as packRows does', () => {
    const cf = openCaseFile(join(temp.dir, 'fuzz.zmcase'), { create: { title: 'Packing' } });
    try {
      const db = cf.db;
      const rng = createRng(45);
      const random = rng.next;
      const pick = <T>(values: readonly T[]): T => rng.pick(values);
      db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, document_id INTEGER, sheet TEXT, row_no INTEGER, page INTEGER, raw TEXT)');
      const insert = db.prepare('INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)');
      const names = [null, 'Sheet 1', '表 "1" \\', 'a\nb', '销售'];
      let id = 1;
      let rowNo = 2;
      for (let n = 0; n < 3_000; n++) {
        id += random() < 0.9 ? 1 : 1 + Math.floor(random() * 40);
        rowNo = random() < 0.85 ? rowNo + 1 : random() < 0.5 ? 1 + Math.floor(random() * 5_000) : rowNo;
        const doc = random() < 0.8 ? 1 : 2;
        insert.run(id, doc, random() < 0.97 ? names[1] : pick(names), random() < 0.05 ? null : rowNo, random() < 0.9 ? null : pick([1, 2, 3]), `raw ${n}`);
      }
      const parties = db.prepare('INSERT INTO parties (id, name, norm_name) VALUES (?, ?, ?)');
      for (let n = 0; n < 500; n++) parties.run(n * 3 + (n % 7 === 0 ? 1 : 0) + 5000, pick(['Acme "Export" LLC', '深圳市前海贸易有限公司', 'back\\slash', 'line\nbreak', `Party ${n}`]), `party ${n}`);

      const keeper = new RowKeeper(db);
      const code = (table: string) => db.prepare('SELECT code FROM row_digest_tables WHERE name = ?').pluck().get(table) as number;
      const check = (table: string, fact: number, lo: number, hi: number, read: (lo: number, hi: number) => [number, Buffer | null], label: string | null) => {
        const [rows, text] = read(lo, hi);
        keeper.block(table, fact, lo, hi, text, rows);
        const kept = new KeptBlocks(db, fact, code(table)).rows(lo, hi)!;
        const filter = fact === 0 ? '' : `document_id = ${fact} AND`;
        const now = db.prepare(`SELECT id, ${label === null ? 'row_no, sheet, page' : 'NULL AS row_no, NULL AS sheet, NULL AS page'}, ${label ?? 'NULL'} AS label
          FROM ${table} WHERE ${filter} id BETWEEN ? AND ? ORDER BY id`).all(lo, hi) as Omit<KeptRow, 'digest'>[];
        expect(kept.map(place)).toEqual(now);
        const digests = digestsOfBlock(text, rows);
        expect(Buffer.concat(kept.map((r) => r.digest))).toEqual(digests);
        // The same rows packed in JS (the aliases' and the migration's way) unpack alike.
        const js = packRows(kept, label !== null);
        expect(unpackRows(js.digests, js.places)!.map(place)).toEqual(now);
        return JSON.parse(db.prepare('SELECT places FROM row_digest_blocks WHERE fact = ? AND tbl = ? AND lo = ?').pluck().get(fact, code(table), lo) as string) as unknown[];
      };
      for (const doc of [1, 2]) {
        const read = documentBlockReader(db, 't', doc);
        for (let lo = 1; lo <= id; lo += 1_000) check('t', doc, lo, lo + 999, read, null);
      }
      const runs = check('parties', 0, 4096, 8191, registerRowsReader(db, { table: 'parties', by: 'id' }), 'name');
      expect(runs.length).toBeGreaterThan(10);
      // A file read whole is one run a block: 1,000 rows of consecutive ids and source rows, one sheet.
      db.exec("DELETE FROM t; WITH RECURSIVE n(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM n WHERE v < 1000) INSERT INTO t SELECT v, 3, 'Sheet 1', v + 1, NULL, 'raw' FROM n");
      expect(check('t', 3, 1, 1000, documentBlockReader(db, 't', 3), null)).toEqual([[1, 1000, 2, 'Sheet 1', null, null]]);
    } finally {
      cf.close();
    }
  });
});

describe('verify with packed row digests, on a real import of 20,000 sales', () => {
  beforeAll(async () => {
    const file = join(temp.dir, 'sales.csv');
    writeFileSync(file, csv([['发票号码', '开票日期', 'VIN', '销货单位名称', '销货单位纳税人识别号', '购买方名称', '价税合计'],
      ...Array.from({ length: SALES }, (_, i) => [`8100${String(i).padStart(5, '0')}`, '2024-04-05', vinNo(i), '深圳市前海贸易有限公司', SELLER_USCC, `Buyer ${i % 5000} Trading LLC`, '88000'])]));
    const cf = openCaseFile(base, { create: { title: 'Packed row digests' } });
    const [result] = await importFiles(cf, [{ path: file }]);
    expect(result!.refused).toBeNull();
    cf.close();
  }, 120_000);

  let copies = 0;
  const copy = () => {
    const path = join(temp.dir, `copy-${copies++}.zmcase`);
    copyFileSync(base, path);
    return path;
  };
  const verify = (path: string): VerifyProblem[] => {
    const cf = openCaseFile(path, { readonly: true, check: 'none' });
    try {
      return verifyCaseFile(cf.db, { skipIntegrity: true }).problems;
    } finally {
      cf.close();
    }
  };
  const edited = (sql: string) => {
    const path = copy();
    execFileSync('sqlite3', [path, '.dbconfig enable_trigger off', sql]);
    return verify(path);
  };
  const vinOf = (id: number) => {
    const cf = openCaseFile(base, { readonly: true, check: 'none' });
    try {
      return cf.db.prepare('SELECT vin FROM vehicles WHERE id = ?').pluck().get(id) as string;
    } finally {
      cf.close();
    }
  };
  const rowsOf = (problems: VerifyProblem[], key: string, table: string) => {
    const found = problems.find((p) => p.what === 'facts' && p.key === key && p.problem === 'digest');
    expect(found, JSON.stringify(problems)).toBeDefined();
    return { rows: found!.what === 'facts' ? found!.changed_rows?.[table] : undefined, message: found!.message };
  };

  it('rows deleted in the middle of a block, one changed and one added: named with their source rows, the deleted from the packed places', () => {
    // Sales 9,000-9,002 (CSV rows 9,001-9,003: the header is row 1) lie inside the first block of 16,384.
    const problems = edited(`DELETE FROM sales WHERE id BETWEEN 9000 AND 9002; UPDATE sales SET price = 1 WHERE id = 17000;
      CREATE TEMP TABLE forged AS SELECT * FROM sales WHERE id = 1; UPDATE forged SET id = 30000, row_no = 99999, invoice_no = 'forged'; INSERT INTO sales SELECT * FROM forged;
      DELETE FROM vehicles WHERE id = 4100;`);
    const { rows: sales, message } = rowsOf(problems, 'document:1', 'sales');
    expect(sales, message).toMatchObject({ total: 5, changed: 1, added: 1, deleted: 3 });
    expect(sales!.rows).toEqual([
      { table: 'sales', id: 9000, change: 'deleted', row_no: 9001 }, { table: 'sales', id: 9001, change: 'deleted', row_no: 9002 },
      { table: 'sales', id: 9002, change: 'deleted', row_no: 9003 }, { table: 'sales', id: 17000, change: 'changed', row_no: 17001 },
      { table: 'sales', id: 30000, change: 'added', row_no: 99999 },
    ]);
    const { rows: vehicles } = rowsOf(problems, 'vehicles', 'vehicles');
    expect(vehicles!.rows).toEqual([{ table: 'vehicles', id: 4100, change: 'deleted', vin: vinOf(4100) }]);
  });

  it('a packed row edited in the sqlite3 shell: its rows cannot be named, none reads as added or deleted', () => {
    const problems = edited(`UPDATE row_digest_blocks SET places = '[[0,1' WHERE fact = 0 AND lo = 4096 AND tbl = (SELECT code FROM row_digest_tables WHERE name = 'vehicles');
      UPDATE row_digest_blocks SET digests = substr(digests, 9) WHERE fact = 1 AND lo = 1 AND tbl = (SELECT code FROM row_digest_tables WHERE name = 'sales');
      UPDATE vehicles SET model = 'edited' WHERE id IN (5000, 9000); UPDATE sales SET price = 2 WHERE id IN (5, 17000);`);
    const { rows: vehicles, message } = rowsOf(problems, 'vehicles', 'vehicles');
    expect(vehicles, message).toMatchObject({ total: 1, changed: 1, added: 0, deleted: 0, unnamed: [[4096, 8191]], rows: [{ id: 9000, change: 'changed' }] });
    expect(message).toContain('the rows of vehicles with ids 4096-8191 cannot be named (their kept row digests are gone)');
    const { rows: sales } = rowsOf(problems, 'document:1', 'sales');
    expect(sales).toMatchObject({ total: 1, changed: 1, added: 0, deleted: 0, unnamed: [[1, 16384]], rows: [{ id: 17000, change: 'changed' }] });
  });

  it('a case keeping migration 016\'s one row a row is converted: verify holds, then names a vehicle deleted by its VIN as kept', () => {
    const path = copy();
    const vin = vinOf(2);
    const old = new Database(path);
    // Back to version 18: the packed rows unpacked into migration 016's table.
    const code = old.prepare("SELECT code FROM row_digest_tables WHERE name = 'vehicles'").pluck().get() as number;
    const blocks = old.prepare('SELECT fact, tbl, digests, places FROM row_digest_blocks').all() as { fact: number; tbl: number; digests: Buffer; places: string }[];
    rewindMigrations(old, 18);
    const insert = old.prepare('INSERT INTO row_digests VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    for (const b of blocks) for (const r of unpackRows(b.digests, b.places)!) insert.run(b.fact, b.tbl, r.id, r.digest, r.row_no, r.sheet, r.page, r.label);
    const before = old.prepare('SELECT * FROM row_digests WHERE fact = 0 ORDER BY tbl, id').all();
    old.close();

    const cf = openCaseFile(path);
    try {
      expect(cf.db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'row_digests'").pluck().get()).toBe(0);
      const after = (cf.db.prepare('SELECT fact, tbl, digests, places FROM row_digest_blocks WHERE fact = 0 ORDER BY tbl, lo').all() as typeof blocks)
        .flatMap((b) => unpackRows(b.digests, b.places)!.map((r) => ({ fact: 0, tbl: b.tbl, ...r, digest: Buffer.from(r.digest) })));
      expect(after).toEqual(before);
      expect(new KeptBlocks(cf.db, 0, code).rows(0, 4095)!.length).toBe(4095);
      expect(verifyCaseFile(cf.db, { skipIntegrity: true }).problems).toEqual([]);
    } finally {
      cf.close();
    }
    execFileSync('sqlite3', [path, '.dbconfig enable_trigger off', 'DELETE FROM vehicles WHERE id = 2']);
    const { rows } = rowsOf(verify(path), 'vehicles', 'vehicles');
    expect(rows!.rows).toEqual([{ table: 'vehicles', id: 2, change: 'deleted', vin }]);
  });
});

