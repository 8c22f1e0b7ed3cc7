// The import of the bench in a process of its own, with nothing else loaded (the `zeromile` CLI
// also loads PDF, OCR and print modules at start), so its peak memory is the import's.
// Usage: node import-runner.mjs CASE FILE  -> prints the ImportFileResult and the seconds taken.
import { openCaseFile } from '../../electron/backend/casefile/open-case-file';
import { importFiles } from '../../electron/backend/import/import-files';

const [casePath, file] = process.argv.slice(2);
if (!casePath || !file) throw new Error('usage: import-runner CASE FILE');
const started = performance.now();
const caseFile = openCaseFile(casePath);
const [result] = await importFiles(caseFile, [{ path: file }]);
caseFile.close();
process.stdout.write(JSON.stringify({ seconds: (performance.now() - started) / 1000, result: { ...result, rejects: result?.rejects.length } }));
