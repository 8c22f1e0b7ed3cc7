import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deflateSync } from 'node:zlib';
import { importFiles } from '../../../electron/backend/import/import-files';
import type { ImportFileResult } from '../../../shared/contract/import';
import { renderMessage, type Message } from '../../../shared/i18n/message';
import { REFUSAL_CATALOGUE_EN } from '../../../shared/i18n/refusal-en';
import { REFUSAL_CATALOGUE_ZH } from '../../../shared/i18n/refusal-zh';
import { makeI18n } from '../../../renderer/src/i18n/format';
import { refusalReason, type FileRow } from '../../../renderer/src/components/drop-import/import-state';
import { pdfOfObjects } from '../../fuzz/bad-inputs';
import { sheetXml, xlsx } from '../../fuzz/zip';
import { csv, workspace, type Workspace } from './import-helpers';

let ws: Workspace;
beforeEach(() => { ws = workspace(); });
afterEach(() => ws.done());

/** A PDF whose one stream inflates past the 128 MB bound (129 MB of spaces, deflated to ~130 KB). */
function streamBombPdf(): Buffer {
  const data = deflateSync(Buffer.alloc(129 * 1024 * 1024, 0x20), { level: 1 });
  return pdfOfObjects([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>',
    `<< /Length ${data.length} /Filter /FlateDecode >>\nstream\n${data.toString('latin1')}\nendstream`,
  ]);
}

/**
 * What is left of a Chinese text once data is taken out (the file's name, quoted values, numbers,
 * format names): a run of three Latin words in it is an English sentence nobody translated.
 */
function untranslated(text: string, file: string): string[] {
  const bare = text.replaceAll(file, ' ').replace(/"[^"]*"/g, ' ').replace(/<[^>]*>/g, ' ');
  return bare.match(/[A-Za-z]{2,}(?:[\s,;:()]+[A-Za-z]{2,}){2,}/g) ?? [];
}

const zhOf = (m: Message) => renderMessage(m, REFUSAL_CATALOGUE_ZH);

describe('whole-file refusals as messages', () => {
  it('refuses bad files with a message key, parameters and the file name, in English as before and in Chinese throughout', async () => {
    const good = xlsx(sheetXml([['VIN', '品牌'], ['LGXCE4CB0R0000019', 'BYD']]));
    const files = {
      'binary.csv': Buffer.concat([Buffer.from('PK-not'), Buffer.alloc(64, 0), Buffer.from([0xff, 0xfe, 0x01])]),
      'empty.csv': Buffer.alloc(0),
      'cut.xlsx': good.subarray(0, Math.floor(good.length / 2)),
      'bomb.pdf': streamBombPdf(),
      'headers.csv': Buffer.from(csv([['colour', 'weight', '销售方名称'], ['red', '1', 'x']])),
      'old.xls': Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), Buffer.alloc(60, 1)]),
      'lines.jsonl': Buffer.from('{"colour":"red"}\n'),
      // A rule pack dropped with the tables: was "no record kind matches its headers (found: (none))".
      'pack.json': Buffer.from(JSON.stringify({ jurisdiction: 'RU', clauses: [] }, null, 2)),
    };
    const results = await importFiles(ws.caseFile, Object.entries(files).map(([name, bytes]) => ({ path: ws.file(name, bytes), name })));
    const byName = new Map(results.map((r) => [r.file, r]));
    const expectEnglish: Record<keyof typeof files, RegExp> = {
      'binary.csv': /^binary\.csv was refused: its name ends in \.csv but it holds binary data, not text, so it is not a CSV file/,
      'empty.csv': /^empty\.csv was refused: the file is empty\.$/,
      'cut.xlsx': /^cut\.xlsx was refused: it is not a readable XLSX workbook \(it is not a complete zip archive \(its central directory is missing; the file may be cut short\)\)\.$/,
      'bomb.pdf': /^bomb\.pdf was refused: one of its compressed streams inflates to more than 128 MB/,
      'headers.csv': /^headers\.csv was refused: no record kind matches its headers \(found: "colour", "weight", "销售方名称"\); nearest kind: sales, missing invoice_no, invoice_date, vin, buyer\.$/,
      'old.xls': /^old\.xls was refused: it is an old binary Excel\/Office file \(\.xls\)/,
      'lines.jsonl': /^lines\.jsonl was refused: no record kind matches its headers \(found: "colour"\)/,
      'pack.json': /^pack\.json was refused: its first line is not a JSON object with headers as keys: JSON lines hold one record a line \(a JSON document such as a rule pack is not a table; rule packs are imported on the Rule packs screen/,
    };
    for (const [name, english] of Object.entries(expectEnglish)) {
      const refused = byName.get(name)?.refused;
      expect(refused, name).toBeTruthy();
      expect(refused!.message, name).toMatch(english);
      // The key and parameters render to the very English the command line prints, and name the file.
      expect(refused!.msg, name).toBeTruthy();
      expect(renderMessage(refused!.msg!, REFUSAL_CATALOGUE_EN), name).toBe(refused!.message);
      expect(JSON.stringify(refused!.msg)).toContain(JSON.stringify(name));
      const chinese = zhOf(refused!.msg!);
      expect(chinese, name).toContain(name);
      expect(chinese, name).toMatch(/[\u4e00-\u9fff]/);
      expect(untranslated(chinese, name), `${name}: ${chinese}`).toEqual([]);
    }
    expect(zhOf(byName.get('headers.csv')!.refused!.msg!)).toContain('最接近的类型：销售发票，缺少 发票号码，开票日期，');
    expect(ws.caseFile.db.prepare('SELECT count(*) AS n FROM documents').get()).toEqual({ n: 0 });
  });

  it('keeps the message across the reading thread, and the import panel shows it without the name, in the screen\'s language', async () => {
    const path = ws.file('big.csv', csv([['colour', 'weight'], ...Array.from({ length: 200 }, (_, i) => ['red', String(i)])]));
    const [result] = await importFiles(ws.caseFile, [{ path }], { threadBytes: 1 });
    expect(result!.refused!.message).toMatch(/^big\.csv was refused: no record kind matches its headers/);
    expect(result!.refused!.msg?.key).toBe('refusal.refused');
    const row: FileRow = { name: 'big.csv', status: 'refused', bytesDone: 0, bytesTotal: 0, rowsDone: 0, step: 'reading', page: 0, pages: 0, result: result as ImportFileResult };
    const en = makeI18n('en');
    const zh = makeI18n('zh');
    expect(refusalReason(row, (m) => en.msg(m))).toMatch(/^no record kind matches its headers \(found: "colour", "weight"\); nearest kind: /);
    const chinese = refusalReason(row, (m) => zh.msg(m));
    expect(chinese).toMatch(/^表头与任何记录类型都不匹配（现有表头："colour"，"weight"）；最接近的类型：/);
    expect(untranslated(chinese, 'big.csv')).toEqual([]);
  });
});
