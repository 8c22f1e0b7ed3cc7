import type { Lang } from '../i18n/message';
import type { FlagFilter } from './flags';
import type { GridSort } from './grids';
import type { HandlerSpec } from './handler';

/**
 * Printing and exports (issue 6). The backend builds one self-contained HTML page per evidence
 * sheet or case report; Electron prints it (dialog or printToPDF), browser mode lets the browser
 * print it or asks the server to save it as PDF through headless Chromium.
 */
export type PaperSize = 'a4' | 'letter';

export type PrintLayout = {
  paper: PaperSize;
  landscape: boolean;
  /** Show personal ID numbers whole; they are masked unless the analyst asks. */
  unmask_ids?: boolean;
  /** The language of the page's own words (labels, reasons, timeline); the case's values print as written. */
  lang?: Lang;
};

export type PrintPage = { title: string; html: string };

export type ExportFormat = 'ftm' | 'graphml' | 'csv' | 'xlsx';
export type ExportTableName = 'flags' | 'vehicles' | 'parties' | 'records';

export type ExportFileArgs = {
  format: ExportFormat;
  /** Absolute path chosen by the analyst (save dialog). */
  path: string;
  /** csv: which table (flags by default); xlsx: that table alone instead of every one; ftm and graphml: none. */
  table?: ExportTableName;
  flagged_only?: boolean;
  unmask_ids?: boolean;
  /** csv or xlsx: the flag queue as filtered and sorted on screen, instead of a case table. */
  queue?: { filter: FlagFilter; sort?: GridSort | null };
  /** Write over a file already at `path` (the analyst was asked); without it such a path is refused with 'file_exists'. */
  replace?: boolean;
};

export type PrintHandlers = {
  /** The evidence sheet of one vehicle as a printable page. */
  'print:evidence-html': HandlerSpec<{ vin: string } & PrintLayout, PrintPage>;
  /** The vehicle's chain graph alone, as a standalone SVG document. */
  'print:evidence-svg': HandlerSpec<{ vin: string; unmask_ids?: boolean; lang?: Lang }, { svg: string }>;
  'print:report-html': HandlerSpec<PrintLayout, PrintPage>;
  /** Stops a case report being built (HTML or saved PDF): it ends with `cancelled` at its next step. */
  'print:cancel': HandlerSpec<Record<string, never>, { requested: boolean }>;
  /** Browser mode's "Save as PDF": the server prints the page with headless Chromium to `path`. */
  'print:save-pdf': HandlerSpec<{ what: 'evidence' | 'report'; vin?: string; path: string; replace?: boolean } & PrintLayout, { path: string; bytes: number }>;
  /**
   * One PDF for many vehicles: cover (case, criteria, counts, audit chain head), contents, summary
   * table with each sheet's page, then every evidence sheet; "Page x of y" throughout. Exactly one
   * of party_id (its flagged vehicles), rule (vehicles it flagged) or vins.
   */
  'print:evidence-pack': HandlerSpec<{ party_id?: number; rule?: string; vins?: string[]; path: string; replace?: boolean } & PrintLayout, { path: string; vehicles: number; pages: number; bytes: number }>;
  'export:file': HandlerSpec<ExportFileArgs, { path: string; counts: Record<string, number> }>;
};
