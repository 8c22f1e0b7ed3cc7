import type Database from 'better-sqlite3';
import type { GridSort } from '../../../shared/contract/grids';
import type { SavedFilter } from '../../../shared/contract/flags';
import { ZeroMileError } from '../../../shared/errors';
import { appendAudit } from '../casefile/audit';

/**
 * The queue's named filters, kept in the case file (saved_filters) so they travel with the case
 * and every analyst of it sees them. The query is the queue's URL query, checked by the page's
 * schema when saved; a name saved again replaces its filter.
 */
export function listSavedFilters(db: Database.Database): SavedFilter[] {
  return (db.prepare('SELECT name, query, sort, analyst, saved_at FROM saved_filters ORDER BY name').all() as { name: string; query: string; sort: string | null; analyst: string | null; saved_at: string }[])
    .map((r) => ({ name: r.name, query: JSON.parse(r.query) as Record<string, string>, sort: r.sort ? JSON.parse(r.sort) as GridSort : null, analyst: r.analyst, saved_at: r.saved_at }));
}

export function saveFilter(db: Database.Database, input: { name: string; query: Record<string, string>; sort: GridSort | null }, analyst: string | null): SavedFilter {
  const name = input.name.trim();
  if (!name) throw new ZeroMileError('bad_argument', 'A saved filter needs a name.');
  const saved: SavedFilter = { name, query: input.query, sort: input.sort, analyst, saved_at: new Date().toISOString() };
  db.transaction(() => {
    db.prepare(`INSERT INTO saved_filters (name, query, sort, analyst, saved_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT(name) DO UPDATE SET query = excluded.query, sort = excluded.sort, analyst = excluded.analyst, saved_at = excluded.saved_at`)
      .run(name, JSON.stringify(input.query), input.sort ? JSON.stringify(input.sort) : null, analyst, saved.saved_at);
    appendAudit(db, { action: 'filter.save', subject: `filter:${name}`, detail: { query: input.query, sort: input.sort }, ...(analyst ? { actor: analyst } : {}) });
  })();
  return saved;
}

export function deleteSavedFilter(db: Database.Database, name: string, analyst: string | null): { deleted: boolean } {
  return db.transaction(() => {
    const deleted = db.prepare('DELETE FROM saved_filters WHERE name = ?').run(name).changes > 0;
    if (deleted) appendAudit(db, { action: 'filter.delete', subject: `filter:${name}`, detail: null, ...(analyst ? { actor: analyst } : {}) });
    return { deleted };
  })();
}
