// The import of the bench in a process of its own, with nothing else loaded (the `zeromile` CLI
// also loads PDF, OCR and print modules at start), so its peak memory is the import's.
// Usage: node import-runner.mjs CASE FILE  -> prints "returned" the moment importFiles returns
// (the file committed), then the ImportFileResult, the steps' times and the checkpoint's.
import type { Checkpoint } from '../../electron/backend/casefile/background-checkpoint';
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
let checkpoint: Promise<Checkpoint> | null = null;
const [result] = await importFiles(caseFile, [{ path: file }], {
  onProgress: (p) => { if (p.phase === 'finishing' || p.phase === 'done') mark(p.phase); },
  onCheckpoint: (done) => { checkpoint = done; },
});
const returned = (performance.now() - started) / 1000;
process.stdout.write('returned\n');
const checkpointed = await (checkpoint ?? Promise.resolve(null));
caseFile.close();
const seconds = (performance.now() - started) / 1000;
process.stdout.write(JSON.stringify({
  seconds, checkpoint: checkpointed, steps: { ...steps, returned, closed: seconds }, result: { ...result, rejects: result?.rejects.length },
}));
