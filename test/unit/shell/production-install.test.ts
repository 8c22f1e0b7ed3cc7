import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../../support/paths';

/**
 * The packaged app ships package.json "dependencies" only (electron-builder). This test installs
 * that set alone, from the lockfile, into a temporary copy of the built app, and runs the CLI and
 * browser mode from it: a production module that needs a devDependency fails here, not in an
 * analyst's hands. The install is offline from npm's cache, which the project's own install has
 * just filled; better-sqlite3's native build is copied from that install rather than compiled
 * again (electron-builder, too, packs a build made beforehand).
 */
const run = promisify(execFile);
const temp = tempDir('zeromile-prod-');
const app = join(temp.dir, 'app');
const work = join(temp.dir, 'work');

async function cli(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, [join(app, 'dist', 'cli.mjs'), ...args], { cwd: work, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NODE_PATH: '' } });
}

beforeAll(async () => {
  for (const part of ['package.json', 'package-lock.json', 'dist', 'resources/bin']) cpSync(join(ROOT, part), join(app, part), { recursive: true });
  mkdirSync(work, { recursive: true });
  await run('npm', ['ci', '--omit=dev', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: app, maxBuffer: 16 * 1024 * 1024 });
  cpSync(join(ROOT, 'node_modules', 'better-sqlite3', 'build'), join(app, 'node_modules', 'better-sqlite3', 'build'), { recursive: true });
}, 240_000);
afterAll(() => temp.remove());

describe('the production dependency set alone', () => {
  it('holds no devDependency', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    for (const name of ['vitest', 'electron-builder', 'typescript', 'eslint', 'vite']) {
      expect(Object.keys(manifest.devDependencies)).toContain(name);
      expect(existsSync(join(app, 'node_modules', name)), name).toBe(false);
    }
    expect(existsSync(join(app, 'node_modules', 'playwright-core')), 'the print driver is a runtime dependency').toBe(true);
  });

  it('runs the CLI: demo, new, import, analyze, evidence, export', async () => {
    await cli('demo', join(work, 'demo'), '--vehicles', '100', '--seed', '3');
    const casePath = join(work, 'prod.zmcase');
    await cli('new', casePath);
    const truth = JSON.parse(readFileSync(join(work, 'demo', 'ground-truth.json'), 'utf8')) as { files: { file: string }[]; packs: { file: string }[] };
    const files = truth.files.map((f) => join(work, 'demo', f.file));
    expect(files.some((f) => f.endsWith('.xlsx'))).toBe(true);
    const imported = JSON.parse((await cli('import', casePath, ...files, '--json')).stdout) as { files: { imported: number }[] };
    expect(imported.files.reduce((n, f) => n + f.imported, 0)).toBeGreaterThan(100);
    for (const pack of truth.packs) await cli('packs', casePath, '--import', join(work, 'demo', pack.file));
    const analyzed = (await cli('analyze', casePath, '--json')).stdout;
    expect(analyzed).toMatch(/destination_brand_restriction/);
    expect(analyzed).toMatch(/zero_mileage_export/);
    expect((await cli('flags', casePath, '--jsonl')).stdout).toMatch(/"rule":"zero_mileage_export"/);
    const csvOut = join(work, 'flags.csv');
    await cli('export', casePath, '--format', 'csv', '--out', csvOut);
    expect(statSync(csvOut).size).toBeGreaterThan(100);
    const ftmOut = join(work, 'case.ftm');
    await cli('export', casePath, '--format', 'ftm', '--out', ftmOut);
    expect(readFileSync(ftmOut, 'utf8')).toContain('"schema":"Vehicle"');
    const vin = /"vin":\s*"([A-HJ-NPR-Z0-9]{17})"/.exec(readFileSync(join(work, 'demo', 'ground-truth.json'), 'utf8'))?.[1];
    expect(vin).toBeTruthy();
    const pdf = join(work, 'evidence.pdf');
    await cli('evidence', casePath, vin as string, '--out', pdf);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
  }, 120_000);

  it('starts browser mode and serves the page', async () => {
    const child = spawn(process.execPath, [join(app, 'dist', 'web.mjs'), '--port', '0', '--data-dir', join(work, 'data'), '--case', join(work, 'web.zmcase')], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        let err = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const found = /open (http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(out);
          if (found?.[1]) resolve(found[1]);
        });
        child.stderr.on('data', (chunk: Buffer) => { err += chunk.toString(); });
        child.on('exit', (code) => reject(new Error(`browser mode exited (${code}): ${err}`)));
      });
      const page = await fetch(url, { redirect: 'manual' });
      expect([200, 302, 303]).toContain(page.status);
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});
