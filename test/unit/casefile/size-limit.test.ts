import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCaseFile } from '../../../electron/backend/casefile/open-case-file';
import { importFiles } from '../../../electron/backend/import/import-files';
import { parseFileSizeLimit } from '../../../electron/backend/files/size-limit';
import { runSizeLimitRefused } from '../../../electron/backend/casefile/write-refused';
import { CLI, tempDir } from '../../support/paths';
import { SELLER_USCC, csv, vinNo } from '../import/import-helpers';

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

  it('an import past it names the limit and the case file and keeps nothing of the file; an export past it names the limit and leaves no file', async () => {
    const dir = tempDir('zeromile-size-limit-import-');
    try {
      const path = join(dir.dir, 'limited.zmcase');
      openCaseFile(path, { create: { title: 'Limited' } }).close();
      const before = sha(path);
      const sales = join(dir.dir, 'sales.csv');
      writeFileSync(sales, csv([['发票号码', '开票日期', 'VIN', '销货单位名称', '销货单位纳税人识别号', '购买方名称', '价税合计'],
        ...Array.from({ length: 3000 }, (_, i) => [`S${i}`, '2024-03-05', vinNo(i + 1), '比亚迪汽车销售有限公司', SELLER_USCC, `买方${i}`, '88000'])]));
      // 200 KiB: the case file opens, and the import's -wal log outgrows the limit (it said 'the disk reported an error').
      const refused = cliUnderLimit(200, 'import', path, sales);
      expect(refused.status).toBe(1);
      expect(refused.stderr).not.toMatch(/disk reported an error/);
      expect(refused.stderr).toMatch(/^sales\.csv: REFUSED: .*limited\.zmcase could not be written: this process may not write files larger than 204,800 bytes \(its file size limit, ulimit -f\), and .*limited\.zmcase-wal has reached it \([\d,]+ bytes; SQLITE_IOERR_WRITE\)\. The work was rolled back: the case file is as it was\. Raise the limit/);
      expect(sha(path)).toBe(before);
      const caseFile = openCaseFile(path);
      const [imported] = await importFiles(caseFile, [{ path: sales }]);
      caseFile.close();
      expect(imported).toMatchObject({ imported: 3000, rejected: 0 });
      // The sales as CSV are ~500 KB: the export said 'the file is too large for this disk (EFBIG)'.
      const out = join(dir.dir, 'sales-export.csv');
      const exported = cliUnderLimit(200, 'export', path, '--format', 'csv', '--table', 'records', '--out', out);
      expect(exported.status).toBe(1);
      expect(exported.stderr).toMatch(/^zeromile export: Cannot write .*sales-export\.csv: it would be larger than the 204,800 bytes this process may write to a file \(its file size limit, ulimit -f\): raise the limit \(ulimit -f unlimited\) and try again \(EFBIG\)\. Nothing was written there\./);
      expect(readdirSync(dir.dir).filter((f) => f.includes('export'))).toEqual([]);
      // A backup past it: SQLite's write error, named as the limit too.
      const backup = cliUnderLimit(200, 'backup', path, join(dir.dir, 'copy.zmcase'));
      expect(backup.status).toBe(1);
      expect(backup.stderr).toMatch(/it would be larger than the 204,800 bytes this process may write to a file \(its file size limit, ulimit -f\)/);
      expect(readdirSync(dir.dir).filter((f) => f.includes('copy'))).toEqual([]);
    } finally {
      dir.remove();
    }
  });

  it('a rule run past it names the limit, whichever file reached it, and leaves the case file as it was', async () => {
    const dir = tempDir('zeromile-size-limit-analyze-');
    try {
      const path = join(dir.dir, 'limited.zmcase');
      expect(spawnSync(process.execPath, [CLI, 'demo', join(dir.dir, 'src'), '--vehicles', '300'], { encoding: 'utf8' }).status).toBe(0);
      const caseFile = openCaseFile(path, { create: { title: 'Limited' } });
      await importFiles(caseFile, readdirSync(join(dir.dir, 'src')).filter((f) => /\.(csv|xlsx)$/.test(f)).map((f) => ({ path: join(dir.dir, 'src', f) })));
      caseFile.close();
      const before = sha(path);
      // 400 KiB: the case (about 2.6 MB) opens; the run's -wal log or a finder's scratch file, written
      // at once, outgrows the limit first (it said 'The disk reported an error' or 'The rule
      // zero_mileage_export failed; nothing was saved: disk I/O error').
      const refused = cliUnderLimit(400, 'analyze', path, '--json');
      expect(refused.status).toBe(1);
      expect(refused.stderr).not.toMatch(/disk reported an error|disk I\/O error|Check the disk/);
      expect(refused.stderr).toMatch(/^zeromile analyze: (.*limited\.zmcase could not be written|The rule run on .*limited\.zmcase stopped): this process may not write files larger than 409,600 bytes \(its file size limit, ulimit -f\), and (.*limited\.zmcase-wal has reached it|the scratch file of [a-z_]+ \(.*\.sqlite\) reached it)/);
      expect(refused.stderr).toMatch(/rolled back: the case file is as it was\. Raise the limit \(ulimit -f unlimited\) and try again\.\n$/);
      expect(sha(path)).toBe(before);
      const reopened = openCaseFile(path);
      expect(reopened.db.prepare('SELECT count(*) FROM rule_runs').pluck().get()).toBe(0);
      // A finder's failure names its rule's scratch file (its size went with the rolled-back write).
      const scratch = runSizeLimitRefused(reopened.db, Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE', rule: 'rapid_resale' }),
        (rule) => (rule === 'rapid_resale' ? '/tmp/run/3-rapid_resale.sqlite' : null), 409_600);
      expect(scratch?.message).toBe(`The rule run on ${path} stopped: this process may not write files larger than 409,600 bytes (its file size limit, ulimit -f), and the scratch file of rapid_resale (/tmp/run/3-rapid_resale.sqlite) reached it (SQLITE_IOERR_WRITE). The run was rolled back: the case file is as it was. Raise the limit (ulimit -f unlimited) and try again.`);
      expect(runSizeLimitRefused(reopened.db, Object.assign(new Error('x'), { code: 'SQLITE_IOERR_WRITE', rule: 'rapid_resale' }), () => null, null)).toBeNull();
      reopened.close();
    } finally {
      dir.remove();
    }
  });
});
