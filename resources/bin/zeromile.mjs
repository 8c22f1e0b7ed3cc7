#!/usr/bin/env node
// The `zeromile` command: runs the built CLI (npm run build writes dist/cli.mjs).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../../dist/cli.mjs', import.meta.url));
if (!existsSync(cli)) {
  console.error('zeromile: the CLI is not built yet; run `npm run build` in the ZeroMile folder first.');
  process.exit(2);
}
await import(pathToFileURL(cli).href);
