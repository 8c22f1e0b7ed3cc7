import iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRng } from '../../../electron/backend/demo/random';
import { writeDemo } from '../../../electron/backend/demo/write-demo';
import { EncodingDetector, detectEncoding } from '../../../electron/backend/import/encoding';
import { importFiles } from '../../../electron/backend/import/import-files';
import { count, csv, vinNo, workspace, type Workspace } from './import-helpers';

// Files come as UTF-8 (BOM or not) or GB18030/GBK (DOMAIN.md); one in a Western single-byte
// encoding used to be read as GB18030 without a word ('Société' became 'Soci閠�'). Generated
// files with a seed: Chinese with rare characters, Western names in three code pages, mixed.
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '欧阳', '诸葛'];
// Rare characters of names: GBK's extension (ASCII trail bytes) and GB18030's four-byte ones.
const RARE = ['堃', '赟', '喆', '昇', '珺', '奭', '龑', '㛃', '䶮', '𠀾', '𪚥', '镕', '玥', '旻', '啰', '犇', '淼', '垚'];
const COMPANIES = ['深圳市前海贸易有限公司', '重庆长安汽车股份有限公司', '比亚迪汽车销售有限公司', '霍尔果斯口岸进出口有限公司'];
const WESTERN = [
  'Société Générale Auto München', 'Müller & Söhne GmbH', 'Crédit Agricole Véhicules', 'Škoda Exportação Ltda',
  'Özgür Otomotiv Çağrı', 'Bäckström Fahrzeughandel', 'Peña Automóviles S.L.', 'Garçon Frères', 'Straße 12, Düsseldorf',
];
const TURKISH = ['Şişli Otomotiv Ticaret', 'Gürsoy İthalat İhracat', 'Ağaoğlu Araç Pazarı', 'Iğdır Lojistik'];
const HEADER = ['VIN', 'Export Date', 'Declaration No', 'Exporter', 'Consignee', 'Destination Country'];

let ws: Workspace;
beforeEach(() => { ws = workspace(); });
afterEach(() => ws.done());

function chineseRows(seed: number, rows: number): string[][] {
  const rng = createRng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rng.next() * list.length)]!;
  return Array.from({ length: rows }, (_, i) => [vinNo(i), '2025-03-05', `D${i}`, 'Ex Co', rng.next() < 0.5 ? pick(COMPANIES) : pick(SURNAMES) + pick(RARE) + pick(RARE), 'KZ']);
}

function westernRows(seed: number, rows: number, names: readonly string[]): string[][] {
  const rng = createRng(seed);
  return Array.from({ length: rows }, (_, i) => [vinNo(i), '2025-03-05', `D${i}`, 'Ex Co', names[Math.floor(rng.next() * names.length)]!, 'DE']);
}

describe('text that is neither UTF-8 nor GB18030', () => {
  it.each([
    ['Windows-1252 French and German', 'windows-1252', WESTERN],
    ['Latin-1', 'latin1', WESTERN.filter((n) => !n.includes('Š'))],
    ['Windows-1254 Turkish', 'windows-1254', TURKISH],
  ])('refuses %s, naming the file and the problem, and keeps nothing', async (_label, codePage, names) => {
    for (const seed of [1, 2, 3]) {
      for (const rows of [1, 40]) {
        const bytes = iconv.encode(csv([HEADER, ...westernRows(seed, rows, names)]), codePage);
        const guess = detectEncoding(bytes);
        expect(guess.unreadable?.problem, `${codePage} seed ${seed}, ${rows} rows`).toBe('single_byte');
      }
    }
    const path = ws.file('exports.csv', iconv.encode(csv([HEADER, [vinNo(1), '2025-03-05', 'D1', 'Ex Co', names[0]!, 'DE']]), codePage));
    const [result] = await importFiles(ws.caseFile, [{ path }]);
    expect(result!.refused?.code).toBe('file_refused');
    expect(result!.refused?.message).toMatch(/^exports\.csv was refused: its text is neither UTF-8 nor GB18030\/GBK but a single-byte encoding such as Windows-1252 or Latin-1 \(as in “.*”\), which would be read garbled\. Save it as “CSV UTF-8” and import that\.$/);
    expect(count(ws.caseFile, 'documents')).toBe(0);
  });

  it('names the probe\'s consignee as Windows-1252 shows it', () => {
    const bytes = iconv.encode('VIN,Consignee\r\nLGXCE4CB0R0000001,Société Générale Auto München\r\n', 'windows-1252');
    expect(detectEncoding(bytes).unreadable).toEqual({ problem: 'single_byte', sample: expect.stringContaining('Société Générale') });
  });

  it('refuses UTF-8 text with bytes that are not UTF-8 (two encodings in one file)', async () => {
    const utf8 = csv([HEADER, ...chineseRows(5, 200)]);
    const bytes = Buffer.concat([Buffer.from(utf8, 'utf8'), iconv.encode(csv(westernRows(5, 1, WESTERN)), 'windows-1252')]);
    expect(detectEncoding(bytes).unreadable?.problem).toBe('mixed');
    const [result] = await importFiles(ws.caseFile, [{ path: ws.file('joined.csv', bytes) }]);
    expect(result!.refused?.message).toMatch(/^joined\.csv was refused: its text is UTF-8 with bytes that are not/);
  });
});

