import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCommand } from '../../../electron/backend/cli/commands/export';
import { exportCase, reportHtml } from '../../../electron/backend/export/print-service';
import { partyNetworkGraphml } from '../../../electron/backend/export/graphml';
import type { FtmEntity } from '../../../electron/backend/export/ftm';
import { ftmEntity, ftmThroughModel } from '../../../electron/backend/export/ftm-model';
import { ftmProperties } from './ftm-schema';
import { createPrintFixture, EXPORTER, FORMULA, PERSON, PERSON_ID, TRADER, TRADER_ID, VIN, VIN_PRIVATE, type PrintFixture } from './print-fixture';

let f: PrintFixture;
beforeAll(async () => { f = await createPrintFixture(); });
afterAll(() => f.remove());

const out = (name: string) => join(f.dir, name);
const run = (format: 'ftm' | 'graphml' | 'csv' | 'xlsx', name: string, extra: { table?: 'flags' | 'vehicles' | 'parties' | 'records'; flaggedOnly?: boolean; unmaskIds?: boolean } = {}) =>
  exportCase(f.caseFile.db, { format, out: out(name), flaggedOnly: extra.flaggedOnly ?? false, unmaskIds: extra.unmaskIds ?? false, table: extra.table });

function parseXml(text: string): Document {
  const errors: string[] = [];
  const doc = new DOMParser({ errorHandler: { warning: () => undefined, error: (m: string) => errors.push(m), fatalError: (m: string) => errors.push(m) } })
    .parseFromString(text, 'text/xml');
  expect(errors).toEqual([]);
  return doc as unknown as Document;
}

