import ExcelJS from 'exceljs';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliCommand } from '../../../electron/backend/cli/command';
import { importCommand, infoCommand, newCommand, rejectsCommand, vinCommand } from '../../../electron/backend/cli/commands/case-commands';
import { backupCommand } from '../../../electron/backend/cli/commands/backup';
import { chainCommand } from '../../../electron/backend/cli/commands/chain';
import { evidenceCommand } from '../../../electron/backend/cli/commands/evidence';
import { exportCommand } from '../../../electron/backend/cli/commands/export';
import { packsCommand } from '../../../electron/backend/cli/commands/packs';
import { COMMANDS } from '../../../electron/backend/cli/commands';
import { tempDir } from '../../support/paths';
import { SELLER_USCC, badVin, csv, vinNo } from '../import/import-helpers';
import { mkdirSync, writeFileSync } from 'node:fs';

const temp = tempDir('zeromile-cli-');
afterAll(() => temp.remove());

async function run(command: CliCommand, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await command.run(argv, { out: (t) => { out += `${t}\n`; }, err: (t) => { err += `${t}\n`; } });
  return { code, out, err };
}

const casePath = join(temp.dir, 'cli.zmcase');
const sales = join(temp.dir, 'sales.csv');
writeFileSync(sales, csv([
  ['发票号码', '开票日期', '车辆识别代号', '销售方名称', '销售方纳税人识别号', '购买方名称'],
  ['S1', '2024-03-05', vinNo(1), '比亚迪汽车销售有限公司', SELLER_USCC, '深圳市前海贸易有限公司'],
  ['S2', '2024-03-06', badVin(2), '比亚迪汽车销售有限公司', SELLER_USCC, '深圳市前海贸易有限公司'],
]));
const other = join(temp.dir, 'other.csv');
writeFileSync(other, csv([['名称', '金额'], ['a', '1']]));