describe('no false alarm on Chinese text', () => {
  it('reads GB18030 and GBK with rare characters, and UTF-8, across seeds and sizes', () => {
    for (let seed = 1; seed <= 30; seed++) {
      for (const rows of [1, 3, 50]) {
        const text = csv([HEADER, ...chineseRows(seed, rows)]);
        expect(detectEncoding(iconv.encode(text, 'gb18030')), `gb18030 seed ${seed}, ${rows} rows`).toEqual({ encoding: 'gb18030', bom: false });
        expect(detectEncoding(Buffer.from(text, 'utf8')), `utf-8 seed ${seed}`).toEqual({ encoding: 'utf-8', bom: false });
        // GBK has no four-byte characters: only the rows it can write.
        const gbk = csv([HEADER, ...chineseRows(seed, rows).filter((row) => !/[\u3400-\u4dbf]|[\ud800-\udfff]/.test(row[4]!))]);
        if (/[^ -~\r\n]/.test(gbk)) expect(detectEncoding(iconv.encode(gbk, 'gbk')), `gbk seed ${seed}`).toEqual({ encoding: 'gb18030', bom: false });
      }
    }
    // Chinese text with Western names in ASCII beside it, and one rare character alone among ASCII after Chinese.
    expect(detectEncoding(iconv.encode('名称,Name\r\n比亚迪,Mueller GmbH\r\n王堃,Societe Generale\r\n', 'gb18030')).unreadable).toBeUndefined();
  });

  it('imports a GB18030 file with rare characters as written', async () => {
    const rows = chineseRows(7, 20);
    const path = ws.file('exports-zh.csv', iconv.encode(csv([HEADER, ...rows]), 'gb18030'));
    const [result] = await importFiles(ws.caseFile, [{ path }]);
    expect(result).toMatchObject({ refused: null, rows: 20 });
    const consignees = (ws.caseFile.db.prepare('SELECT consignee FROM exports ORDER BY row_no').all() as { consignee: string }[]).map((r) => r.consignee);
    expect(consignees).toEqual(rows.map((r) => r[4]));
  });

  it('reads every GB18030 file the demo generator writes as GB18030', async () => {
    const demo = await writeDemo(join(ws.dir, 'demo'), { vehicles: 100, seed: 49 });
    const chinese = demo.files.filter((f) => /[^ -~]/.test(f.file) && f.file.endsWith('.csv'));
    expect(chinese.length).toBeGreaterThan(0);
    for (const file of chinese) {
      const guess = detectEncoding(readFileSync(join(demo.dir, file.file)));
      expect(guess.unreadable, file.file).toBeUndefined();
    }
  });
});

describe('the first Chinese character across the pieces the file is read in', () => {
  // The detector is fed the file in pieces (4 MiB in the import's hash pass). A GB18030 file whose
  // first Chinese character began on a piece's last byte was judged by that byte alone, which
  // starts a UTF-8 sequence too: the file was read as UTF-8 and every Chinese name became U+FFFD.
  it('judges the same text the same wherever a piece ends', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const text = 'VIN,Consignee\r\n' + csv(chineseRows(seed, 30));
      for (const encoding of ['gb18030', 'utf-8'] as const) {
        const bytes = encoding === 'utf-8' ? Buffer.from(text, 'utf8') : iconv.encode(text, 'gb18030');
        const first = bytes.findIndex((b) => b >= 0x80);
        for (let cut = first; cut <= first + 4; cut++) {
          const detector = new EncodingDetector();
          if (!detector.push(bytes.subarray(0, cut))) detector.push(bytes.subarray(cut));
          expect(detector.result(), `${encoding} seed ${seed}, cut ${cut - first} bytes into its first character`).toEqual({ encoding, bom: false });
        }
      }
    }
  });

  it('imports a GB18030 file whose first Chinese character straddles the hash pass\'s 4 MiB pieces', async () => {
    const PIECE = 4 * 1024 * 1024;
    const ascii: string[][] = [];
    let bytes = Buffer.byteLength(csv([HEADER]));
    for (let i = 0; bytes < PIECE - 200; i++) {
      const row = [vinNo(i), '2025-03-05', `D${i}`, 'Ex Co', `Trading Co ${i}`, 'KZ'];
      ascii.push(row);
      bytes += Buffer.byteLength(csv([row]));
    }
    const chinese = chineseRows(11, 20).map((r, i) => [vinNo(ascii.length + 1 + i), ...r.slice(1, 4), `王${r[4]}`, r[5]!]);
    // A last ASCII row padded so that the first Chinese consignee's lead byte is the piece's last byte.
    const before = Buffer.byteLength(csv([HEADER, ...ascii]));
    const lead = Buffer.byteLength(csv([chinese[0]!]).split('王')[0]!);
    const padRow = [vinNo(ascii.length), '2025-03-05', 'DX', 'Ex Co', '', 'KZ'];
    padRow[4] = 'x'.repeat(PIECE - 1 - before - lead - Buffer.byteLength(csv([padRow])));
    const file = Buffer.concat([Buffer.from(csv([HEADER, ...ascii, padRow])), iconv.encode(csv(chinese), 'gb18030')]);
    expect(file.findIndex((b) => b >= 0x80)).toBe(PIECE - 1);
    const [result] = await importFiles(ws.caseFile, [{ path: ws.file('exports-late-chinese.csv', file) }]);
    expect(result).toMatchObject({ refused: null, rejected: 0 });
    const consignees = ws.caseFile.db.prepare(`SELECT consignee FROM exports WHERE consignee NOT LIKE 'Trading Co %' AND consignee NOT LIKE 'xxx%' ORDER BY row_no`).pluck().all();
    expect(consignees).toEqual(chinese.map((r) => r[4]));
  }, 120_000);
});
