import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Checks an archive with zip readers that are not ours: Python's zipfile (every member's CRC and
 * size, ZIP64 included) and Info-ZIP's `unzip -t` where installed; throws with the reader's words.
 * `unzipOnly` skips Python's (seconds for tens of thousands of members) when unzip is there.
 */
export function checkZip(path: string, unzipOnly = false): void {
  const hasUnzip = existsSync('/usr/bin/unzip');
  if (unzipOnly && hasUnzip) return unzipTest(path);
  const python = spawnSync('python3', ['-c', `import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    bad = z.testzip()
    sys.exit('bad member ' + bad if bad else 0)`, path], { encoding: 'utf8' });
  if (python.status !== 0) throw new Error(`python3's zipfile finds ${path} damaged (exit ${python.status}): ${python.stderr.slice(-500)}`);
  if (hasUnzip) unzipTest(path);
}

function unzipTest(path: string): void {
  const unzip = spawnSync('unzip', ['-tq', path], { encoding: 'utf8' });
  if (unzip.status !== 0) throw new Error(`unzip -t finds ${path} damaged (exit ${unzip.status}): ${`${unzip.stdout}${unzip.stderr}`.slice(-500)}`);
}
