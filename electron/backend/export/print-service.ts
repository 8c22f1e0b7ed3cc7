import type Database from 'better-sqlite3';
import { checkWriteTarget, writeGuardedBytes } from '../files/guarded-write';
import { extname } from 'node:path';
import { ZeroMileError } from '../../../shared/errors';
import { refusal } from '../../../shared/refusal';
import type { Lang } from '../../../shared/i18n/message';
import { TABLE_NAMES, exportTable, type TableName } from './case-tables';
import { printPdf, screenshotElement, type ChromiumOptions } from './chromium-print';
import { writeCsv } from './csv';
import { caseReportHtml } from './evidence/case-report';
import { chainSvg } from './evidence/chain-svg';
import { loadEvidenceSheet } from './evidence/evidence-data';
import { evidenceSheetHtml, htmlPage } from './evidence/evidence-sheet';
import type { PageSetup } from './evidence/page-style';
import { printText } from './evidence/print-text';
import { loadReport } from './evidence/report-data';
import { writeFtm } from './ftm';
import { writeGraphml } from './graphml';
import { shownHolderCode } from '../../../shared/party-id';
import { checkReportCancel } from './evidence/report-data';
import { queueEvidenceTable, queueTable, type QueueSelection } from './queue-table';
import { writeXlsx, writeXlsxTables } from './xlsx';

/**
 * What the CLI, the handlers and browser mode call: build a page, print it, or export the case.
 * The same HTML goes to every printer; only the printer differs.
 */
export type PrintOptions = PageSetup & {
  unmaskIds: boolean;
  /** Read between the steps of a case report (a shared flag: the worker reads no messages meanwhile); true stops it. */
  cancelled?: () => boolean;
};

export const EVIDENCE_FORMATS = ['pdf', 'svg', 'png', 'html'] as const;
export type EvidenceFormat = (typeof EVIDENCE_FORMATS)[number];
export const EXPORT_FORMATS = ['ftm', 'graphml', 'csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function evidenceHtml(db: Database.Database, vin: string, options: PrintOptions): string {
  return evidenceSheetHtml(loadEvidenceSheet(db, vin), options);
}

export function reportHtml(db: Database.Database, options: PrintOptions): string {
  return caseReportHtml(loadReport(db, new Date(), options.cancelled), options);
}

/** The chain graph alone as a standalone SVG file. */
export function evidenceSvg(db: Database.Database, vin: string, options: { unmaskIds: boolean; lang?: Lang | undefined }): string {
  const chain = loadEvidenceSheet(db, vin).chain;
  return chainSvg(chain, { standalone: true, perRow: 4, shownCode: (h) => shownHolderCode(h, options), text: printText(options.lang) });
}

export function formatOf(path: string, allowed: readonly string[]): string {
  const format = extname(path).slice(1).toLowerCase();
  if (!allowed.includes(format)) throw refusal('bad_argument', 'error.write.extension', { path, extensions: allowed.map((f) => `.${f}`).join(', ') });
  return format;
}

/** Writes an evidence sheet as PDF, HTML, or the graph alone as SVG or PNG; returns the bytes written. */
export async function writeEvidence(db: Database.Database, vin: string, out: string, options: PrintOptions & ChromiumOptions): Promise<number> {
  const format = formatOf(out, EVIDENCE_FORMATS) as EvidenceFormat;
  checkWriteTarget(out); // refused before minutes of printing, and again when written
  let bytes: Buffer | string;
  switch (format) {
    case 'pdf': bytes = await printPdf(evidenceHtml(db, vin, options), options); break;
    case 'html': bytes = evidenceHtml(db, vin, options); break;
    case 'svg': bytes = evidenceSvg(db, vin, options); break;
    case 'png': {
      const svg = evidenceSvg(db, vin, options).replace(/^<\?xml[^>]*>\n/, '');
      bytes = await screenshotElement(htmlPage(`Chain ${vin}`, 'body { margin: 0; background: #fff; }', svg), 'svg', options);
      break;
    }
    default: {
      const never: never = format;
      throw new Error(`unknown format ${String(never)}`);
    }
  }
  return writeGuardedBytes(out, bytes);
}

export async function writeReport(db: Database.Database, out: string, options: PrintOptions & ChromiumOptions): Promise<number> {
  const format = formatOf(out, ['pdf', 'html']);
  checkWriteTarget(out);
  const html = reportHtml(db, options);
  checkReportCancel(options.cancelled);
  const bytes = format === 'pdf' ? await printPdf(html, options) : html;
  checkReportCancel(options.cancelled);
  return writeGuardedBytes(out, bytes);
}

export type ExportRequest = { format: ExportFormat; out: string; flaggedOnly: boolean; unmaskIds: boolean; table?: TableName; queue?: QueueSelection };

function tableOf(table: string): TableName {
  if (!(TABLE_NAMES as readonly string[]).includes(table)) throw new ZeroMileError('bad_argument', `No table ${table}; choose ${TABLE_NAMES.join(', ')}.`);
  return table as TableName;
}

/** Writes one export; returns counts (entities per schema, rows per table, nodes and edges). */
export async function exportCase(db: Database.Database, request: ExportRequest): Promise<Record<string, number>> {
  const options = { flaggedOnly: request.flaggedOnly, unmaskIds: request.unmaskIds };
  checkWriteTarget(request.out);
  if (request.queue) {
    // The queue as filtered on screen: one table, CSV or a workbook sheet (more past Excel's row
    // limit) with the evidence sheet of its flags, since a workbook cuts a long evidence cell.
    if (request.format === 'csv') return { flags: await writeCsv(queueTable(db, request.queue), request.out) };
    if (request.format === 'xlsx') return writeXlsxTables(request.out, [queueTable(db, request.queue), queueEvidenceTable(db, request.queue)]);
    throw new ZeroMileError('bad_argument', 'The flag queue exports as CSV or XLSX.');
  }
  switch (request.format) {
    case 'ftm': return writeFtm(db, request.out, options);
    case 'graphml': return writeGraphml(db, request.out, options);
    case 'csv': {
      const table = tableOf(request.table ?? 'flags');
      return { [table]: await writeCsv(exportTable(db, table, options), request.out) };
    }
    // Every table as a sheet, or the one asked for (streamed alike; past Excel's row limit on to a next sheet).
    case 'xlsx': return writeXlsx(db, request.out, options, request.table === undefined ? undefined : tableOf(request.table));
    default: {
      const never: never = request.format;
      throw new ZeroMileError('bad_argument', `Unknown export format ${String(never)}.`);
    }
  }
}
