// The import of the bench in a process of its own, with nothing else loaded (the `zeromile` CLI
// also loads PDF, OCR and print modules at start), so its peak memory is the import's.
// Usage: node import-runner.mjs CASE FILE  -> prints the ImportFileResult and the seconds taken.
import { openCaseFile } from '../../electron/backend/casefile/open-case-file';
import { importFiles } from '../../electron/backend/import/import-files';

const [casePath, file] = process.argv.slice(2);
if (!casePath || !file) throw new Error('usage: import-runner CASE FILE');
const started = performance.now();
// When each step began (progress reports): reading rows, then finishing (indexes, vehicles), then done.
const steps: Record<string, number> = { opened: 0, finishing: 0, done: 0 };
const mark = (step: string) => { if (steps[step] === 0) steps[step] = (performance.now() - started) / 1000; };
const caseFile = openCaseFile(casePath);
mark('opened');
const [result] = await importFiles(caseFile, [{ path: file }], { onProgress: (p) => { if (p.phase === 'finishing' || p.phase === 'done') mark(p.phase); } });
caseFile.close();
const seconds = (performance.now() - started) / 1000;
process.stdout.write(JSON.stringify({ seconds, steps: { ...steps, closed: seconds }, result: { ...result, rejects: result?.rejects.length } }));