describe('FollowTheMoney export', () => {
  it('reads the schemata with their parents (the check below has teeth)', () => {
    const vehicle = ftmProperties('Vehicle');
    expect(vehicle).toContain('registrationNumber');
    expect(vehicle).toContain('name');
    expect(vehicle).toContain('amount');
    expect(vehicle).not.toContain('vin');
    expect(ftmProperties('Ownership')).toContain('recordId');
    expect(ftmProperties('Company')).toContain('taxNumber');
  });

  it('builds entities with the FollowTheMoney model: an unknown property or a value of the wrong type is refused', () => {
    expect(() => ftmEntity('Vehicle', 'a1', { vin: ['LGX'] })).toThrow(/Vehicle has no property vin/);
    expect(() => ftmEntity('Ownership', 'a2', { startDate: ['5 March 2024'] })).toThrow(/Ownership.startDate \(date\) cannot hold/);
    expect(() => ftmEntity('Company', 'a3', { jurisdiction: ['China'] })).toThrow(/jurisdiction \(country\)/);
    expect(ftmEntity('Payment', 'a4', { amount: [12.5, null, ''], currency: ['CNY', 'CNY'] }).properties).toEqual({ amount: ['12.5'], currency: ['CNY'] });
  });

  it('writes only properties each schema (with its parents) defines, as lists of strings', async () => {
    const counts = await run('ftm', 'case.ftm');
    const entities = readFileSync(out('case.ftm'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as FtmEntity);
    expect(counts).toMatchObject({ Vehicle: 2, Document: 4, Person: 1 });
    expect(new Set(entities.map((e) => e.schema))).toEqual(new Set(['Vehicle', 'Company', 'Person', 'Ownership', 'Payment', 'Document']));
    for (const entity of entities) {
      expect(Object.keys(entity).sort()).toEqual(['id', 'properties', 'schema']);
      const allowed = ftmProperties(entity.schema);
      for (const [name, values] of Object.entries(entity.properties)) {
        expect(allowed, `${entity.schema}.${name}`).toContain(name);
        expect(Array.isArray(values) && values.length > 0 && values.every((v) => typeof v === 'string')).toBe(true);
      }
    }
    // Aleph's own model reads every line back as written.
    for (const entity of entities) expect(ftmThroughModel(entity)).toEqual(entity);
    // References point at entities in the same file.
    const ids = new Set(entities.map((e) => e.id));
    for (const e of entities.filter((x) => x.schema === 'Ownership' || x.schema === 'Payment')) {
      for (const ref of [...(e.properties.owner ?? []), ...(e.properties.asset ?? []), ...(e.properties.payer ?? []), ...(e.properties.beneficiary ?? [])]) {
        expect(ids).toContain(ref);
      }
    }
    const vehicle = entities.find((e) => e.schema === 'Vehicle' && e.properties.name?.[0] === VIN)!;
    expect(vehicle.properties).toMatchObject({ registrationNumber: ['川A12345'], buildDate: ['2024-01-10'], registrationDate: ['2024-02-05'], deregistrationDate: ['2024-02-19'] });
    const trader = entities.find((e) => e.properties.name?.[0] === TRADER)!;
    expect(trader.properties).toMatchObject({ registrationNumber: [TRADER_ID], taxNumber: [TRADER_ID], jurisdiction: ['cn'] });
    const doc = entities.find((e) => e.schema === 'Document' && e.properties.fileName?.[0] === 'sales.csv')!;
    expect(doc.properties.contentHash?.[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(entities.filter((e) => e.schema === 'Ownership').map((e) => e.properties.recordId?.[0])).toContain(`sha256:${doc.properties.contentHash![0]}#row=2`);
  });

  it('is byte-equal across two exports of one case (ids hash stable keys)', async () => {
    await run('ftm', 'a.ftm');
    await run('ftm', 'b.ftm');
    expect(readFileSync(out('a.ftm'))).toEqual(readFileSync(out('b.ftm')));
    expect(readFileSync(out('a.ftm'), 'utf8')).toMatch(/"id":"[0-9a-f]{40}"/);
  });

  it('masks personal ID numbers unless asked, and narrows to flagged vehicles', async () => {
    await run('ftm', 'masked.ftm');
    expect(readFileSync(out('masked.ftm'), 'utf8')).not.toContain(PERSON_ID);
    const person = readFileSync(out('masked.ftm'), 'utf8').split('\n').find((l) => l.includes(`"${PERSON}"`))!;
    expect(person).toContain(`${PERSON_ID.slice(0, 6)}***********`);
    await run('ftm', 'unmasked.ftm', { unmaskIds: true });
    expect(readFileSync(out('unmasked.ftm'), 'utf8')).toContain(PERSON_ID);
    const flagged = await run('ftm', 'flagged.ftm', { flaggedOnly: true });
    expect(flagged.Vehicle).toBe(1);
    expect(readFileSync(out('flagged.ftm'), 'utf8')).not.toContain(VIN_PRIVATE);
  });
});

describe('GraphML export', () => {
  it('parses, declares every data key, and carries roles, vehicle counts and dates', async () => {
    const counts = await run('graphml', 'net.graphml');
    const doc = parseXml(readFileSync(out('net.graphml'), 'utf8'));
    const keys = new Set(Array.from(doc.getElementsByTagName('key')).map((k) => k.getAttribute('id')));
    const used = Array.from(doc.getElementsByTagName('data')).map((d) => d.getAttribute('key'));
    for (const key of used) expect(keys).toContain(key);
    const nodes = Array.from(doc.getElementsByTagName('node'));
    expect(nodes).toHaveLength(counts.nodes!);
    const label = (n: Element, key: string) => Array.from(n.getElementsByTagName('data')).find((d) => d.getAttribute('key') === key)?.textContent;
    const exporter = nodes.find((n) => label(n, 'label') === EXPORTER)!;
    expect(label(exporter, 'role')).toBe('exporter');
    expect(label(exporter, 'vehicles')).toBe('1');
    expect(label(exporter, 'first')).toBe('2024-02-20');
    const ids = new Set(nodes.map((n) => n.getAttribute('id')));
    for (const e of Array.from(doc.getElementsByTagName('edge'))) {
      expect(ids).toContain(e.getAttribute('source'));
      expect(ids).toContain(e.getAttribute('target'));
    }
    expect(readFileSync(out('net.graphml'), 'utf8')).not.toContain(PERSON_ID);
  });

  it('streams from a network of its own in the temporary store, dropped when the file is written or the writing stops', async () => {
    const db = f.caseFile.db;
    const tables = () => db.prepare("SELECT name FROM sqlite_temp_master WHERE name LIKE 'network%'").pluck().all();
    await run('graphml', 'whole.graphml');
    expect(tables()).toEqual([]);
    const lines = partyNetworkGraphml(db, { flaggedOnly: false, unmaskIds: false });
    const read: string[] = [];
    // Into its edges, with their statement open, as when the writer waits for the disk.
    for (let next = lines.next(); !next.done; next = lines.next()) {
      read.push(next.value);
      if (next.value.startsWith('    <edge ')) break;
    }
    expect(tables()).toHaveLength(2);
    expect(readFileSync(out('whole.graphml'), 'utf8').startsWith(`${read.join('\n')}\n`)).toBe(true);
    lines.return(undefined);
    expect(tables()).toEqual([]);
    expect(reportHtml(db, { paper: 'a4', landscape: false, unmaskIds: false })).toContain('<svg');
    expect(tables()).toEqual([]);
  });
});

describe('CSV and XLSX exports', () => {
  it('neutralises a formula in a party name and keeps numbers as numbers', async () => {
    await run('csv', 'records.csv', { table: 'records' });
    const text = readFileSync(out('records.csv'), 'utf8');
    expect(text.startsWith('\uFEFFrecord_kind,')).toBe(true);
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);
    expect(text).toContain(',150000,CNY,');
  });

  it('cites the document and row of every record', async () => {
    const counts = await run('csv', 'all-records.csv', { table: 'records' });
    const lines = readFileSync(out('all-records.csv'), 'utf8').trim().split('\r\n');
    expect(counts.records).toBe(11);
    expect(lines).toHaveLength(12);
    for (const line of lines.slice(1)) expect(line).toMatch(/,\w+\.csv,[0-9a-f]{64},,\d+,,$/);
  });

  it('keeps only flagged vehicles and their records with --flagged-only', async () => {
    expect(await run('csv', 'flagged-vehicles.csv', { table: 'vehicles', flaggedOnly: true })).toEqual({ vehicles: 1 });
    const records = await run('csv', 'flagged-records.csv', { table: 'records', flaggedOnly: true });
    expect(records.records).toBe(7);
    expect(readFileSync(out('flagged-records.csv'), 'utf8')).not.toContain(VIN_PRIVATE);
    const net = await run('graphml', 'flagged.graphml', { flaggedOnly: true });
    expect(readFileSync(out('flagged.graphml'), 'utf8')).not.toContain(PERSON);
    expect(net.nodes).toBe(5);
  });

  it('masks personal ID numbers in every table', async () => {
    for (const table of ['flags', 'vehicles', 'parties', 'records'] as const) {
      await run('csv', `${table}.csv`, { table });
      expect(readFileSync(out(`${table}.csv`), 'utf8')).not.toContain(PERSON_ID);
    }
    await run('csv', 'parties-open.csv', { table: 'parties', unmaskIds: true });
    expect(readFileSync(out('parties-open.csv'), 'utf8')).toContain(PERSON_ID);
  });

  it('holds each table as a sheet in the workbook, formulas inert', async () => {
    const counts = await run('xlsx', 'case.xlsx');
    expect(counts).toMatchObject({ flags: 3, vehicles: 2, records: 11 });
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out('case.xlsx'));
    expect(book.worksheets.map((s) => s.name)).toEqual(['flags', 'vehicles', 'parties', 'records', 'evidence']);
    const cells: unknown[] = [];
    book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => { cells.push(cell.value); })));
    expect(cells).toContain(`'${FORMULA}`);
    expect(cells).not.toContain(FORMULA);
    expect(cells.some((v) => typeof v === 'object' && v !== null && 'formula' in v)).toBe(false);
    expect(cells).toContain(150000);
    expect(cells.map(String).join('\n')).not.toContain(PERSON_ID);
    const flags = book.getWorksheet('flags')!;
    expect(flags.rowCount).toBe(4);
  });

  it('writes the one table --table names as a workbook, as zeromile export\'s help offers', async () => {
    // A stranger's probe: `--format xlsx --table records` was refused ('--table goes with --format csv').
    let said = '';
    const io = { out: (text: string) => { said += text; }, err: () => undefined };
    expect(await exportCommand.run([f.path, '--format', 'xlsx', '--table', 'records', '--out', out('records.xlsx')], io)).toBe(0);
    expect(said).toBe(`wrote ${out('records.xlsx')}: 11 records`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out('records.xlsx'));
    expect(book.worksheets.map((s) => s.name)).toEqual(['records']);
    expect(book.getWorksheet('records')!.rowCount).toBe(12);
    await expect(exportCommand.run([f.path, '--format', 'ftm', '--table', 'flags', '--out', out('x.ftm')], io)).rejects.toThrow(/--table goes with --format csv or xlsx/);
  });

  it('writes the same bytes for the same case, whenever it runs', async () => {
    await run('xlsx', 'first.xlsx');
    // The zip writer stamps entries with the clock (to the 2 seconds a DOS time holds).
    await new Promise((resolve) => setTimeout(resolve, 2100));
    await run('xlsx', 'second.xlsx');
    expect(readFileSync(out('second.xlsx')).equals(readFileSync(out('first.xlsx')))).toBe(true);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out('second.xlsx'));
    expect(book.worksheets).toHaveLength(5);
  });
});
