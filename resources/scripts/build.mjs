// Builds every runnable part into dist/: the Node entry points with esbuild (dependencies stay
// external, so better-sqlite3 loads its native build) and the renderer with Vite.
import { build } from 'esbuild';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(root, 'dist');
mkdirSync(dist, { recursive: true });

/** [source, output, format]; an entry whose source does not exist yet is skipped. */
const entries = [
  ['electron/main.ts', 'main.mjs', 'esm'],
  ['electron/preload.cts', 'preload.cjs', 'cjs'],
  ['electron/backend/cli.ts', 'cli.mjs', 'esm'],
  ['electron/backend/worker/case-worker.ts', 'case-worker.mjs', 'esm'],
  ['electron/backend/rules/rule-worker.ts', 'rule-worker.mjs', 'esm'],
  ['electron/backend/import/import-worker.ts', 'import-worker.mjs', 'esm'],
  ['electron/backend/documents/document-worker.ts', 'document-worker.mjs', 'esm'],
  ['electron/backend/casefile/checkpoint-worker.ts', 'checkpoint-worker.mjs', 'esm'],
  ['electron/backend/worker/run-summary-worker.ts', 'run-summary-worker.mjs', 'esm'],
  ['electron/backend/web/web-main.ts', 'web.mjs', 'esm'],
  ['test/bench/bench.ts', 'bench.mjs', 'esm'],
];

// `--entry NAME.mjs[,NAME.mjs]` builds only those bundles (the unit tests' set-up rebuilds the
// thread bundles, which they run from dist/, so they never test stale ones).
const only = process.argv.includes('--entry') ? process.argv[process.argv.indexOf('--entry') + 1].split(',') : null;

const started = Date.now();
await Promise.all(
  entries
    .filter(([source, output]) => existsSync(join(root, source)) && (only === null || only.includes(output)))
    .map(([source, output, format]) =>
      build({
        entryPoints: [join(root, source)],
        outfile: join(dist, output),
        bundle: true,
        platform: 'node',
        target: 'node20',
        format,
        packages: 'external',
        external: ['electron'],
        sourcemap: 'linked',
        logLevel: 'warning',
        // ESM bundles get require/__dirname for the few CommonJS idioms in dependencies.
        banner: format === 'esm'
          ? { js: "import { createRequire as __zmCreateRequire } from 'node:module'; const require = __zmCreateRequire(import.meta.url);" }
          : undefined,
      }),
    ),
);

if (only === null && existsSync(join(root, 'renderer/index.html'))) {
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: join(root, 'renderer/vite.config.ts'), logLevel: 'warn' });
}
console.log(`built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
