import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appendAudit } from '../../../electron/backend/casefile/audit';
import { commitFacts } from '../../../electron/backend/casefile/fact-digests';
import { openCaseFile, type CaseFile } from '../../../electron/backend/casefile/open-case-file';
import { registerFromRows } from '../../../electron/backend/casefile/register-digest';
import { createRng, type Rng } from '../../../electron/backend/demo/random';
import { verifyCaseFile } from '../../../electron/backend/verify/verify';
import { tempDir } from '../../support/paths';

/**
 * The registers' digests are committed from block digests kept between commits (dropped by
 * triggers when a row of the block is written): whatever writes come between two commits, the
 * commit must equal the digest recomputed from every row, which is what verify compares it with.
 */
const temp = tempDir('zeromile-register-digest-');
afterAll(() => temp.remove());

/** Ids spread over six blocks of 4,096, with their edges hit often. */
function someId(rng: Rng): number {
  if (rng.chance(0.3)) return rng.int(0, 5) * 4096 + rng.pick([-1, 0, 1]);
  return rng.int(1, 6 * 4096);
}

const vin = (rng: Rng) => `LGX${rng.int(0, 1e9).toString().padStart(14, '0')}`;

/** One seeded write to the registers, by plain SQL (as another connection or a later version might). */
function write(cf: CaseFile, rng: Rng): void {
  const db = cf.db;
  const anyOf = (table: string, key: string) => db.prepare(`SELECT ${key} FROM ${table} WHERE ${key} >= ? ORDER BY ${key} LIMIT 1`).pluck().get(someId(rng)) as number | undefined;
  const free = (table: string) => {
    const id = someId(rng);
    return id < 1 || db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(id) ? null : id;
  };
  const op = rng.int(0, 9);
  if (op <= 2) {
    const id = free('vehicles');
    const v = vin(rng);
    if (id) db.prepare("INSERT OR IGNORE INTO vehicles (id, vin, wmi, maker, model_year) VALUES (?, ?, 'LGX', 'BYD', ?)").run(id, v, rng.int(2018, 2024));
  } else if (op === 3) {
    db.prepare("UPDATE vehicles SET make = ?, production_date = '2024-01-0' || ? WHERE id = ?").run(rng.pick(['BYD', 'Geely', null]), rng.int(1, 9), anyOf('vehicles', 'id') ?? 0);
  } else if (op === 4) {
    // A row moved to another id, usually another block: both blocks change.
    const id = free('vehicles');
    if (id) db.prepare('UPDATE vehicles SET id = ? WHERE id = ?').run(id, anyOf('vehicles', 'id') ?? 0);
  } else if (op === 5) {
    db.prepare('DELETE FROM vehicles WHERE id = ?').run(anyOf('vehicles', 'id') ?? 0);
  } else if (op === 6) {
    const id = free('parties');
    if (id) db.prepare('INSERT OR IGNORE INTO parties (id, name, norm_name, is_person) VALUES (?, ?, ?, 0)').run(id, `Party ${id}`, `party ${id}`);
  } else if (op === 7) {
    db.prepare('UPDATE parties SET country = ? WHERE id = ?').run(rng.pick(['RU', 'KZ', null]), anyOf('parties', 'id') ?? 0);
  } else if (op === 8) {
    const party = anyOf('parties', 'id');
    if (party) db.prepare('INSERT OR IGNORE INTO party_aliases (party_id, name, norm_name) VALUES (?, ?, ?)').run(party, `Alias ${rng.int(1, 50)}`, `alias ${rng.int(1, 50)}`);
  } else {
    const alias = anyOf('party_aliases', 'party_id');
    if (alias === undefined) return;
    const other = anyOf('parties', 'id');
    if (rng.chance(0.5) && other) db.prepare('UPDATE OR IGNORE party_aliases SET party_id = ? WHERE party_id = ?').run(other, alias);
    else db.prepare('DELETE FROM party_aliases WHERE party_id = ?').run(alias);
  }
}

const fromRows = (cf: CaseFile) => ({ parties: registerFromRows(cf.db, 'parties').digests, vehicles: registerFromRows(cf.db, 'vehicles').digests });
const problemsOf = (cf: CaseFile) => verifyCaseFile(cf.db, { skipIntegrity: true }).problems;

