import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export type AuditEntry = {
  action: string;
  subject: string | null;
  detail: unknown;
  /** The analyst's name; none (undefined, null or empty) records no name. */
  actor?: string | null;
};

/**
 * What an entry's actor holds when no analyst name was set: no name. The column is NOT NULL since
 * migration 001 and each entry's hash covers it as stored, so "no name" is the empty string there;
 * readers give it as null (actorName).
 */
export const NO_ACTOR = '';

/** The word versions before this one recorded where no analyst name was set: no name either. */
const LEGACY_NO_ACTOR = 'analyst';

/** The analyst an entry names, or null where it names none (no name set, or the word earlier versions wrote instead). */
export function actorName(actor: string | null | undefined): string | null {
  return !actor || actor === LEGACY_NO_ACTOR ? null : actor;
}

type StoredEntry = { id: number; at: string; actor: string; action: string; subject: string | null; detail: string; prev_hash: string; hash: string };

/** The hash of one entry: covers the previous hash and every field, in a fixed order. */
export function auditHash(prevHash: string, at: string, actor: string, action: string, subject: string | null, detail: string): string {
  return createHash('sha256').update(JSON.stringify([prevHash, at, actor, action, subject, detail])).digest('hex');
}

/** Appends to the hash-chained log; call inside the transaction of the change it records. */
export function appendAudit(db: Database.Database, entry: AuditEntry): string {
  const head = db.prepare('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { hash: string } | undefined;
  const prev = head?.hash ?? GENESIS_HASH;
  const at = new Date().toISOString();
  const actor = entry.actor || NO_ACTOR;
  const detail = JSON.stringify(entry.detail ?? null);
  const hash = auditHash(prev, at, actor, entry.action, entry.subject, detail);
  const id = Number(db.prepare('INSERT INTO audit_log (at, actor, action, subject, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(at, actor, entry.action, entry.subject, detail, prev, hash).lastInsertRowid);
  // The case header anchors the log's length and head, so cutting entries off its end shows.
  const anchor = db.prepare('INSERT INTO case_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  anchor.run(AUDIT_LENGTH_KEY, String(id));
  anchor.run(AUDIT_HEAD_KEY, hash);
  return hash;
}

/** case_meta keys of the anchor: not case properties, never shown or edited as such. */
export const AUDIT_LENGTH_KEY = 'audit.length';
export const AUDIT_HEAD_KEY = 'audit.head';

export function readAuditAnchor(db: Database.Database): { length: number; head: string } | null {
  const rows = db.prepare('SELECT key, value FROM case_meta WHERE key IN (?, ?)').all(AUDIT_LENGTH_KEY, AUDIT_HEAD_KEY) as { key: string; value: string }[];
  const length = rows.find((r) => r.key === AUDIT_LENGTH_KEY)?.value;
  const head = rows.find((r) => r.key === AUDIT_HEAD_KEY)?.value;
  return length === undefined || head === undefined ? null : { length: Number(length), head };
}

export function auditHead(db: Database.Database): string {
  const head = db.prepare('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { hash: string } | undefined;
  return head?.hash ?? GENESIS_HASH;
}

export type ChainBreak = { id: number; problem: 'prev_hash' | 'hash' };

/** Walks the chain from the start; returns every entry whose links do not hold. */
export function verifyAuditChain(db: Database.Database): { entries: number; head: string; breaks: ChainBreak[] } {
  let prev = GENESIS_HASH;
  let entries = 0;
  const breaks: ChainBreak[] = [];
  for (const row of db.prepare('SELECT * FROM audit_log ORDER BY id').iterate() as IterableIterator<StoredEntry>) {
    entries++;
    if (row.prev_hash !== prev) breaks.push({ id: row.id, problem: 'prev_hash' });
    if (auditHash(row.prev_hash, row.at, row.actor, row.action, row.subject, row.detail) !== row.hash) breaks.push({ id: row.id, problem: 'hash' });
    prev = row.hash;
  }
  return { entries, head: prev, breaks };
}
