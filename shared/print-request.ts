import { z } from 'zod';
import type { ExportFileArgs, ExportFormat, PrintLayout } from './contract/print';
import { LANGS } from './i18n/message';
import { flagFilterSchema, flagSortSchema } from './flag-filter';
import { VIN_CHARACTERS } from './vin';

/**
 * What the page asks the app to print or export. The page never sends HTML to be printed: it
 * names the page (a vehicle's evidence sheet or the case report) and the main process or the
 * server builds that page from the case file itself. One zod schema per input: the desktop's
 * print channels (electron/print-ipc.ts) and the handler table (handlers/print-handlers.ts)
 * check with the same pieces.
 */
export const PAPERS = ['a4', 'letter'] as const;
export const EXPORT_FORMATS = ['ftm', 'graphml', 'csv', 'xlsx'] as const;
export const EXPORT_TABLES = ['flags', 'vehicles', 'parties', 'records'] as const;

/** A VIN as the page sends it: trimmed, upper case, 17 characters of the VIN alphabet. */
export const vinArg = z.string().trim().toUpperCase().regex(VIN_CHARACTERS, 'a 17-character VIN');
/** Page layout of a print: paper, orientation, and whether ID numbers are shown unmasked. */
export const layoutArgs = {
  paper: z.enum(PAPERS),
  landscape: z.boolean(),
  unmask_ids: z.boolean().optional(),
  /** The language of the printed page's own words; English when not given. */
  lang: z.enum(LANGS).optional(),
};

const printRequestSchema = z.discriminatedUnion('what', [
  z.object({ what: z.literal('evidence'), vin: vinArg, ...layoutArgs }).strict(),
  z.object({ what: z.literal('report'), ...layoutArgs }).strict(),
]);
const graphRequestSchema = z.object({ vin: vinArg, format: z.enum(['svg', 'png']), unmask_ids: z.boolean().optional(), lang: z.enum(LANGS).optional() }).strict();
export const exportRequestFields = {
  format: z.enum(EXPORT_FORMATS),
  table: z.enum(EXPORT_TABLES).optional(),
  flagged_only: z.boolean().optional(),
  unmask_ids: z.boolean().optional(),
  queue: z.object({ filter: flagFilterSchema, sort: flagSortSchema.nullable().optional() }).strict().optional(),
};
const exportRequestSchema = z.object(exportRequestFields).strict();

/** An evidence pack: exactly one of a party's flagged vehicles, the vehicles a rule flagged, or a list of VINs; then the layout. */
const packRequestSchema = z.object({
  party_id: z.number().int().optional(),
  rule: z.string().max(64).optional(),
  vins: z.array(vinArg).min(1).max(20_000).optional(),
  ...layoutArgs,
}).strict().refine((a) => [a.party_id, a.rule, a.vins].filter((x) => x !== undefined).length === 1, 'say one of party_id, rule and vins');

export type PrintRequest = PrintLayout & ({ what: 'evidence'; vin: string } | { what: 'report' });
/** print:evidence-pack without the path: Electron asks for it with a save dialog. */
export type PackRequest = z.infer<typeof packRequestSchema>;
export type GraphRequest = z.infer<typeof graphRequestSchema>;
/** export:file without the path: Electron asks for it with a save dialog. */
export type ExportRequest = Omit<ExportFileArgs, 'path' | 'replace'>;

const orNull = <T>(schema: z.ZodType<T>, value: unknown): T | null => {
  const result = schema.safeParse(value);
  return result.success ? result.data : null;
};

/** A print request that crossed IPC, checked; null when it is not one. */
export const parsePrintRequest = (value: unknown): PrintRequest | null => orNull(printRequestSchema, value);
export const parseGraphRequest = (value: unknown): GraphRequest | null => orNull(graphRequestSchema, value);
export const parseExportRequest = (value: unknown): ExportRequest | null => orNull(exportRequestSchema, value);
export const parsePackRequest = (value: unknown): PackRequest | null => orNull(packRequestSchema, value);

/** The words an evidence pack's offered file is named with ("evidence pack party 125"). */
export function packSubject(request: PackRequest): string {
  return `evidence pack ${request.party_id !== undefined ? `party ${request.party_id}` : request.rule !== undefined ? `rule ${request.rule}` : `${request.vins!.length} vehicles`}`;
}

/**
 * The file name endings an export of `format` may be written under (export:file and `zeromile
 * export` refuse any other: CSV under .xlsx would open as a broken workbook); the first is offered.
 */
export function exportExtensions(format: ExportFormat): readonly string[] {
  return format === 'ftm' ? ['ftm', 'ijson', 'jsonl', 'json'] : [format];
}

/** The file extension an export is offered with (a save dialog's file name). */
export function exportExtension(format: ExportFormat): string {
  return exportExtensions(format)[0]!;
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
  if (request.queue) return 'flag queue';
  const table = request.format === 'csv' ? (request.table ?? 'flags') : request.format === 'xlsx' ? (request.table ?? 'tables') : 'network';
  const what = request.format === 'ftm' ? 'entities' : table;
  return `${what}${request.flagged_only ? ' flagged' : ''}`;
}

/** A file beside the case file (same folder), whichever separator the case path uses. */
export function pathBeside(casePath: string, fileName: string): string {
  const cut = Math.max(casePath.lastIndexOf('/'), casePath.lastIndexOf('\\'));
  if (cut < 0) return fileName;
  return `${casePath.slice(0, cut + 1)}${fileName}`;
}
