import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { ZeroMileError } from '../../../shared/errors';
import { checkRulePack, type RulePack } from '../../../shared/rule-packs';
import { appendAudit } from './audit';

/**
 * The case's rule packs: every revision kept (a run names the revision it used, and re-running
 * with another leaves the old run's pack readable), the highest revision of a pack is current.
 * A pack is stored as its checked JSON, so its content hash is the same wherever it is computed.
 */
export type StoredPack = { pack_id: string; revision: number; content: string; sha256: string; origin: PackOrigin; saved_at: string };
export type PackOrigin = 'shipped' | 'imported' | 'edited';
/** What a rule run records of each pack it used. */
export type PackUse = { id: string; version: number; revision: number; sha256: string };

export function packContent(pack: RulePack): string {
  return JSON.stringify(pack);
}

export function packHash(content: string): string {
  return createHash('sha256').update(content, 'utf8').digest('hex');
}

/** A pack file's text as JSON (a byte-order mark allowed); not JSON is a refusal naming the file. */
export function parsePackFile(fileName: string, text: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ZeroMileError('file_refused', `${fileName} was refused: it is not JSON (${(error as Error).message.slice(0, 200)}).`);
  }
}

export function currentRulePacks(db: Database.Database): StoredPack[] {
  return db.prepare(`
SELECT p.* FROM rule_packs p
WHERE p.revision = (SELECT max(q.revision) FROM rule_packs q WHERE q.pack_id = p.pack_id)
ORDER BY p.pack_id`).all() as StoredPack[];
}

export function packRevision(db: Database.Database, packId: string, revision?: number): StoredPack | null {
  const row = revision === undefined
    ? db.prepare('SELECT * FROM rule_packs WHERE pack_id = ? ORDER BY revision DESC LIMIT 1').get(packId)
    : db.prepare('SELECT * FROM rule_packs WHERE pack_id = ? AND revision = ?').get(packId, revision);
  return (row as StoredPack | undefined) ?? null;
}

export function packUses(db: Database.Database): PackUse[] {
  return currentRulePacks(db).map((p) => ({ id: p.pack_id, version: (JSON.parse(p.content) as RulePack).version, revision: p.revision, sha256: p.sha256 }));
}

/**
 * Saves a pack as the next revision of its id (checked first: a bad pack is refused with the
 * path of each bad field), with an audit entry; a pack equal to the current revision adds
 * nothing. Call inside a transaction when it is part of a larger change.
 */
export function saveRulePack(db: Database.Database, value: unknown, origin: PackOrigin, what: string): { stored: StoredPack; changed: boolean } {
  const checked = checkRulePack(value);
  if (!checked.ok) {
    // A file is refused naming it; an edit is a bad argument naming the field.
    if (origin === 'imported') throw new ZeroMileError('file_refused', `${what} was refused: it is not a valid rule pack (${checked.problems.join('; ')}).`);
    throw new ZeroMileError('bad_argument', `${what} was not saved: ${checked.problems.join('; ')}.`);
  }
  const content = packContent(checked.pack);
  const sha256 = packHash(content);
  return db.transaction(() => {
    const current = packRevision(db, checked.pack.id);
    if (current && current.sha256 === sha256) return { stored: current, changed: false };
    const stored: StoredPack = { pack_id: checked.pack.id, revision: (current?.revision ?? 0) + 1, content, sha256, origin, saved_at: new Date().toISOString() };
    db.prepare('INSERT INTO rule_packs (pack_id, revision, content, sha256, origin, saved_at) VALUES (@pack_id, @revision, @content, @sha256, @origin, @saved_at)').run(stored);
    appendAudit(db, {
      action: 'packs.save',
      subject: `pack:${stored.pack_id}`,
      detail: { revision: stored.revision, version: checked.pack.version, sha256, origin, from: what, previous: current ? { revision: current.revision, sha256: current.sha256 } : null },
    });
    return { stored, changed: true };
  })();
}
