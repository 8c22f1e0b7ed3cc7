import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { ZeroMileError } from '../../../shared/errors';
import { checkRulePack, PACK_RULES, type RulePack } from '../../../shared/rule-packs';
import { appendAudit } from './audit';

/**
 * The case's rule packs: every revision kept (a run names the revision it used, and re-running
 * with another leaves the old run's pack readable), the highest revision of a pack is current.
 * A pack is stored as its checked JSON, so its content hash is the same wherever it is computed.
 * A removed pack is a revision too (origin `removed`, the content of the revision before it): the
 * case keeps every revision its runs name, and the next run leaves the pack out; `restored` (or a
 * new import of the pack) puts it back as the revision after.
 */
export type StoredPack = { pack_id: string; revision: number; content: string; sha256: string; origin: PackOrigin; saved_at: string };
export type PackOrigin = 'shipped' | 'imported' | 'edited' | 'removed' | 'restored';
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

/** The latest revision of every pack, removed ones included. */
function latestRevisions(db: Database.Database): StoredPack[] {
  return db.prepare(`
SELECT p.* FROM rule_packs p
WHERE p.revision = (SELECT max(q.revision) FROM rule_packs q WHERE q.pack_id = p.pack_id)
ORDER BY p.pack_id`).all() as StoredPack[];
}

/** The packs in use: the current revision of each pack that has not been removed (the rule runs use these). */
export function currentRulePacks(db: Database.Database): StoredPack[] {
  return latestRevisions(db).filter((p) => p.origin !== 'removed');
}

/** The packs removed from the case: their removal revision (`saved_at` is when; `content` the pack as it was). */
export function removedRulePacks(db: Database.Database): StoredPack[] {
  return latestRevisions(db).filter((p) => p.origin === 'removed');
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

/** The latest revision of a pack the case has (a removal included); refused as not found when it has none. */
export function existingPack(db: Database.Database, packId: string): StoredPack {
  const current = packRevision(db, packId);
  if (!current) throw new ZeroMileError('not_found', `The case has no rule pack ${packId}.`);
  return current;
}

/** Writes a pack's next revision (saved, removed or restored). */
function insertRevision(db: Database.Database, stored: StoredPack): void {
  db.prepare('INSERT INTO rule_packs (pack_id, revision, content, sha256, origin, saved_at) VALUES (@pack_id, @revision, @content, @sha256, @origin, @saved_at)').run(stored);
}

/** A pack file refused for what is wrong in it, named as `file` says (the command line: the path as given). */
export const packRefused = (file: string, problems: string[]): ZeroMileError =>
  new ZeroMileError('file_refused', `${file} was refused: it is not a valid rule pack (${problems.join('; ')}).`);

/**
 * Saves a pack as the next revision of its id (checked first: a bad pack is refused with the
 * path of each bad field), with an audit entry; a pack equal to the current revision adds
 * nothing. Call inside a transaction when it is part of a larger change.
 */
export function saveRulePack(db: Database.Database, value: unknown, origin: PackOrigin, what: string): { stored: StoredPack; changed: boolean } {
  const checked = checkRulePack(value);
  if (!checked.ok) {
    // A file is refused naming it; an edit is a bad argument naming the field.
    if (origin === 'imported') throw packRefused(what, checked.problems);
    throw new ZeroMileError('bad_argument', `${what} was not saved: ${checked.problems.join('; ')}.`);
  }
  const content = packContent(checked.pack);
  const sha256 = packHash(content);
  return db.transaction(() => {
    const current = packRevision(db, checked.pack.id);
    // A removed pack imported again comes back, even unchanged.
    if (current && current.origin !== 'removed' && current.sha256 === sha256) return { stored: current, changed: false };
    const stored: StoredPack = { pack_id: checked.pack.id, revision: (current?.revision ?? 0) + 1, content, sha256, origin, saved_at: new Date().toISOString() };
    insertRevision(db, stored);
    appendAudit(db, {
      action: 'packs.save',
      subject: `pack:${stored.pack_id}`,
      detail: { revision: stored.revision, version: checked.pack.version, sha256, origin, from: what, previous: current ? { revision: current.revision, sha256: current.sha256 } : null },
    });
    return { stored, changed: true };
  })();
}

/** The flags of every rule run that name a pack (in their facts), and the runs they are in. */
export function packFlagCount(db: Database.Database, packId: string): { flags: number; runs: number } {
  // Only the pack rules' flags name a pack: each run's flags of those rules are found by index
  // (flags_run_rule), and only they are read for their facts. Left to itself the planner walked every
  // flag of every run (flags_run_status by run_id > 0): 0.4-1.3 s for the remove dialog's count at a
  // million vehicles (615,230 flags, 40,096 of the CN pack), against 0.3 s this way.
  return db.prepare(`SELECT count(*) AS flags, count(DISTINCT f.run_id) AS runs
    FROM rule_runs r CROSS JOIN flags f INDEXED BY flags_run_rule
    WHERE f.run_id = r.id AND f.run_id > 0 AND f.rule IN (${PACK_RULES.map(() => '?').join(', ')}) AND json_extract(f.facts, '$.pack') = ?`)
    .get(...PACK_RULES, packId) as { flags: number; runs: number };
}

export type PackRemoval = { pack_id: string; revision: number; flags: number; runs: number };

/**
 * Removes a pack from the case: the next rule run no longer uses it. Nothing is deleted: the
 * removal is the pack's next revision (its content kept, so the flags of earlier runs, which are
 * evidence, still name a clause that can be read, and show the pack as removed), with an audit
 * entry saying how many flags name it. `restoreRulePack` or a new import undoes it.
 */
export function removeRulePack(db: Database.Database, packId: string): PackRemoval {
  return db.transaction(() => {
    const current = existingPack(db, packId);
    if (current.origin === 'removed') throw new ZeroMileError('bad_argument', `Rule pack ${packId} was removed already (revision ${current.revision}, ${current.saved_at}); restore it to use it again.`);
    const counted = packFlagCount(db, packId);
    const stored: StoredPack = { ...current, revision: current.revision + 1, origin: 'removed', saved_at: new Date().toISOString() };
    insertRevision(db, stored);
    appendAudit(db, {
      action: 'packs.remove',
      subject: `pack:${packId}`,
      detail: { revision: stored.revision, removed: { revision: current.revision, sha256: current.sha256 }, flags_kept: counted.flags, runs: counted.runs },
    });
    return { pack_id: packId, revision: stored.revision, ...counted };
  })();
}

/** Puts a removed pack back, as it was before its removal, as its next revision (audited): the next rule run uses it again. */
export function restoreRulePack(db: Database.Database, packId: string): StoredPack {
  return db.transaction(() => {
    const current = existingPack(db, packId);
    if (current.origin !== 'removed') throw new ZeroMileError('bad_argument', `Rule pack ${packId} is not removed: it is in use (revision ${current.revision}).`);
    const stored: StoredPack = { ...current, revision: current.revision + 1, origin: 'restored', saved_at: new Date().toISOString() };
    insertRevision(db, stored);
    appendAudit(db, { action: 'packs.restore', subject: `pack:${packId}`, detail: { revision: stored.revision, sha256: stored.sha256, removed_revision: current.revision } });
    return stored;
  })();
}

/** When a pack was removed from the case, if its latest revision is a removal. */
export function packRemovedAt(db: Database.Database, packId: string): string | null {
  const latest = packRevision(db, packId);
  return latest?.origin === 'removed' ? latest.saved_at : null;
}
