import type Database from 'better-sqlite3';
import { ZeroMileError } from '../../../shared/errors';
import type { ReviewStatus } from '../../../shared/contract/flags';
import type { Note, Review, SubjectType } from '../../../shared/contract/review';
import { appendAudit } from '../casefile/audit';

/**
 * Verdicts live in `reviews` keyed by flag_key, so a re-run of the rules (new flag rows, same
 * keys) keeps them; `flags.status` mirrors the verdict so the queue can filter and sort by it.
 */
export function setReview(db: Database.Database, input: { flag_key: string; status: ReviewStatus; reason?: string }, analyst: string | null = null): Review {
  const reason = input.reason?.trim() || null;
  if (input.status === 'dismissed' && !reason) {
    throw new ZeroMileError('bad_argument', 'Dismissing a flag needs a reason: say why it is not a finding.');
  }
  return db.transaction((): Review => {
    const known = db.prepare('SELECT 1 FROM flags WHERE flag_key = ? LIMIT 1').get(input.flag_key);
    if (!known) throw new ZeroMileError('not_found', `No flag with key ${input.flag_key}. Re-run the rules or refresh the queue.`);
    const previous = db.prepare('SELECT status, reason FROM reviews WHERE flag_key = ?').get(input.flag_key) as { status: string; reason: string | null } | undefined;
    const review: Review = { flag_key: input.flag_key, status: input.status, reason, analyst, updated_at: new Date().toISOString() };
    db.prepare(`INSERT INTO reviews (flag_key, status, reason, analyst, updated_at) VALUES (@flag_key, @status, @reason, @analyst, @updated_at)
      ON CONFLICT(flag_key) DO UPDATE SET status = excluded.status, reason = excluded.reason, analyst = excluded.analyst, updated_at = excluded.updated_at`).run(review);
    db.prepare('UPDATE flags SET status = ? WHERE flag_key = ?').run(input.status, input.flag_key);
    appendAudit(db, {
      action: 'review.set',
      subject: input.flag_key,
      detail: { status: input.status, reason, previous: previous ?? null },
      ...(analyst ? { actor: analyst } : {}),
    });
    return review;
  })();
}

export function listNotes(db: Database.Database, subjectType: SubjectType, subjectId: string): Note[] {
  return db.prepare('SELECT id, subject_type, subject_id, body, analyst, created_at FROM notes WHERE subject_type = ? AND subject_id = ? ORDER BY id')
    .all(subjectType, subjectId) as Note[];
}

export function addNote(db: Database.Database, subjectType: SubjectType, subjectId: string, body: string, analyst: string | null = null): Note {
  const text = body.trim();
  if (!text) throw new ZeroMileError('bad_argument', 'A note cannot be empty.');
  return db.transaction((): Note => {
    const created_at = new Date().toISOString();
    const id = Number(db.prepare('INSERT INTO notes (subject_type, subject_id, body, analyst, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(subjectType, subjectId, text, analyst, created_at).lastInsertRowid);
    appendAudit(db, { action: 'note.add', subject: `${subjectType}:${subjectId}`, detail: { id, body: text } });
    return { id, subject_type: subjectType, subject_id: subjectId, body: text, analyst, created_at };
  })();
}

export function listTags(db: Database.Database, subjectType: SubjectType, subjectId: string): string[] {
  return (db.prepare('SELECT tag FROM tags WHERE subject_type = ? AND subject_id = ? ORDER BY tag').all(subjectType, subjectId) as { tag: string }[]).map((r) => r.tag);
}

export function setTags(db: Database.Database, subjectType: SubjectType, subjectId: string, tags: string[]): string[] {
  const clean = [...new Set(tags.map((t) => t.trim()).filter((t) => t.length > 0))].sort();
  return db.transaction((): string[] => {
    const before = listTags(db, subjectType, subjectId);
    db.prepare('DELETE FROM tags WHERE subject_type = ? AND subject_id = ?').run(subjectType, subjectId);
    const insert = db.prepare('INSERT INTO tags (subject_type, subject_id, tag) VALUES (?, ?, ?)');
    for (const tag of clean) insert.run(subjectType, subjectId, tag);
    appendAudit(db, { action: 'tags.set', subject: `${subjectType}:${subjectId}`, detail: { before, after: clean } });
    return clean;
  })();
}
