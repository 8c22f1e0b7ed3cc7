// `npm test`'s checks before the build: the type check of each tsconfig (as `npm run typecheck`)
// and lint (as `npm run lint`), side by side, as many at a time as there are cores. Each is one
// single-threaded process, so one after another they kept one core of two idle for about a
// minute. A check's output is printed whole when it ends; the exit code is 1 if any failed.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

/** [name, command, args], the longest first so that the short ones fill in after it. */
const CHECKS = [
  ['typecheck tsconfig.json', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']],
  ['lint', bin('eslint'), ['.']],
  ['typecheck electron/tsconfig.json', bin('tsc'), ['-p', 'electron/tsconfig.json', '--noEmit']],
  ['typecheck renderer/tsconfig.json', bin('tsc'), ['-p', 'renderer/tsconfig.json', '--noEmit']],
];

function run([name, command, args]) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('error', (error) => { output += `${error.message}\n`; });
    child.on('close', (code, signal) => {
      const ok = code === 0;
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      process.stdout.write(`${ok ? 'passed' : 'FAILED'}: ${name} (${seconds} s)${ok ? '' : `, exit ${code ?? signal}`}\n${output}`);
      resolve(ok);
    });
  });
}

const queue = [...CHECKS];
let failed = 0;
async function lane() {
  for (let check = queue.shift(); check; check = queue.shift()) if (!(await run(check))) failed++;
}
await Promise.all(Array.from({ length: Math.max(1, Math.min(availableParallelism(), CHECKS.length)) }, lane));
process.exitCode = failed > 0 ? 1 : 0;
