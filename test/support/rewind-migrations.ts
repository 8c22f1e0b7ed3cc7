import type Database from 'better-sqlite3';
import { MIGRATIONS } from '../../electron/backend/casefile/migrations/index';

/**
 * Puts a case back to schema version `version`, as that version left it, so that opening it runs
 * the later migrations again, each on the schema it was written for (a migration never meets what
 * it creates: real cases come from the version before it). Undone from the last migration back,
 * each one's statements last first: what it creates (and does not drop first, as 014 does to
 * replace its indexes) is dropped, a column it adds (017) is dropped, and an index or table it only
 * drops (018, 020) is created again, empty, by the statement of the migration before it that made
 * it. A migration's data step is not undone: a test that needs the rows an older version kept puts
 * them back itself. A migration of another kind must be undone by the test by hand.
 */
export function rewindMigrations(raw: Database.Database, version: number): void {
  for (let at = MIGRATIONS.length - 1; at >= version; at--) undoMigration(raw, at);
  raw.prepare("UPDATE case_meta SET value = ? WHERE key = 'schema_version'").run(String(version));
  raw.pragma(`user_version = ${version}`);
}

/** Undoes MIGRATIONS[at]'s schema changes (see rewindMigrations). */
function undoMigration(raw: Database.Database, at: number): void {
  const { up } = MIGRATIONS[at]!;
  const earlier = MIGRATIONS.slice(0, at).flatMap((m) => m.up.split(';'));
  // A table rebuilt with the same columns (024: renamed away, made again, its rows copied, the old
  // one dropped): made again as the migration before it made it, with its rows.
  const rebuilt = /^\s*ALTER\s+TABLE\s+(\w+)\s+RENAME\s+TO\s+(\w+)/im.exec(up);
  if (rebuilt && new RegExp(`CREATE\\s+TABLE\\s+${rebuilt[1]}\\b`, 'i').test(up) && new RegExp(`DROP\\s+TABLE\\s+${rebuilt[2]}\\b`, 'i').test(up)) {
    const table = rebuilt[1]!;
    const made = earlier.filter((s) => new RegExp(`^\\s*CREATE\\s+TABLE\\s+${table}\\b`, 'im').test(s)).pop();
    if (!made) throw new Error(`no migration before ${MIGRATIONS[at]!.version} made the table ${table}`);
    raw.exec(made.replace(new RegExp(`(CREATE\\s+TABLE\\s+)${table}\\b`, 'i'), `$1${table}_rewound`));
    raw.exec(`INSERT INTO ${table}_rewound SELECT * FROM ${table}; DROP TABLE ${table}; ALTER TABLE ${table}_rewound RENAME TO ${table};`);
    return;
  }
  for (const statement of up.split(';').reverse()) {
    const created = /^\s*CREATE\s+(?:UNIQUE\s+)?(INDEX|TRIGGER|VIEW|TABLE)\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)/i.exec(statement);
    if (created && !new RegExp(`DROP\\s+${created[1]}\\s+(IF\\s+EXISTS\\s+)?${created[2]}\\b`, 'i').test(up)) raw.exec(`DROP ${created[1]} IF EXISTS ${created[2]}`);
    const added = /^\s*ALTER\s+TABLE\s+(\w+)\s+ADD\s+COLUMN\s+(\w+)/i.exec(statement);
    if (added) raw.exec(`ALTER TABLE ${added[1]} DROP COLUMN ${added[2]}`);
    const dropped = /^\s*DROP\s+(INDEX|TABLE)\s+(?:IF\s+EXISTS\s+)?(\w+)/i.exec(statement);
    if (dropped && !new RegExp(`CREATE\\s+(UNIQUE\\s+)?${dropped[1]}\\s+${dropped[2]}\\b`, 'i').test(up)) {
      const made = earlier.filter((s) => new RegExp(`^\\s*CREATE\\s+(?:UNIQUE\\s+)?${dropped[1]}\\s+${dropped[2]}\\b`, 'i').test(s)).pop();
      if (!made) throw new Error(`no migration before ${MIGRATIONS[at]!.version} made the ${dropped[1]!.toLowerCase()} ${dropped[2]}`);
      raw.exec(made);
    }
  }
}
