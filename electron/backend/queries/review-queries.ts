import type Database from 'better-sqlite3';
import { ZeroMileError } from '../../../shared/errors';
import type { ReviewStatus } from '../../../shared/contract/flags';
import type { Note, PreviousVerdict, Review, ReviewInput, SubjectType, VerdictEntry } from '../../../shared/contract/review';
import { actorName, appendAudit } from '../casefile/audit';

/**
 * Verdicts live in `reviews` keyed by flag_key, so a re-run of the rules (new flag rows, same
 * keys) keeps them; `flags.status` mirrors the verdict so the queue can filter and sort by it.
 */
export function setReview(db: Database.Database, input: ReviewInput, analyst: string | null = null): Review {
  return setReviews(db, [input], analyst)[0]!.review;
}

/**
 * Several verdicts in one transaction (a selection of queue rows given one verdict): all or none.
 * Each flag keeps its own audit entry, as verify expects; each result carries the verdict it
 * replaced, so the screen can offer to undo.
 */
export function setReviews(db: Database.Database, inputs: readonly ReviewInput[], analyst: string | null = null): { review: Review; previous: PreviousVerdict }[] {
  for (const input of inputs) {
    if (input.status === 'dismissed' && !input.reason?.trim()) {
      throw new ZeroMileError('bad_argument', 'Dismissing a flag needs a reason: say why it is not a finding.');
    }
  }
  const known = db.prepare('SELECT 1 FROM flags WHERE flag_key = ? LIMIT 1');
  const before = db.prepare('SELECT status, reason FROM reviews WHERE flag_key = ?');
  const upsert = db.prepare(`INSERT INTO reviews (flag_key, status, reason, analyst, updated_at) VALUES (@flag_key, @status, @reason, @analyst, @updated_at)
    ON CONFLICT(flag_key) DO UPDATE SET status = excluded.status, reason = excluded.reason, analyst = excluded.analyst, updated_at = excluded.updated_at`);
  const mirror = db.prepare('UPDATE flags SET status = ? WHERE flag_key = ?');
  return db.transaction(() => inputs.map((input) => {
    if (!known.get(input.flag_key)) throw new ZeroMileError('not_found', `No flag with key ${input.flag_key}. Re-run the rules or refresh the queue.`);
    const reason = input.reason?.trim() || null;
    const previous = before.get(input.flag_key) as { status: ReviewStatus; reason: string | null } | undefined;
    const review: Review = { flag_key: input.flag_key, status: input.status, reason, analyst, updated_at: new Date().toISOString() };
    upsert.run(review);
    mirror.run(input.status, input.flag_key);
    appendAudit(db, {
      action: 'review.set',
      subject: input.flag_key,
      detail: { status: input.status, reason, previous: previous ?? null },
      ...(analyst ? { actor: analyst } : {}),
    });
    return { review, previous: previous ?? { status: 'open' as const, reason: null } };
  }))();
}

/**
 * Every verdict given on each flag, oldest first, from the audit log (entries found through
 * audit_log_subject): who gave it (null where no analyst name was set), when, the status and the
 * reason. Old cases have their history too.
 */
export function verdictHistory(db: Database.Database, flagKeys: readonly string[]): Record<string, VerdictEntry[]> {
  const entries = db.prepare("SELECT id, at, actor, detail FROM audit_log WHERE subject = ? AND action = 'review.set' ORDER BY id");
  const out: Record<string, VerdictEntry[]> = {};
  for (const key of new Set(flagKeys)) {
    out[key] = (entries.all(key) as { id: number; at: string; actor: string; detail: string }[]).map((e) => {
      const detail = JSON.parse(e.detail) as { status: ReviewStatus; reason: string | null };
      return { entry: e.id, at: e.at, analyst: actorName(e.actor), status: detail.status, reason: detail.reason ?? null };
    });
  }
  return out;
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
    appendAudit(db, { action: 'note.add', subject: `${subjectType}:${subjectId}`, detail: { id, body: text }, ...(analyst ? { actor: analyst } : {}) });
    return { id, subject_type: subjectType, subject_id: subjectId, body: text, analyst, created_at };
  })();
}

export function listTags(db: Database.Database, subjectType: SubjectType, subjectId: string): string[] {
  return (db.prepare('SELECT tag FROM tags WHERE subject_type = ? AND subject_id = ? ORDER BY tag').all(subjectType, subjectId) as { tag: string }[]).map((r) => r.tag);
}

export function setTags(db: Database.Database, subjectType: SubjectType, subjectId: string, tags: string[], analyst: string | null = null): string[] {
  const clean = [...new Set(tags.map((t) => t.trim()).filter((t) => t.length > 0))].sort();
  return db.transaction((): string[] => {
    const before = listTags(db, subjectType, subjectId);
    db.prepare('DELETE FROM tags WHERE subject_type = ? AND subject_id = ?').run(subjectType, subjectId);
    const insert = db.prepare('INSERT INTO tags (subject_type, subject_id, tag) VALUES (?, ?, ?)');
    for (const tag of clean) insert.run(subjectType, subjectId, tag);
    appendAudit(db, { action: 'tags.set', subject: `${subjectType}:${subjectId}`, detail: { before, after: clean }, ...(analyst ? { actor: analyst } : {}) });
    return clean;
  })();
}

/** The latest tags.set entry of a subject: who changed its tags and when. */
export function tagsChanged(db: Database.Database, subjectType: SubjectType, subjectId: string): { analyst: string | null; at: string } | null {
  const row = db.prepare("SELECT actor, at FROM audit_log WHERE subject = ? AND action = 'tags.set' ORDER BY id DESC LIMIT 1")
    .get(`${subjectType}:${subjectId}`) as { actor: string; at: string } | undefined;
  return row ? { analyst: actorName(row.actor), at: row.at } : null;
}
