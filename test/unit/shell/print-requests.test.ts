import { describe, expect, it } from 'vitest';
import { printTarget } from '../../../renderer/src/lib/print-target';
import {
  exportExtension, exportSubject, offeredFileName, parseExportRequest, parseGraphRequest, parsePrintRequest, pathBeside,
} from '../../../shared/print-request';

const VIN = 'LFVARRXN2RA000078';

describe('print and export requests crossing IPC', () => {
  it('accepts the requests the page makes', () => {
    expect(parsePrintRequest({ what: 'evidence', vin: VIN, paper: 'letter', landscape: true })).toEqual({ what: 'evidence', vin: VIN, paper: 'letter', landscape: true });
    expect(parsePrintRequest({ what: 'report', paper: 'a4', landscape: false, unmask_ids: true })).toEqual({ what: 'report', paper: 'a4', landscape: false, unmask_ids: true });
    expect(parseGraphRequest({ vin: VIN, format: 'png' })).toEqual({ vin: VIN, format: 'png' });
    expect(parseExportRequest({ format: 'csv', table: 'records', flagged_only: true })).toEqual({ format: 'csv', table: 'records', flagged_only: true });
    expect(parseExportRequest({ format: 'ftm' })).toEqual({ format: 'ftm' });
  });

  it('refuses anything else: HTML, paths, unknown fields, bad VINs, paper or formats', () => {
    const refused = [
      null, 'print', [], { what: 'evidence', vin: VIN, paper: 'a4', landscape: false, html: '<script>' },
      { what: 'evidence', vin: 'LFVARRXN2RA00007O', paper: 'a4', landscape: false },
      { what: 'evidence', paper: 'a4', landscape: false },
      { what: 'report', vin: VIN, paper: 'a4', landscape: false },
      { what: 'report', paper: 'a3', landscape: false },
      { what: 'report', paper: 'a4', landscape: 'yes' },
      { what: 'file', paper: 'a4', landscape: false },
    ];
    for (const value of refused) expect(parsePrintRequest(value), JSON.stringify(value)).toBeNull();
    expect(parseGraphRequest({ vin: VIN, format: 'pdf' })).toBeNull();
    expect(parseGraphRequest({ vin: VIN, format: 'svg', path: '/etc/passwd' })).toBeNull();
    expect(parseExportRequest({ format: 'csv', path: '/tmp/x.csv' })).toBeNull();
    expect(parseExportRequest({ format: 'csv', table: 'audit_log' })).toBeNull();
    expect(parseExportRequest({ format: 'sql' })).toBeNull();
    expect(parseExportRequest({ format: 'xlsx', flagged_only: 1 })).toBeNull();
  });
});

describe('file names and places offered', () => {
  it('names a file after the case and what is saved, safe on every file system', () => {
    expect(offeredFileName('Hubei audit', `evidence ${VIN}`, 'pdf')).toBe(`Hubei audit - evidence ${VIN}.pdf`);
    expect(offeredFileName('a/b:c*?', 'report', 'pdf')).toBe('a b c - report.pdf');
    expect(offeredFileName('', '', 'csv')).toBe('zeromile.csv');
    expect(offeredFileName('湖北 审计', 'report', 'pdf')).toBe('湖北 审计 - report.pdf');
  });

  it('puts the file beside the case file', () => {
    expect(pathBeside('/cases/hubei/a.zmcase', 'x.pdf')).toBe('/cases/hubei/x.pdf');
    expect(pathBeside('C:\\cases\\a.zmcase', 'x.pdf')).toBe('C:\\cases\\x.pdf');
    expect(pathBeside('', 'x.pdf')).toBe('x.pdf');
  });

  it('describes an export by table and flagged-only, with the extension export:file accepts', () => {
    expect(exportSubject({ format: 'csv' })).toBe('flags');
    expect(exportSubject({ format: 'csv', table: 'vehicles', flagged_only: true })).toBe('vehicles flagged');
    expect(exportSubject({ format: 'xlsx' })).toBe('tables');
    expect(exportSubject({ format: 'graphml' })).toBe('network');
    expect(exportSubject({ format: 'ftm', flagged_only: true })).toBe('entities flagged');
    expect(exportExtension('ftm')).toBe('ftm');
    expect(exportExtension('xlsx')).toBe('xlsx');
  });
});

describe('what the menu prints', () => {
  it('prints the open vehicle, else the case report, in the layout given', () => {
    expect(printTarget({ screen: 'vehicle', vin: VIN.toLowerCase() })).toEqual({ what: 'evidence', vin: VIN, paper: 'a4', landscape: false });
    expect(printTarget({ screen: 'overview' }, { paper: 'letter', landscape: true })).toEqual({ what: 'report', paper: 'letter', landscape: true });
    expect(printTarget({ screen: 'flags', query: {} }).what).toBe('report');
  });
});
