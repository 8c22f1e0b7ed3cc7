import { mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listCaseFiles } from '../../../electron/backend/web/case-list';
import { tempDir } from '../../support/paths';

const temp = tempDir('zeromile-case-list-');
afterAll(() => temp.remove());

describe('browser mode\'s case list', () => {
  it('lists the case files directly inside its folders, newest first, following no link', () => {
    const cases = join(temp.dir, 'cases');
    const other = join(temp.dir, 'other');
    mkdirSync(join(cases, 'sub'), { recursive: true });
    mkdirSync(other);
    writeFileSync(join(cases, 'old.zmcase'), 'x');
    writeFileSync(join(other, 'new.ZMCASE'), 'xy');
    writeFileSync(join(cases, 'notes.txt'), 'x');
    writeFileSync(join(cases, 'sub', 'deep.zmcase'), 'x');
    symlinkSync('/etc/passwd', join(cases, 'planted.zmcase'));
    utimesSync(join(cases, 'old.zmcase'), new Date('2026-01-01'), new Date('2026-01-01'));
    const listed = listCaseFiles([cases, other, join(temp.dir, 'missing'), cases]);
    expect(listed.map((c) => [c.name, c.bytes])).toEqual([['new.ZMCASE', 2], ['old.zmcase', 1]]);
    expect(listed[1]).toMatchObject({ folder: cases, path: join(cases, 'old.zmcase'), modified: '2026-01-01T00:00:00.000Z' });
  });
});
