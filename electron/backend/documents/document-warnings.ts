import type { DocumentWarning } from '../../../shared/document-fields';
import { pageRuns, runsText, type WarningGroup } from '../../../shared/document-warning-groups';

/** One line of English for a group of warnings alike but for their pages ('pages 1-2,000: ...'). */
export function describeWarningGroup({ warning, pages }: WarningGroup): string {
  if (pages.length <= 1) return describeWarning(warning);
  const { runs, more } = pageRuns(pages);
  const listed = runsText(runs, n, '-', ', ');
  return warningLine(warning, `pages ${listed}${more > 0 ? ` and ${n(more)} more` : ''}`);
}

/** One line of English for a warning (CLI, logs); the UI words them from its catalogues in either language. */
export function describeWarning(warning: DocumentWarning): string {
  return warningLine(warning, warning.page === null ? 'document' : `page ${warning.page}`);
}

function warningLine(warning: DocumentWarning, where: string): string {
  switch (warning.code) {
    case 'no_text': return `${where}: no text could be read (blank, or a picture without writing)`;
    case 'low_confidence': return `${where}: OCR read it with low confidence (${warning.confidence ?? '?'} of 100): check every value against the page`;
    case 'rotated': return `${where}: read turned by ${warning.degrees ?? '?'} degrees (scanned or photographed askew)`;
    case 'likely_rotated': return `${where}: probably rotated or upside down; it read poorly every way it was turned`;
    case 'no_layout': return `${where}: text without a form ZeroMile knows; searchable, nothing proposed from it`;
    case 'read_failed': return `${where}: ${warning.detail ?? 'could not be read'}`;
    case 'page_timed_out': return `${where}: reading it took longer than ${warning.seconds ?? '?'} s, so it was stopped and the next page read: only its text layer, if read in time, is kept; check the page itself`;
    case 'document_timed_out': return `${where}: reading the document took longer than ${Math.round((warning.seconds ?? 0) / 60)} minutes, so it was stopped: ${skippedPages(warning)} not read and kept without text`;
    case 'pages_stopped': return `${where}: ${warning.count ?? '?'} ${warning.count === 1 ? 'page' : 'pages'} each took too long or too much memory to read, so the rest was not read: ${skippedPages(warning)} kept without text`;
    case 'too_many_pages': return `${where}: it has ${n(warning.skipped?.to)} pages and at most ${n((warning.skipped?.from ?? 1) - 1)} of a document are read, so ${skippedPages(warning)} were not read (no text, not searched, nothing proposed from them); the file is kept whole: split it and import the parts to read them`;
    case 'image_too_large':
    case 'image_too_complex': return `${where}: ${refusedImageLine(warning)}`;
  }
}

const n = (value: number | undefined) => Math.round(value ?? 0).toLocaleString('en-US');

function refusedImageLine({ code, image }: DocumentWarning): string {
  const declared = code === 'image_too_complex'
    ? `${n(image?.parts)} parts (symbols, glyphs or patterns), and at most ${n(image?.limit)} are decoded`
    : `${n(image?.width)} x ${n(image?.height)} pixels (${n(((image?.width ?? 0) * (image?.height ?? 0)) / 1e6)} megapixels) in ${image?.components ?? 1} colour ${(image?.components ?? 1) === 1 ? 'channel' : 'channels'}, and at most ${n((image?.limit ?? 0) / 1e6)} megapixels in up to 4 channels are decoded`;
  return `an embedded ${image?.format ?? 'image'} image declares ${declared}: it was not, and the page was not rendered for OCR (its text layer is kept)`;
}

function skippedPages({ skipped }: DocumentWarning): string {
  return skipped ? `pages ${n(skipped.from)}-${n(skipped.to)}` : 'the remaining pages';
}
