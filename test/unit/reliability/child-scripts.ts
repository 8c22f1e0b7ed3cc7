// Plain-JS child processes for the reliability tests: another program holding the case file's
// write lock, as the app does during an import. Written to the temp folder at test time.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../support/paths';

/**
 * `node lock-holder.mjs CASE MS`: takes the write lock (BEGIN IMMEDIATE), writes a case property (not an audited fact:
 * verify would name a note written outside ZeroMile), prints
 * "locked", holds the lock MS milliseconds or until a line arrives on stdin, commits, prints
 * "committed".
 */
export function writeLockHolder(dir: string): string {
  const path = join(dir, 'lock-holder.mjs');
  writeFileSync(path, `
import { createRequire } from 'node:module';
const require = createRequire(${JSON.stringify(join(ROOT, 'package.json'))});
const Database = require('better-sqlite3');
const [casePath, ms] = process.argv.slice(2);
const db = new Database(casePath);
db.pragma('busy_timeout = 10000');
db.exec('BEGIN IMMEDIATE');
db.prepare("INSERT INTO case_meta (key, value) VALUES ('lock_test', ?)").run(new Date().toISOString());
process.stdout.write('locked\\n');
let done = false;
function commit() {
  if (done) return;
  done = true;
  db.exec('COMMIT');
  db.close();
  process.stdout.write('committed\\n');
  process.exit(0);
}
setTimeout(commit, Number(ms));
process.stdin.on('data', commit);
`);
  return path;
}
