import { existsSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { refusal } from '../../../../shared/refusal';
import { openCaseFile } from '../../casefile/open-case-file';
import { onlineBackup } from '../../casefile/backup';
import { type CliCommand, UsageError, parseCommandArgs } from '../command';

/** `zeromile backup CASE OUT`: a consistent copy through SQLite's online backup, while the app may be writing. */
export const backupCommand: CliCommand = {
  name: 'backup',
  usage: 'backup CASE OUT',
  summary: 'copy a case file consistently (SQLite online backup), even while it is in use',
  async run(argv, io) {
    const { positionals } = parseCommandArgs(argv, {});
    if (positionals.length !== 2) throw new UsageError('give the case file and the backup file.');
    const [path, out] = positionals as [string, string];
    // A folder is the likeliest slip: say so, and name a file in it.
    if (existsSync(out) && statSync(out).isDirectory()) {
      throw refusal('bad_argument', 'error.backup.is_folder', { path: out, example: join(out, `${basename(path, extname(path))}-backup${extname(path) || '.zmcase'}`) });
    }
    if (existsSync(out)) throw refusal('case_exists', 'error.backup.exists', { path: out });
    const caseFile = openCaseFile(path, { readonly: true });
    try {
      const pages = await onlineBackup(caseFile.db, out);
      io.out(`${path} -> ${out}: ${pages} pages copied; the backup is a complete case file.`);
      return 0;
    } finally {
      caseFile.close();
    }
  },
};
