import Database from 'better-sqlite3';
import { MIGRATIONS } from '../casefile/migrations/index';
import type { VerifyProblem } from './verify';

type SchemaObject = { type: string; name: string; tbl_name: string; sql: string | null };

function schemaOf(db: Database.Database): Map<string, SchemaObject> {
  // sqlite_* objects are SQLite's own (autoindexes, ANALYZE statistics), not the migrations'.
  const rows = db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'").all() as SchemaObject[];
  return new Map(rows.map((r) => [r.name, r]));
}

/** The schema the migrations make, built in memory with the same SQL a case file was made with. */
function expectedSchema(nativeBinding: string | undefined): Map<string, SchemaObject> {
  const memory = new Database(':memory:', nativeBinding ? { nativeBinding } : {});
  try {
    for (const migration of MIGRATIONS) memory.exec(migration.up);
    return schemaOf(memory);
  } finally {
    memory.close();
  }
}

/**
 * Compares the case file's tables, indexes, triggers and views with what the migrations create:
 * a trigger planted with the sqlite3 shell (say, one that lowers every new flag's severity) or a
 * view shadowing a table would alter later work without touching a row verify hashes.
 */
export function verifySchema(db: Database.Database, problems: VerifyProblem[], nativeBinding?: string): void {
  const expected = expectedSchema(nativeBinding);
  const actual = schemaOf(db);
  for (const [name, object] of actual) {
    const want = expected.get(name);
    if (!want) {
      problems.push({ what: 'schema', name, problem: 'added', message: `${object.type} ${name} on ${object.tbl_name} is not made by any migration (added outside ZeroMile): ${clip(object.sql)}` });
    } else if (want.type !== object.type || want.sql !== object.sql || want.tbl_name !== object.tbl_name) {
      problems.push({ what: 'schema', name, problem: 'changed', message: `${want.type} ${name} differs from what the migrations make: now ${clip(object.sql)}` });
    }
  }
  for (const [name, want] of expected) {
    if (!actual.has(name)) problems.push({ what: 'schema', name, problem: 'removed', message: `${want.type} ${name}, made by the migrations, is missing from the case file.` });
  }
}

function clip(sql: string | null): string {
  const text = (sql ?? '').replace(/\s+/g, ' ');
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