describe('zeromile new / import / info / rejects / vin', () => {
  it('are registered', () => {
    for (const name of ['new', 'import', 'info', 'rejects', 'vin']) expect(COMMANDS.some((c) => c.name === name)).toBe(true);
  });

  it('new creates a case file with a title', async () => {
    const result = await run(newCommand, casePath, '--title', 'Horgos 2025');
    expect(result.code).toBe(0);
    expect(existsSync(casePath)).toBe(true);
    expect(result.out).toContain('Horgos 2025');
  });

  it('import --json prints the shape of issue 2 and exits 1 when a file is refused', async () => {
    const first = await run(importCommand, casePath, sales, '--json');
    expect(first.code).toBe(0);
    const json = JSON.parse(first.out);
    expect(json).toEqual({
      files: [{
        file: 'sales.csv', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), kind: 'sales', rows: 2, imported: 1, rejected: 1, duplicate: false,
        rejects: [{ row: 3, reason: 'invalid_vin', message: expect.stringContaining('check digit') }],
        // Added to the shape: each sheet's kind, its columns read into no field, a sheet passed over.
        sheets: [{ sheet: null, kind: 'sales', rows: 2, unread: [], unread_more: 0 }],
      }],
    });
    const second = await run(importCommand, casePath, sales, other, '--json');
    expect(second.code).toBe(1);
    const files = JSON.parse(second.out).files;
    expect(files[0]).toMatchObject({ file: 'sales.csv', duplicate: true, rows: 0, imported: 0, rejected: 0, rejects: [] });
    expect(files[1]).toMatchObject({ file: 'other.csv', kind: null, refused: { code: 'file_refused' } });
    expect(second.err).toContain('other.csv was refused: no record kind matches its headers (found: "名称", "金额")');
  });

  it('import prints readable text without --json', async () => {
    const again = await run(importCommand, casePath, sales);
    expect(again.out).toContain('sales.csv: already in the case');
  });

  it('info --json gives the counts', async () => {
    const result = await run(infoCommand, casePath, '--json');
    expect(JSON.parse(result.out)).toEqual({
      records: { vehicles: 0, sales: 1, registrations: 0, exports: 0, shipments: 0, confirmations: 0 },
      documents: 1, parties: 2, vehicles: 1, rejected: 1,
    });
    const text = await run(infoCommand, casePath);
    expect(text.out).toMatch(/Horgos 2025[\s\S]*sales\s+1[\s\S]*rejected rows\s+1/);
  });

  it('rejects lists the rejected rows with raw cells', async () => {
    const result = await run(rejectsCommand, casePath, '--json');
    expect(JSON.parse(result.out).rejects).toEqual([expect.objectContaining({ file: 'sales.csv', row: 3, reason: 'invalid_vin', raw: expect.objectContaining({ 发票号码: 'S2' }) })]);
    expect((await run(rejectsCommand, casePath)).out).toContain('sales.csv row 3: invalid_vin');
  });

  it('cites a workbook\'s rejected row with its sheet, as every citation does', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('销售');
    sheet.addRow(['发票号码', '开票日期', '车辆识别代号', '销售方名称', '销售方纳税人识别号', '购买方名称']);
    sheet.addRow(['S1', '2024-03-05', vinNo(1), '比亚迪汽车销售有限公司', SELLER_USCC, '深圳市前海贸易有限公司']);
    sheet.addRow(['S2', '2024-03-06', badVin(2), '比亚迪汽车销售有限公司', SELLER_USCC, '深圳市前海贸易有限公司']);
    const path = join(temp.dir, 'book.xlsx');
    await book.xlsx.writeFile(path);
    const workbookCase = join(temp.dir, 'book.zmcase');
    expect((await run(newCommand, workbookCase)).code).toBe(0);
    expect((await run(importCommand, workbookCase, path)).out).toContain('\n  sheet 销售, row 3: invalid_vin: ');
    expect((await run(rejectsCommand, workbookCase)).out).toMatch(/^book\.xlsx sheet 销售, row 3: invalid_vin: /);
  });

  it('vin --json decodes each VIN', async () => {
    const result = await run(vinCommand, vinNo(1), 'LGXCE4CB0R000000', '--json');
    expect(JSON.parse(result.out)).toEqual([
      { vin: vinNo(1), valid: true, reason: null, guess: false, wmi: 'LGX', maker: 'BYD', model_year: 2024 },
      { vin: 'LGXCE4CB0R000000', valid: false, reason: 'length', guess: false, wmi: null, maker: null, model_year: null },
    ]);
  });

  it('vin decodes nothing from a VIN of the wrong length, and marks the decoding of a failed check digit as a guess', async () => {
    const text = (await run(vinCommand, '12345', 'WDD12')).out;
    expect(text).toContain('12345  INVALID (length)  nothing decoded\n');
    expect(text).toContain('WDD12  INVALID (length)  nothing decoded\n');
    expect(text).not.toContain('Mercedes');
    const wrongDigit = `${vinNo(1).slice(0, 8)}${vinNo(1)[8] === '1' ? '2' : '1'}${vinNo(1).slice(9)}`;
    expect((await run(vinCommand, wrongDigit)).out).toBe(`${wrongDigit}  INVALID (check_digit)  a guess, since the check digit fails: WMI LGX  maker BYD  model year 2024\n`);
  });

  it('vin exits 1 once a VIN is invalid, after printing why (probe 56 item 16)', async () => {
    const bad = await run(vinCommand, vinNo(1), 'LGXCE4CB0TAO00006');
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('LGXCE4CB0TAO00006  INVALID (alphabet)  nothing decoded\n');
    expect((await run(vinCommand, 'LGXCE4CB0TAO00006', '--json')).code).toBe(1);
    expect((await run(vinCommand, vinNo(1), vinNo(2))).code).toBe(0);
  });

  it('rejects --limit -1 is a usage error in our words, not the option parser\'s', async () => {
    await expect(run(rejectsCommand, casePath, '--limit', '-1')).rejects.toThrow(/^--limit was given -1, which reads as an option; write --limit=-1 if that is the value meant$/);
    await expect(run(rejectsCommand, casePath, '--limit=-1')).rejects.toThrow('--limit takes a whole number');
    await expect(run(rejectsCommand, casePath, '--limit')).rejects.toThrow(/^--limit needs a value$/);
  });

  it('chain says "date not recorded" for a holder with no date, not "from ?"', async () => {
    const text = (await run(chainCommand, casePath, vinNo(1))).out;
    expect(text).toMatch(/1\. 比亚迪汽车销售有限公司 \(\w+, [^)]*\) date not recorded/);
    expect(text).not.toContain('from ?');
  });

  it('packs --import names a refused file by the path as given, whatever is wrong in it', async () => {
    const folder = join(temp.dir, 'in');
    mkdirSync(folder, { recursive: true });
    const badPack = join(folder, 'badpack.json');
    writeFileSync(badPack, JSON.stringify({ jurisdiction: 'RU', clauses: [{ rule: 'nope' }] }));
    const notJson = join(folder, 'badpack2.json');
    writeFileSync(notJson, 'not json');
    for (const file of [badPack, notJson, relative(process.cwd(), badPack), relative(process.cwd(), notJson)]) {
      await expect(run(packsCommand, casePath, '--import', file)).rejects.toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} was refused: it is not`));
    }
  });

  it('packs --import says in plain words what is wrong in a bad pack, naming the file and each field (probe 56 item 11)', async () => {
    const file = join(temp.dir, 'in', 'badpack3.json');
    mkdirSync(join(temp.dir, 'in'), { recursive: true });
    writeFileSync(file, JSON.stringify({ jurisdiction: 'RU', clauses: [{ rule: 'nope' }] }));
    const error = await run(packsCommand, casePath, '--import', file).then(() => null, (e: unknown) => e as Error);
    expect(error?.message).toBe(`${file} was refused: it is not a valid rule pack (format is missing (it must be 1); id is missing (it must be text in quotes); `
      + 'name is missing (it must be an object ({…})); version is missing (it must be a number); '
      + 'clauses[0].rule is "nope", not one of the rules a pack clause can use (destination_brand_restriction, destination_min_use, missing_after_sales_confirmation); '
      + 'the pack has a field a rule pack does not have: "jurisdiction").');
    // No schema library's words: "Invalid input", "expected … received", "discriminator", "Unrecognized key".
    writeFileSync(file, JSON.stringify({ format: 2, id: 'ru', name: { en: '', zh: '俄' }, version: 1.5, clauses: [{ id: 'a', rule: 'destination_min_use', title: { en: 'a', zh: 'b' },
      params: { min_days: '5', min_km: null }, effective_from: null, effective_to: null, source: 's', extra: 1 }] }));
    const second = await run(packsCommand, casePath, '--import', file).then(() => null, (e: unknown) => e as Error);
    expect(second?.message).toBe(`${file} was refused: it is not a valid rule pack (format must be 1, not 2; id must be an ISO 3166 alpha-2 code in capitals, not "ru"; `
      + 'name.en is empty; version must be a whole number, not the number 1.5; clauses[0].params.min_days must be a number, not the text "5"; '
      + 'clauses[0] has a field a rule pack does not have: "extra").');
    expect(second?.message).not.toMatch(/Invalid|expected \w+, received|discriminator|Unrecognized/);
  });

  it('evidence --vins counts one bad line in the singular', async () => {
    const list = join(temp.dir, 'vins.txt');
    writeFileSync(list, `${vinNo(1)}\nnot-a-vin\n`);
    await expect(run(evidenceCommand, casePath, '--vins', list, '--out', join(temp.dir, 'pack.pdf'))).rejects.toThrow('1 line is not a VIN (first: NOT-A-VIN) in vins.txt.');
    writeFileSync(list, 'bad-one\nbad-two\n');
    await expect(run(evidenceCommand, casePath, '--vins', list, '--out', join(temp.dir, 'pack.pdf'))).rejects.toThrow(/^2 lines are not VINs/);
  });

  it('export refuses a file whose ending is another format\'s, naming the right one', async () => {
    await expect(run(exportCommand, casePath, '--format', 'csv', '--out', join(temp.dir, 'out.xlsx'))).rejects.toThrow(`--format csv is written to a file ending in .csv, not ${join(temp.dir, 'out.xlsx')}`);
    await expect(run(exportCommand, casePath, '--format', 'xlsx', '--out', join(temp.dir, 'out2.csv'))).rejects.toThrow('ending in .xlsx');
    await expect(run(exportCommand, casePath, '--format', 'ftm', '--out', join(temp.dir, 'out.CSV'))).rejects.toThrow('ending in .ftm, .ijson, .jsonl, .json');
    expect(existsSync(join(temp.dir, 'out.xlsx'))).toBe(false);
    expect((await run(exportCommand, casePath, '--format', 'csv', '--out', join(temp.dir, 'OUT.CSV'))).code).toBe(0);
  });

  it('backup to a folder says it is a folder and names a file in it', async () => {
    const folder = join(temp.dir, 'backups');
    mkdirSync(folder);
    await expect(run(backupCommand, casePath, folder)).rejects.toThrow(`${folder} is a folder; the backup is one file. Give a file name in it, such as ${join(folder, 'cli-backup.zmcase')}.`);
    expect((await run(backupCommand, casePath, join(folder, 'cli-backup.zmcase'))).out).toContain('the backup is a complete case file');
  });
});
