import type { ExportFileArgs, ExportFormat, ExportTableName, PaperSize, PrintLayout } from './contract/print';

/**
 * What the page asks the app to print or export. The page never sends HTML to be printed: it
 * names the page (a vehicle's evidence sheet or the case report) and the main process or the
 * server builds that page from the case file itself.
 */
export type PrintRequest = PrintLayout & ({ what: 'evidence'; vin: string } | { what: 'report' });
export type GraphRequest = { vin: string; format: 'svg' | 'png'; unmask_ids?: boolean };
/** export:file without the path: Electron asks for it with a save dialog. */
export type ExportRequest = Omit<ExportFileArgs, 'path'>;

const PAPERS: readonly PaperSize[] = ['a4', 'letter'];
const FORMATS: readonly ExportFormat[] = ['ftm', 'graphml', 'csv', 'xlsx'];
const TABLES: readonly ExportTableName[] = ['flags', 'vehicles', 'parties', 'records'];
const VIN = /^[A-HJ-NPR-Z0-9]{17}$/;

type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
const optionalBool = (v: unknown): v is boolean | undefined => v === undefined || typeof v === 'boolean';
const onlyKeys = (v: Loose, keys: readonly string[]) => Object.keys(v).every((k) => keys.includes(k));

/** A print request that crossed IPC, checked; null when it is not one. */
export function parsePrintRequest(value: unknown): PrintRequest | null {
  if (!isObject(value) || !onlyKeys(value, ['what', 'vin', 'paper', 'landscape', 'unmask_ids'])) return null;
  const { what, vin, paper, landscape, unmask_ids } = value;
  if (!PAPERS.includes(paper as PaperSize) || typeof landscape !== 'boolean' || !optionalBool(unmask_ids)) return null;
  const layout: PrintLayout = { paper: paper as PaperSize, landscape, ...(unmask_ids === undefined ? {} : { unmask_ids }) };
  if (what === 'report' && vin === undefined) return { what, ...layout };
  if (what === 'evidence' && typeof vin === 'string' && VIN.test(vin)) return { what, vin, ...layout };
  return null;
}

export function parseGraphRequest(value: unknown): GraphRequest | null {
  if (!isObject(value) || !onlyKeys(value, ['vin', 'format', 'unmask_ids'])) return null;
  const { vin, format, unmask_ids } = value;
  if (typeof vin !== 'string' || !VIN.test(vin) || (format !== 'svg' && format !== 'png') || !optionalBool(unmask_ids)) return null;
  return { vin, format, ...(unmask_ids === undefined ? {} : { unmask_ids }) };
}

export function parseExportRequest(value: unknown): ExportRequest | null {
  if (!isObject(value) || !onlyKeys(value, ['format', 'table', 'flagged_only', 'unmask_ids'])) return null;
  const { format, table, flagged_only, unmask_ids } = value;
  if (!FORMATS.includes(format as ExportFormat)) return null;
  if (table !== undefined && !TABLES.includes(table as ExportTableName)) return null;
  if (!optionalBool(flagged_only) || !optionalBool(unmask_ids)) return null;
  return {
    format: format as ExportFormat,
    ...(table === undefined ? {} : { table: table as ExportTableName }),
    ...(flagged_only === undefined ? {} : { flagged_only }),
    ...(unmask_ids === undefined ? {} : { unmask_ids }),
  };
}

/** The file extension an export is written with (export:file checks it). */
export function exportExtension(format: ExportFormat): string {
  return format === 'ftm' ? 'ftm' : format;
}

/** The file name offered for a print or export, from the case title and what is saved. */
export function offeredFileName(caseTitle: string, subject: string, extension: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = (s: string) => s.normalize('NFKC').replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim();
  const base = [clean(caseTitle), clean(subject)].filter(Boolean).join(' - ').slice(0, 120) || 'zeromile';
  return `${base}.${extension}`;
}

/** The subject part of an export's file name: format, table and "flagged". */
export function exportSubject(request: ExportRequest): string {
  const table = request.format === 'csv' ? (request.table ?? 'flags') : request.format === 'xlsx' ? 'tables' : 'network';
  const what = request.format === 'ftm' ? 'entities' : table;
  return `${what}${request.flagged_only ? ' flagged' : ''}`;
}

/** A file beside the case file (same folder), whichever separator the case path uses. */
export function pathBeside(casePath: string, fileName: string): string {
  const cut = Math.max(casePath.lastIndexOf('/'), casePath.lastIndexOf('\\'));
  if (cut < 0) return fileName;
  return `${casePath.slice(0, cut + 1)}${fileName}`;
}
