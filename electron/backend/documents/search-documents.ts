import type Database from 'better-sqlite3';
import { DOCUMENT_SEARCH_COUNT_CAP, type DocumentSearchHit, type DocumentSearchResult } from '../../../shared/document-fields';
import { ZeroMileError } from '../../../shared/errors';
import { searchKey } from '../../../shared/search-key';
import { normalizeDocumentText } from './normalize-text';

export type SearchOptions = { limit?: number };

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 1000;

/**
 * Full-text search over every document's pages. The full-text table holds each page as searchKey
 * makes it (no spacing, no middle dots) and the query is keyed the same way, so a letter-spaced
 * heading, one glued by OCR and a plate with or without its dot all match. The trigram index needs
 * three characters; a shorter key (a two-character Chinese name) scans the keyed texts with LIKE.
 * The snippet is cut from the page's text as read. The total is counted up to a cap.
 */
export function searchDocuments(db: Database.Database, query: string, options: SearchOptions = {}): DocumentSearchResult {
  const key = searchKey(normalizeDocumentText(query));
  if (key === '') throw new ZeroMileError('bad_argument', 'The search text is empty.');
  const limit = Math.min(Math.max(1, Math.floor(options.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
  const trigram = [...key].length >= 3;
  const where = trigram ? 'document_text MATCH ?' : "t.text LIKE ? ESCAPE '\\'";
  const argument = trigram ? `"${key.replaceAll('"', '""')}"` : `%${key.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  const rows = db.prepare(
    `SELECT t.document_id AS document_id, t.page AS page, d.file_name AS file_name, p.text AS text
       FROM document_text t
       JOIN documents d ON d.id = t.document_id
       JOIN document_pages p ON p.document_id = t.document_id AND p.page = t.page
      WHERE ${where}
      ORDER BY ${trigram ? 'rank, ' : ''}t.document_id, t.page
      LIMIT ?`,
  ).all(argument, limit + 1) as (Omit<DocumentSearchHit, 'snippet'> & { text: string })[];
  const hits = rows.slice(0, limit).map(({ text, ...hit }) => ({
    ...hit, document_id: Number(hit.document_id), page: Number(hit.page), snippet: snippetAround(text, key),
  }));
  const more = rows.length > limit;
  if (!more) return { hits, total: hits.length, total_capped: false, more };
  const { n } = db.prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM document_text t WHERE ${where} LIMIT ?)`)
    .get(argument, DOCUMENT_SEARCH_COUNT_CAP) as { n: number };
  return { hits, total: n, total_capped: n >= DOCUMENT_SEARCH_COUNT_CAP, more };
}

/** About 20 characters either side of the match in the page's text, the match in [brackets] however it is spaced there. */
function snippetAround(pageText: string, key: string): string {
  const pattern = new RegExp([...key].map((ch) => ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\u00B7\\u2022\\u30FB\\u2027\\u2219]*'), 'iu');
  const found = pattern.exec(pageText);
  if (!found) return pageText.slice(0, 60).replace(/\s+/g, ' ');
  const at = found.index;
  const end = at + found[0].length;
  const start = Math.max(0, at - 20);
  const stop = Math.min(pageText.length, end + 20);
  return `${start > 0 ? '…' : ''}${pageText.slice(start, at)}[${found[0]}]${pageText.slice(end, stop)}${stop < pageText.length ? '…' : ''}`.replace(/\s+/g, ' ');
}
