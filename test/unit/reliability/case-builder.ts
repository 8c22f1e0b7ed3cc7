// Builds small real case files for the reliability tests, with raw SQL where the import pipeline
// would otherwise be needed, so these tests do not depend on the readers.
import { createHash } from 'node:crypto';
import { appendAudit } from '../../../electron/backend/casefile/audit';
import { commitFacts } from '../../../electron/backend/casefile/fact-digests';
import { openCaseFile, type CaseFile } from '../../../electron/backend/casefile/open-case-file';

/** Stores `bytes` as a document in pieces of `chunk` bytes, with an audit entry, in one transaction. */
export function addDocument(cf: CaseFile, fileName: string, bytes: Buffer, chunk = 1024): number {
  return cf.db.transaction(() => {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const id = Number(cf.db.prepare(
      "INSERT INTO documents (file_name, size, media_type, sha256, imported_at) VALUES (?, ?, 'text/csv', ?, ?)",
    ).run(fileName, bytes.length, sha256, new Date().toISOString()).lastInsertRowid);
    const insert = cf.db.prepare('INSERT INTO document_chunks (document_id, seq, bytes) VALUES (?, ?, ?)');
    for (let seq = 0; seq * chunk < Math.max(bytes.length, 1); seq++) insert.run(id, seq, bytes.subarray(seq * chunk, (seq + 1) * chunk));
    appendAudit(cf.db, { action: 'import.file', subject: sha256, detail: { file: fileName, document: id, sha256, size: bytes.length, facts: commitFacts(cf.db, [`document:${id}`]) } });
    return id;
  })();
}

/** A case with three documents (one of several pieces) and a dozen audit entries. */
export function buildCase(path: string): void {
  const cf = openCaseFile(path, { create: { title: 'Tamper test' } });
  addDocument(cf, 'sales.csv', Buffer.from('invoice_no,vin\n' + 'A1,LGXCE4CB5N0000001\n'.repeat(300)));
  addDocument(cf, 'exports.csv', Buffer.from('declaration_no,vin\nD1,LGXCE4CB5N0000001\n'));
  addDocument(cf, 'empty.csv', Buffer.alloc(0));
  for (let i = 0; i < 9; i++) appendAudit(cf.db, { action: 'note.add', subject: `vehicle:${i}`, detail: { body: `note ${i}` } });
  cf.close();
}
