import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { setCaseProperties } from '../../../electron/backend/casefile/case-properties';
import { openCaseFile } from '../../../electron/backend/casefile/open-case-file';
import { importFiles } from '../../../electron/backend/import/import-files';
import { runRules } from '../../../electron/backend/rules/runner';
import { toWireError } from '../../../shared/errors';
import { writeSalesCsv } from '../../bench/sales-csv';
import { tempDir } from '../../support/paths';

// A case file SQLite may only read (its permissions, a read-only share: SQLite falls back to
// reading without a word; here opened read-only, as root ignores permissions): every write names
// the case file and its path as read-only, never the file being imported nor 'unexpected error'.
const temp = tempDir('zeromile-read-only-');
afterAll(() => temp.remove());

const casePath = join(temp.dir, 'locked.zmcase');
const READ_ONLY = new RegExp(`^The case file ${casePath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is read-only \\(SQLITE_READONLY[A-Z_]*: its permissions, or a read-only disk or folder\\), so nothing was written to it\\.`);

describe('a read-only case file', () => {
  it('is named, with its path, by an import, a rule run and a change of its properties; nothing is written', async () => {
    openCaseFile(casePath, { create: { title: 'locked' } }).close();
    const csv = join(temp.dir, 'F.csv');
    await writeSalesCsv(csv, 50, 3);
    const caseFile = openCaseFile(casePath, { readonly: true });
    try {
      const [result] = await importFiles(caseFile, [{ path: csv }]);
      expect(result!.refused).toMatchObject({ code: 'write_failed', message: expect.stringMatching(READ_ONLY) });
      expect(result!.refused!.message).not.toMatch(/F\.csv/);
      expect(() => runRules(caseFile, {})).toThrow(READ_ONLY);
      expect(() => setCaseProperties(caseFile.db, { title: 'new title' })).toThrow(READ_ONLY);
      expect((caseFile.db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n).toBe(0);
      expect((caseFile.db.prepare('SELECT count(*) AS n FROM rule_runs').get() as { n: number }).n).toBe(0);
    } finally {
      caseFile.close();
    }
  });

  it('is said as read-only wherever the case file is not known', () => {
    const wire = toWireError(Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' }));
    expect(wire).toMatchObject({ code: 'write_failed', message: expect.stringMatching(/^The case file is read-only \(SQLITE_READONLY/), msg: { key: 'error.read_only' } });
  });
});
