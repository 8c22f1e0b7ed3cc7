import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { createReadStream } from 'node:fs';

/** Original bytes go in pieces of this size: one SQLite value is capped near 1 GB, and 4 MB keeps memory flat. */
export const CHUNK_BYTES = 4 * 1024 * 1024;

export type NewDocument = {
  file_name: string;
  size: number;
  media_type: string;
  sha256: string;
  kind: string | null;
  encoding: string | null;
};

export type DocumentCounts = {
  kind: string | null;
  rows_total: number;
  rows_imported: number;
  rows_rejected: number;
  pages?: number | null;
  info: unknown;
};

export type StoredDocument = NewDocument & {
  id: number;
  imported_at: string;
  rows_total: number;
  rows_imported: number;
  rows_rejected: number;
  pages: number | null;
  info: string | null;
};

export function findDocumentBySha(db: Database.Database, sha256: string): StoredDocument | undefined {
  return db.prepare('SELECT * FROM documents WHERE sha256 = ?').get(sha256) as StoredDocument | undefined;
}

export function getDocument(db: Database.Database, id: number): StoredDocument | undefined {
  return db.prepare('SELECT * FROM documents WHERE id = ?').get(id) as StoredDocument | undefined;
}

export function insertDocument(db: Database.Database, doc: NewDocument): number {
  const result = db.prepare(
    'INSERT INTO documents (file_name, size, media_type, sha256, kind, encoding, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(doc.file_name, doc.size, doc.media_type, doc.sha256, doc.kind, doc.encoding, new Date().toISOString());
  return Number(result.lastInsertRowid);
}

/** The SHA-256 of a document hashed as it was read (inserted with a placeholder until then). */
export function setDocumentSha256(db: Database.Database, id: number, sha256: string): void {
  db.prepare('UPDATE documents SET sha256 = ? WHERE id = ?').run(sha256, id);
}

/** Whether the case holds a document of this many bytes (only such a document can be the same file). */
export function hasDocumentOfSize(db: Database.Database, size: number): boolean {
  return db.prepare('SELECT 1 FROM documents WHERE size = ? LIMIT 1').get(size) !== undefined;
}

/** Writes the counts and the header mapping once the whole file has been read. */
export function finishDocument(db: Database.Database, id: number, counts: DocumentCounts): void {
  db.prepare('UPDATE documents SET kind = ?, rows_total = ?, rows_imported = ?, rows_rejected = ?, pages = ?, info = ? WHERE id = ?')
    .run(counts.kind, counts.rows_total, counts.rows_imported, counts.rows_rejected, counts.pages ?? null, JSON.stringify(counts.info ?? null), id);
}

/** Collects a file's bytes as they stream past and stores them in CHUNK_BYTES pieces. */
export class ChunkWriter {
  private readonly insert: Database.Statement;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private seq = 0;

  constructor(db: Database.Database, private readonly documentId: number) {
    this.insert = db.prepare('INSERT INTO document_chunks (document_id, seq, bytes) VALUES (?, ?, ?)');
  }

  push(bytes: Buffer): void {
    if (this.pendingBytes === 0 && bytes.length === CHUNK_BYTES) {
      // A piece read a chunk at a time goes in as it is, without a copy.
      this.insert.run(this.documentId, this.seq++, bytes);
      return;
    }
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    while (this.pendingBytes >= CHUNK_BYTES) {
      const all = Buffer.concat(this.pending, this.pendingBytes);
      this.insert.run(this.documentId, this.seq++, all.subarray(0, CHUNK_BYTES));
      const rest = all.subarray(CHUNK_BYTES);
      this.pending = rest.length > 0 ? [rest] : [];
      this.pendingBytes = rest.length;
    }
  }

  finish(): void {
    if (this.pendingBytes > 0 || this.seq === 0) {
      this.insert.run(this.documentId, this.seq++, Buffer.concat(this.pending, this.pendingBytes));
    }
    this.pending = [];
    this.pendingBytes = 0;
  }
}

/** Streams a whole file into document_chunks; returns the SHA-256 of the bytes stored. */
export async function storeFileBytes(db: Database.Database, documentId: number, path: string): Promise<string> {
  const writer = new ChunkWriter(db, documentId);
  const hash = createHash('sha256');
  for await (const piece of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
    hash.update(piece as Buffer);
    writer.push(piece as Buffer);
  }
  writer.finish();
  return hash.digest('hex');
}

/** The original bytes of a document, reassembled (tests, export). */
export function readDocumentBytes(db: Database.Database, documentId: number): Buffer {
  const rows = db.prepare('SELECT bytes FROM document_chunks WHERE document_id = ? ORDER BY seq').all(documentId) as { bytes: Buffer }[];
  return Buffer.concat(rows.map((r) => r.bytes));
}
