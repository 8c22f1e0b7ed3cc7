import type { DocumentWarning } from '../../../shared/document-fields';

/** One line of English for a warning (CLI, logs); the UI words them from its catalogues in either language. */
export function describeWarning(warning: DocumentWarning): string {
  const where = warning.page === null ? 'document' : `page ${warning.page}`;
  switch (warning.code) {
    case 'no_text': return `${where}: no text could be read (blank, or a picture without writing)`;
    case 'low_confidence': return `${where}: OCR read it with low confidence (${warning.confidence ?? '?'} of 100): check every value against the page`;
    case 'rotated': return `${where}: read turned by ${warning.degrees ?? '?'} degrees (scanned or photographed askew)`;
    case 'likely_rotated': return `${where}: probably rotated or upside down; it read poorly every way it was turned`;
    case 'no_layout': return `${where}: text without a form ZeroMile knows; searchable, nothing proposed from it`;
    case 'read_failed': return `${where}: ${warning.detail ?? 'could not be read'}`;
  }
}
