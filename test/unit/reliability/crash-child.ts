// The process the crash test kills: loads everything, says "ready", waits for "go" on stdin,
// then imports a file (or runs the rules) on a case file, as the app's writer would.
// Bundled by crash.test.ts into test/output/ and run with node.
import { createInterface } from 'node:readline';
import { openCaseFile } from '../../../electron/backend/casefile/open-case-file';
import { importFiles } from '../../../electron/backend/import/import-files';
import { runRules } from '../../../electron/backend/rules/runner';

const [mode, casePath, file] = process.argv.slice(2);
process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
lines.once('line', () => {
  void (async () => {
    const caseFile = openCaseFile(casePath!);
    process.stdout.write('started\n');
    if (mode === 'import') {
      const [result] = await importFiles(caseFile, [{ path: file! }]);
      process.stdout.write(`${JSON.stringify(result?.refused ?? { imported: result?.imported })}\n`);
    } else {
      runRules(caseFile, {});
    }
    caseFile.close();
    process.stdout.write('finished\n');
    process.exit(0);
  })();
});