describe('register digests from kept blocks (scheme v2)', () => {
  it('equal the digests of every row after seeded inserts, updates, moves and deletes across block edges', () => {
    const cf = openCaseFile(join(temp.dir, 'fuzz.zmcase'), { create: { title: 'Register fuzz' } });
    const rng = createRng(1515);
    try {
      for (let round = 0; round < 40; round++) {
        cf.db.transaction(() => {
          const writes = round === 0 ? 600 : rng.int(0, 40);
          for (let i = 0; i < writes; i++) write(cf, rng);
          const facts = commitFacts(cf.db, ['parties', 'vehicles']);
          expect(facts, `round ${round}`).toEqual(fromRows(cf));
          appendAudit(cf.db, { action: 'import.file', subject: null, detail: { facts } });
        })();
      }
      const blocks = cf.db.prepare("SELECT count(*) FROM register_blocks WHERE tbl = 'vehicles'").pluck().get() as number;
      expect(blocks).toBeGreaterThanOrEqual(6);
      expect(fromRows(cf).vehicles.vehicles).toMatch(/^v2:[0-9a-f]{64}$/);
      expect(problemsOf(cf)).toEqual([]);

      // A column added by a later migration fires no trigger: the kept digests of the old shape are not reused.
      const addColumn = cf.db.transaction(() => {
        cf.db.exec('ALTER TABLE vehicles ADD COLUMN colour TEXT');
        const facts = commitFacts(cf.db, ['vehicles']);
        expect(facts).toEqual({ vehicles: fromRows(cf).vehicles });
        expect(facts.vehicles).not.toEqual(fromRowsBefore);
        throw new Error('roll back');
      });
      const fromRowsBefore = fromRows(cf).vehicles;
      expect(() => addColumn()).toThrow('roll back');
    } finally {
      cf.close();
    }
  });

  it('a commit without the triggers (a table rebuilt) trusts nothing kept; tampering is named by row (aliases: by party), triggers or not', () => {
    const cf = openCaseFile(join(temp.dir, 'tamper.zmcase'), { create: { title: 'Register tamper' } });
    try {
      cf.db.transaction(() => {
        const vehicle = cf.db.prepare("INSERT INTO vehicles (id, vin, wmi) VALUES (?, ?, 'LGX')");
        for (let id = 1; id <= 20_000; id += 3) vehicle.run(id, `LGX${String(id).padStart(14, '0')}`);
        const party = cf.db.prepare('INSERT INTO parties (id, name, norm_name) VALUES (?, ?, ?)');
        const alias = cf.db.prepare('INSERT INTO party_aliases (party_id, name, norm_name) VALUES (?, ?, ?)');
        for (let id = 1; id <= 9_000; id += 7) {
          party.run(id, `Party ${id}`, `party ${id}`);
          alias.run(id, `P${id}`, `p${id}`);
        }
        appendAudit(cf.db, { action: 'import.file', subject: null, detail: { facts: commitFacts(cf.db, ['parties', 'vehicles']) } });
      })();
      expect(problemsOf(cf)).toEqual([]);

      const attacks = [
        { sql: "UPDATE vehicles SET make = 'Other' WHERE id = 10000", key: 'vehicles', hint: 'vehicles 10000 VIN LGX00000000010000 changed' },
        { sql: 'DELETE FROM vehicles WHERE id = 19999', key: 'vehicles', hint: 'vehicles 19999 VIN LGX00000000019999 deleted' },
        { sql: "UPDATE parties SET name = 'Innocent Trading' WHERE id = 4117", key: 'parties', hint: "parties 4117 'Innocent Trading' changed (committed as 'Party 4117')" },
        { sql: "UPDATE party_aliases SET name = 'Innocent' WHERE party_id = 1", key: 'parties', hint: "the aliases of party 1 'Party 1' changed" },
        { sql: "INSERT INTO party_aliases VALUES (8926, 'Other', 'other')", key: 'parties', hint: "the aliases of party 8926 'Party 8926' changed" },
      ];
      const dropTriggers = (cf.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'register_blocks_%'").pluck().all() as string[])
        .map((name) => `DROP TRIGGER ${name};`).join(' ');
      for (const triggers of ['kept', 'dropped']) {
        for (const attack of attacks) {
          const savepoint = cf.db.transaction(() => {
            if (triggers === 'dropped') cf.db.exec(dropTriggers);
            cf.db.exec(attack.sql);
            const problems = problemsOf(cf).filter((p) => p.what === 'facts');
            expect(problems.map((p) => `${p.problem}:${'key' in p ? p.key : ''}`), `${attack.sql} (triggers ${triggers})`).toEqual([`digest:${attack.key}`]);
            expect(problems[0]!.message).toContain(attack.hint);
            // A later commit with the triggers gone takes the rows as they are: the attack is laundered
            // only by an act the audit log records, as with any write through ZeroMile.
            if (triggers === 'dropped') {
              expect(commitFacts(cf.db, [attack.key])).toEqual({ [attack.key]: registerFromRows(cf.db, attack.key as 'parties').digests });
            }
            throw new Error('roll back');
          });
          expect(() => savepoint()).toThrow('roll back');
        }
      }
      expect(problemsOf(cf)).toEqual([]);
    } finally {
      cf.close();
    }
  });
});
