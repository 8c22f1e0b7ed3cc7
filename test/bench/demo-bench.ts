import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow, BenchSection } from './bench-table';

const here = dirname(fileURLToPath(import.meta.url));
/** bench.ts runs bundled from dist/, beside the CLI. */
const CLI = join(here, 'cli.mjs');

function vmHwmKb(pid: number): number {
  try {
    return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

type Manifest = { files: { bytes: number; rows: number }[]; ambiguous: string[]; intent_mismatches: string[]; cpu_ms: number };

/** `zeromile demo` in a child process, so its peak memory (VmHWM, read every 20 ms) is its own. */
async function timedDemo(dir: string, vehicles: number): Promise<{ seconds: number; peakMb: number; manifest: Manifest }> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, 'demo', dir, '--vehicles', String(vehicles), '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let peakKb = 0;
  const timer = setInterval(() => { peakKb = Math.max(peakKb, vmHwmKb(child.pid!)); }, 20);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  child.on('exit', () => { peakKb = Math.max(peakKb, vmHwmKb(child.pid!)); });
  // 'close': the output is all read by then.
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  clearInterval(timer);
  if (code !== 0) throw new Error(`zeromile demo failed (${code}): ${stderr}`);
  return { seconds: (performance.now() - started) / 1000, peakMb: peakKb / 1024, manifest: JSON.parse(stdout) as Manifest };
}

/** The floor: writing the same number of bytes in 1 MB chunks, with nothing to compute. */
function writeBytes(path: string, bytes: number): number {
  const started = performance.now();
  const chunk = Buffer.alloc(1 << 20, 0x41);
  const fd = openSync(path, 'w');
  for (let left = bytes; left > 0; left -= chunk.length) writeSync(fd, chunk, 0, Math.min(left, chunk.length));
  closeSync(fd);
  const seconds = (performance.now() - started) / 1000;
  rmSync(path, { force: true });
  return seconds;
}

/** `zeromile demo --vehicles 1000000`: the source files the rules benchmark and the demo case come from. */
export const demoBench: BenchSection = {
  name: 'demo',
  async run(scale, workDir) {
    const vehicles = Math.round(1_000_000 * scale);
    const dir = join(workDir, 'demo');
    const { seconds, peakMb, manifest } = await timedDemo(dir, vehicles);
    const bytes = manifest.files.reduce((a, f) => a + f.bytes, 0);
    const records = manifest.files.reduce((a, f) => a + f.rows, 0);
    rmSync(dir, { recursive: true, force: true });
    const floor = writeBytes(join(workDir, 'demo-floor.bin'), bytes);
    const clean = manifest.ambiguous.length === 0 && manifest.intent_mismatches.length === 0;
    const rows: BenchRow[] = [
      { figure: `demo: ${vehicles.toLocaleString('en-US')} vehicles, ${records.toLocaleString('en-US')} rows, ${(bytes / 1e6).toFixed(0)} MB (vs plain write of the bytes)`, value: seconds, unit: 's', baseline: floor, target: `< ${Math.round(120 * scale)} s`, pass: seconds < 120 * scale },
      // CPU time of the generator alone: on a busy machine the wall time says more about the neighbours.
      { figure: 'demo: CPU time (user + system) of the generator', value: manifest.cpu_ms / 1000, unit: 's', baseline: null, target: `< ${Math.round(120 * scale)} s`, pass: manifest.cpu_ms / 1000 < 120 * scale },
      { figure: 'demo: rows written per second', value: records / seconds, unit: 'rows/s', baseline: null, target: '-', pass: true },
      { figure: 'demo: peak memory', value: peakMb, unit: 'MB', baseline: null, target: '< 1024 MB', pass: peakMb < 1024 },
      { figure: 'demo: ground truth unambiguous, every plant as stated', value: clean ? 1 : 0, unit: '', baseline: null, target: '= 1', pass: clean },
    ];
    return rows;
  },
};
