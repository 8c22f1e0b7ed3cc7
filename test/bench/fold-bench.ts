import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchRow, BenchSection } from './bench-table';
import { writeSalesCsv } from './sales-csv';
import { openCaseFile } from '../../electron/backend/casefile/open-case-file';
import { factDigest } from '../../electron/backend/casefile/fact-digests';
import { recordsChangedOutside, type RecordOf } from '../../electron/backend/casefile/fold-notes';
import { importFiles } from '../../electron/backend/import/import-files';

/**
 * The fold (casefile/record-sources.ts) on its worst file: every row tells a sale the case already
 * holds (file A's rows again, one header renamed so the bytes differ). Each row becomes a further
 * source, and each record given one is checked against the row digest its commit kept
 * (fold-notes.ts). Baselines in the same process: importing file A itself (no fold; a fold writes
 * a source and deletes a row for each, so more than 1), and the digest verify computes over A's
 * document (the check encodes the same rows, hashes each and looks its kept digest up: under 3).
 */
export const foldBench: BenchSection = {
  name: 'fold',
  async run(scale, workDir) {
    const rows = Math.round(200_000 * scale);
    const a = join(workDir, 'fold-a.csv');
    await writeSalesCsv(a, rows);
    const b = join(workDir, 'fold-b.csv');
    writeFileSync(b, readFileSync(a, 'utf8').replace('备注', '备注（另一份）'));
    const caseFile = openCaseFile(join(workDir, 'fold.zmcase'), { create: { title: 'fold bench' } });
    try {
      let started = performance.now();
      const [first] = await importFiles(caseFile, [{ path: a }]);
      const importA = (performance.now() - started) / 1000;
      started = performance.now();
      const [second] = await importFiles(caseFile, [{ path: b }]);
      const importB = (performance.now() - started) / 1000;
      const folded = second!.same_facts?.folded ?? Number(JSON.parse(caseFile.db.prepare('SELECT info FROM documents WHERE id = 2').pluck().get() as string).same_facts ?? 0);
      const ids = caseFile.db.prepare('SELECT id, document_id AS document FROM sales WHERE document_id = 1 ORDER BY id').all() as RecordOf[];
      started = performance.now();
      const changed = recordsChangedOutside(caseFile.db, 'sales', ids).length;
      const check = (performance.now() - started) / 1000;
      started = performance.now();
      factDigest(caseFile.db, 'document:1');
      const digest = (performance.now() - started) / 1000;
      return [
        {
          figure: `import ${first!.imported.toLocaleString('en-US')} sales rows that all tell sales the case holds (${folded.toLocaleString('en-US')} folded) vs the same rows first`,
          value: importB, unit: 's', baseline: importA, target: 'ratio <= 2', pass: importB / importA <= 2,
        } satisfies BenchRow,
        {
          figure: `  of which could be: check ${ids.length.toLocaleString('en-US')} records given a source against their kept row digests (${changed} changed) vs verify's digest of their document`,
          value: check, unit: 's', baseline: digest, target: 'ratio <= 3', pass: check / digest <= 3,
        },
      ];
    } finally {
      caseFile.close();
    }
  },
};
