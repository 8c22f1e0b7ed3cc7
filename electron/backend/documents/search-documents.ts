import type Database from 'better-sqlite3';
import type { DocumentSearchHit } from '../../../shared/document-fields';
import { ZeroMileError } from '../../../shared/errors';
import { normalizeDocumentText } from './normalize-text';

export type SearchOptions = { limit?: number };

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 1000;

/**
 * Full-text search over every document's pages. The trigram index needs at least three characters;
 * a shorter query (a two-character Chinese name, say) scans the page texts with LIKE instead.
 * The query is matched as a phrase, whatever punctuation it holds.
 */
export function searchDocuments(db: Database.Database, query: string, options: SearchOptions = {}): DocumentSearchHit[] {
  const text = normalizeDocumentText(query).trim();
  if (text === '') throw new ZeroMileError('bad_argument', 'The search text is empty.');
  const limit = Math.min(Math.max(1, Math.floor(options.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
  if ([...text].length >= 3) {
    const phrase = `"${text.replaceAll('"', '""')}"`;
    const rows = db.prepare(
      `SELECT t.document_id AS document_id, t.page AS page, d.file_name AS file_name,
              snippet(document_text, 0, '[', ']', '…', 12) AS snippet
         FROM document_text t JOIN documents d ON d.id = t.document_id
        WHERE document_text MATCH ?
        ORDER BY rank, t.document_id, t.page
        LIMIT ?`,
    ).all(phrase, limit) as DocumentSearchHit[];
    return rows.map((r) => ({ ...r, page: Number(r.page), document_id: Number(r.document_id) }));
  }
  const pattern = `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  const rows = db.prepare(
    `SELECT p.document_id AS document_id, p.page AS page, d.file_name AS file_name, p.text AS text
       FROM document_pages p JOIN documents d ON d.id = p.document_id
      WHERE p.text LIKE ? ESCAPE '\\'
      ORDER BY p.document_id, p.page
      LIMIT ?`,
  ).all(pattern, limit) as (Omit<DocumentSearchHit, 'snippet'> & { text: string })[];
  return rows.map(({ text: pageText, ...hit }) => ({ ...hit, snippet: snippetAround(pageText, text) }));
}

function snippetAround(pageText: string, needle: string): string {
  const at = pageText.toLowerCase().indexOf(needle.toLowerCase());
  if (at < 0) return pageText.slice(0, 60);
  const start = Math.max(0, at - 20);
  const end = Math.min(pageText.length, at + needle.length + 20);
  return `${start > 0 ? '…' : ''}${pageText.slice(start, at)}[${pageText.slice(at, at + needle.length)}]${pageText.slice(at + needle.length, end)}${end < pageText.length ? '…' : ''}`
    .replace(/\s+/g, ' ');
}
