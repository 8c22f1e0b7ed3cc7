// The import's SQLite work alone, through the import's own functions, with nothing read, parsed,
// validated or resolved: the floor under the import's time on this machine, whatever the reading
// side does. The records of an imported sales file are read back 10,000 at a time (not timed; all
// of them at once made a heap of a gigabyte whose garbage collection slowed the inserts down) and
// written into a new case file as the import writes them: indexes put off, every record inserted
// through the import's prepared statement, the original bytes stored, the indexes rebuilt, the
// vehicles registered, committed.
// Usage: node writer-floor-runner.mjs SOURCE_CASE NEW_CASE FILE -> prints the steps' seconds as JSON.
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { pauseAutoCheckpoint } from '../../electron/backend/casefile/background-checkpoint';
import { storeFileBytes, insertDocument } from '../../electron/backend/casefile/documents';
import { openCaseFile } from '../../electron/backend/casefile/open-case-file';
import { deferRecordIndexes, prepareRecordInsert, recordColumns } from '../../electron/backend/casefile/records';
import { VehicleRegistry } from '../../electron/backend/casefile/vehicles';

const [sourcePath, casePath, file] = process.argv.slice(2);
if (!sourcePath || !casePath || !file) throw new Error('usage: writer-floor-runner SOURCE_CASE NEW_CASE FILE');

const source = new Database(sourcePath, { readonly: true });
const columns = recordColumns('sales');
const parties = source.prepare('SELECT id, name, norm_name, party_id, id_kind, id_valid, is_person FROM parties ORDER BY id').raw().all() as unknown[][];
const records = source.prepare(`SELECT ${columns.join(', ')} FROM sales ORDER BY id`).raw().iterate() as IterableIterator<unknown[]>;
const BATCH = 10_000;

for (const suffix of ['', '-wal', '-shm']) rmSync(casePath + suffix, { force: true });
const caseFile = openCaseFile(casePath, { create: { title: 'writer floor' } });
const db = caseFile.db;
db.pragma('cache_size = -49152');
// As a big import: its commit does not checkpoint (that follows on a thread of its own, not counted).
pauseAutoCheckpoint(db);
db.exec('BEGIN IMMEDIATE');
const documentId = insertDocument(db, { file_name: 'floor.csv', size: 0, media_type: 'text/csv', sha256: 'floor', kind: 'sales', encoding: 'utf-8' });
const insertParty = db.prepare('INSERT INTO parties (id, name, norm_name, party_id, id_kind, id_valid, is_person) VALUES (?, ?, ?, ?, ?, ?, ?)');
for (const party of parties) insertParty.run(party);

const seconds: Record<string, number> = {};
let mark = performance.now();
const step = (name: string) => { const now = performance.now(); seconds[name] = (now - mark) / 1000; mark = now; };
const deferred = deferRecordIndexes(db, 'sales');
const insert = prepareRecordInsert(db, 'sales');
let firstId = 0;
let lastId = 0;
let count = 0;
let insertMs = 0;
for (;;) {
  const batch: unknown[][] = [];
  for (let next = records.next(); !next.done; next = records.next()) {
    next.value[0] = documentId;
    batch.push(next.value);
    if (batch.length === BATCH) break;
  }
  if (batch.length === 0) break;
  const started = performance.now();
  for (const record of batch) {
    lastId = insert.run(record).lastInsertRowid as number;
    if (firstId === 0) firstId = lastId;
  }
  insertMs += performance.now() - started;
  count += batch.length;
}
source.close();
seconds.insert = insertMs / 1000;
mark = performance.now();
await storeFileBytes(db, documentId, file);
step('bytes');
db.pragma('cache_size = -2048');
deferred.restore();
step('indexes');
new VehicleRegistry(db).registerRecords('sales', firstId, lastId, true);
step('vehicles');
db.exec('COMMIT');
step('commit');
caseFile.close();
process.stdout.write(JSON.stringify({ records: count, seconds }));
