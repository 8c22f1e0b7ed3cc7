/**
 * Printer settings shared by Electron (electron/print.ts) and headless Chromium, as plain data so
 * they are tested in Node. The page carries its own size, margins and page numbers in CSS, so
 * every printer is told to follow the CSS rather than impose its own.
 */
export const PDF_OPTIONS = {
  preferCSSPageSize: true,
  printBackground: true,
  /** Tagged PDF and an outline make headings and tables readable by screen readers and searchable. */
  generateTaggedPDF: true,
  generateDocumentOutline: true,
  displayHeaderFooter: false,
} as const;

export const DIALOG_PRINT_OPTIONS = { silent: false, printBackground: true } as const;

export type SaveKind = 'pdf' | 'svg' | 'png' | 'ftm' | 'graphml' | 'csv' | 'xlsx';

/** Save-dialog filters per kind of file. */
export function saveFilters(kind: SaveKind): { name: string; extensions: string[] }[] {
  const names: Record<SaveKind, string> = {
    pdf: 'PDF document', svg: 'SVG image', png: 'PNG image', ftm: 'FollowTheMoney entities',
    graphml: 'GraphML network', csv: 'CSV table', xlsx: 'Excel workbook',
  };
  return [{ name: names[kind], extensions: [kind] }];
}

/** A file name that any file system accepts, from a title that may hold anything. */
export function safeFileName(title: string, extension: string): string {
  // eslint-disable-next-line no-control-regex
  const base = title.normalize('NFKC').replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 120) || 'zeromile';
  return `${base}.${extension}`;
}

/** The standalone chain SVG's pixel size, for capturing it as PNG at its own size. */
export function svgSize(svg: string): { width: number; height: number } | null {
  const match = /<svg[^>]*\swidth="(\d+(?:\.\d+)?)"[^>]*\sheight="(\d+(?:\.\d+)?)"/.exec(svg);
  return match ? { width: Math.ceil(Number(match[1])), height: Math.ceil(Number(match[2])) } : null;
}
