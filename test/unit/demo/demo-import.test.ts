import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECORD_KINDS } from '../../../shared/record-kinds';
import type { ImportFileResult } from '../../../shared/contract/import';
import { openCaseFile, type CaseFile } from '../../../electron/backend/casefile/open-case-file';
import { importFiles } from '../../../electron/backend/import/import-files';
import { writeDemo, type DemoManifest } from '../../../electron/backend/demo/write-demo';
import { tempDir } from '../../support/paths';

/** The table each record kind lands in (vehicles' rows go to vehicle_records). */
const TABLES = {
  vehicles: 'vehicle_records', sales: 'sales', registrations: 'registrations',
  exports: 'exports', shipments: 'shipments', confirmations: 'confirmations',
} as const;

let work: { dir: string; remove: () => void };
let manifest: DemoManifest;
let caseFile: CaseFile;
let results: ImportFileResult[];

beforeAll(async () => {
  work = tempDir('zeromile-demo-import-');
  manifest = await writeDemo(join(work.dir, 'demo'), { vehicles: 500, seed: 11 });
  caseFile = openCaseFile(join(work.dir, 'demo.zmcase'), { create: { title: 'demo' } });
  results = await importFiles(caseFile, manifest.files.map((f) => ({ path: join(manifest.dir, f.file) })));
}, 120_000);
afterAll(() => {
  caseFile?.close();
  work.remove();
});

describe('zeromile demo imported by the import pipeline', () => {
  it('imports every file as the kind, rows, imported and rejected counts of the ground truth', () => {
    const got = results.map((r) => ({ file: r.file, kind: r.kind, sha256: r.sha256, rows: r.rows, imported: r.imported, rejected: r.rejected, refused: r.refused }));
    const want = manifest.files.map((f) => ({ file: f.file, kind: f.kind, sha256: f.sha256, rows: f.rows, imported: f.imported, rejected: f.rejected, refused: null }));
    expect(got).toEqual(want);
  });

  it('rejects exactly the planted bad rows, for the planted reasons', () => {
    const got = results.flatMap((r) => r.rejects.map((x) => `${r.file}#${x.row}#${x.reason}`)).sort();
    const want = manifest.rejects.map((x) => `${x.file}#${x.row}#${x.reason}`).sort();
    expect(got).toEqual(want);
  });

  it('keeps the records of every kind the ground truth counts', () => {
    for (const kind of RECORD_KINDS) {
      // Every row is kept: as a record, or as a further source of the fact it tells again (the
      // demo's same-number declarations are in both customs files).
      const { n } = caseFile.db.prepare(`SELECT (SELECT count(*) FROM ${TABLES[kind]}) + (SELECT count(*) FROM record_sources WHERE record_kind = ?) AS n`).get(kind) as { n: number };
      expect(n, kind).toBe(manifest.records[kind]);
    }
    const { n } = caseFile.db.prepare('SELECT count(*) AS n FROM vehicles').get() as { n: number };
    expect(n).toBe(manifest.vehicles);
  });

  it('resolves a maker written in English and in Chinese under one USCC to one party', () => {
    const makers = caseFile.db.prepare(`
      SELECT p.party_id, count(DISTINCT a.name) AS spellings FROM parties p JOIN party_aliases a ON a.party_id = p.id
      WHERE p.party_id IN (SELECT manufacturer_id FROM vehicle_records WHERE manufacturer_id IS NOT NULL)
      GROUP BY p.id`).all() as { party_id: string; spellings: number }[];
    expect(makers.length).toBe(8);
    for (const m of makers) expect(m.spellings, m.party_id).toBeGreaterThanOrEqual(2);
  });
});
