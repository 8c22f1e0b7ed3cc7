import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCaseFile } from '../../../electron/backend/casefile/open-case-file';
import { parseFileSizeLimit } from '../../../electron/backend/casefile/write-refused';
import { CLI, tempDir } from '../../support/paths';

const temp = tempDir('zeromile-size-limit-');
afterAll(() => temp.remove());

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** The built CLI under a file size limit of `kb` KiB (bash's ulimit -f), as a stranger ran it. */
function cliUnderLimit(kb: number, ...args: string[]) {
  if (!existsSync(CLI)) throw new Error(`build first: ${CLI} is missing (npm run build)`);
  return spawnSync('bash', ['-c', `ulimit -f ${kb} && exec "$0" "$@"`, process.execPath, CLI, ...args], { encoding: 'utf8', timeout: 30_000 });
}

describe('a case file under a file size limit (ulimit -f)', () => {
  it('reads the limit from /proc/self/limits', () => {
    const header = 'Limit                     Soft Limit           Hard Limit           Units     \n';
    expect(parseFileSizeLimit(`${header}Max cpu time              unlimited            unlimited            seconds   \nMax file size             1024                 unlimited            bytes     \n`)).toBe(1024);
    expect(parseFileSizeLimit(`${header}Max file size             unlimited            unlimited            bytes     \n`)).toBeNull();
    expect(parseFileSizeLimit('')).toBeNull();
  });

  it('says the limit stopped it, not that the case is damaged, and leaves the case file as it was', () => {
    const path = join(temp.dir, 'limited.zmcase');
    openCaseFile(path, { create: { title: 'Limited' } }).close();
    const before = sha(path);
    // 1 KiB: even reading needs the 32 KiB -shm index beside the file (SQLITE_IOERR_SHMSIZE).
    const info = cliUnderLimit(1, 'info', path);
    expect(info.status).toBe(1);
    expect(info.stderr).not.toMatch(/damaged/);
    expect(info.stderr).toMatch(/^zeromile info: .*limited\.zmcase cannot be opened: this process may not write files larger than 1,024 bytes \(its file size limit, ulimit -f\)/);
    expect(info.stderr).toMatch(/Raise the limit \(ulimit -f unlimited\) and try again\. The case file was not changed\./);
    // 40 KiB: it opens, but the change's write-ahead log outgrows the limit: rolled back, and said why.
    const set = cliUnderLimit(40, 'case', path, '--set', 'title=Changed');
    expect(set.status).toBe(1);
    expect(set.stderr).toMatch(/the work was rolled back.*This process may not write files larger than 40,960 bytes \(its file size limit, ulimit -f\)/);
    const shown = cliUnderLimit(1024, 'info', path);
    expect(shown.stderr).toBe('');
    expect(shown.stdout).toMatch(/^Limited \(/);
    const reopened = openCaseFile(path);
    reopened.close();
    expect(sha(path)).toBe(before);
  });
});
