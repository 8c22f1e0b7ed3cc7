import type Database from 'better-sqlite3';

export type CaseMeta = {
  title: string;
  created: string;
  app_version: string;
  case_number?: string;
  classification?: string;
  analyst?: string;
  subject?: string;
  organisation?: string;
};

export function readCaseMeta(db: Database.Database): CaseMeta {
  const rows = db.prepare("SELECT key, value FROM case_meta WHERE key NOT LIKE 'audit.%'").all() as { key: string; value: string }[];
  return Object.fromEntries(rows.map((r) => [r.key, r.value])) as CaseMeta;
}

export function writeCaseMeta(db: Database.Database, values: Partial<CaseMeta>): void {
  const upsert = db.prepare('INSERT INTO case_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  for (const [key, value] of Object.entries(values)) if (value !== undefined) upsert.run(key, value);
}
