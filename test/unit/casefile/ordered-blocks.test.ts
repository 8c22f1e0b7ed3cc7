import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIGEST_V2, rowJson } from '../../../electron/backend/casefile/block-hasher';
import { allFactKeys, commitFacts, documentFactTables, factDigest } from '../../../electron/backend/casefile/fact-digests';
import { openCaseFile, type CaseFile } from '../../../electron/backend/casefile/open-case-file';
import { writeDemo } from '../../../electron/backend/demo/write-demo';
import { importFiles } from '../../../electron/backend/import/import-files';
import { runRules } from '../../../electron/backend/rules/runner';
import { tempDir } from '../../support/paths';

/**
 * The digests join a block's encoded rows in the order of an ordered subquery rather than with
 * ORDER BY inside group_concat (block-hasher.ts orderedRows), which SQLite sorts through a
 * temporary B-tree even when the rows come in order. Held here: no digest query sorts, and a
 * document's digests are those of its rows hashed one by one in key order.
 */
const temp = tempDir('zeromile-ordered-blocks-');
let cf: CaseFile;
/** Every statement the digests prepared that joins rows into a block. */
const blockQueries = new Set<string>();

beforeAll(async () => {
  const demo = await writeDemo(join(temp.dir, 'demo'), { vehicles: 100, seed: 4711 });
  cf = openCaseFile(join(temp.dir, 'ordered.zmcase'), { create: { title: 'Ordered blocks' } });
  const prepare = cf.db.prepare.bind(cf.db);
  cf.db.prepare = ((sql: string) => {
    if (sql.includes('group_concat(j') && !sql.startsWith('EXPLAIN')) blockQueries.add(sql);
    return prepare(sql);
  }) as typeof cf.db.prepare;
  const results = await importFiles(cf, demo.files.map((f) => ({ path: join(demo.dir, f.file) })));
  expect(results.filter((r) => r.refused)).toEqual([]);
  runRules(cf, {});
  // A commit of every key in a transaction undone after: the registers' group reader runs only in a commit.
  cf.db.exec('BEGIN');
  commitFacts(cf.db, allFactKeys(cf.db));
  cf.db.exec('ROLLBACK');
}, 120_000);
afterAll(() => {
  cf.close();
  temp.remove();
});

describe('digest blocks joined in order', () => {
  it('sorts nowhere: the scan gives the order', () => {
    // documents (rowid and without-rowid tables), registers (rows and alias groups), rule runs (scratch and stored).
    expect(blockQueries.size).toBeGreaterThanOrEqual(6);
    let checked = 0;
    for (const sql of [...blockQueries]) {
      const params = [...sql.matchAll(/@(\w+)/g)].reduce<Record<string, number>>((all, [, name]) => ({ ...all, [name!]: 1 }), {});
      const positional = (sql.match(/\?/g) ?? []).map(() => 1);
      if (sql.includes('scratch') || /FROM temp\./.test(sql)) continue; // the rule run's scratch tables are gone by now
      let plan: string[];
      try {
        const statement = cf.db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
        plan = (Object.keys(params).length > 0 ? statement.all(params) : statement.all(...positional)).map((row) => (row as { detail: string }).detail);
      } catch (error) {
        if (/no such table/.test((error as Error).message)) continue;
        throw error;
      }
      // Rejected rows are found by their document's index on (document_id, row_no), so they are
      // sorted by rowid, as they were inside group_concat: a file's rejects are few.
      if (sql.includes('FROM "rejected_rows"')) continue;
      expect(plan.join(' | '), sql).not.toMatch(/TEMP B-TREE/);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(5);
  });

  it("gives every document's tables the digest of their rows hashed one by one in key order", () => {
    const documents = cf.db.prepare('SELECT id FROM documents ORDER BY id').pluck().all() as number[];
    expect(documents.length).toBeGreaterThan(5);
    const tables = documentFactTables(cf.db);
    for (const id of documents) {
      const expected: Record<string, string> = {};
      for (const table of tables) {
        const rows = cf.db.prepare(`SELECT ${rowJson(cf.db, table.name)} FROM "${table.name}" WHERE document_id = ? ORDER BY ${table.order}`).pluck().all(id) as string[];
        if (rows.length > 0) expected[table.name] = DIGEST_V2 + createHash('sha256').update(rows.map((row) => `${row}\n`).join('')).digest('hex');
      }
      const { documents: own, ...digests } = factDigest(cf.db, `document:${id}`);
      expect(own).toMatch(/^v2:/);
      expect(digests, `document ${id}`).toEqual(expected);
    }
  });
});
