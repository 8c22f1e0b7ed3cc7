import { resolve } from 'node:path';
import { openOrCreateDemoCase } from '../host/first-run';
import { browserDataDir } from '../files/data-dir';
import { startWebServer } from './server';
import { parseWebArgs, type WebArgs } from './web-args';

/** Browser mode's entry point (dist/web.mjs): starts the server and prints the tokened URL. */
async function main(): Promise<void> {
  let args: WebArgs;
  try {
    args = parseWebArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`zeromile web: ${(error as Error).message}\nusage: npm run web -- [--case FILE] [--port N] [--data-dir DIR] [--folder DIR]... [--first-run-demo]\n`);
    process.exitCode = 2;
    return;
  }
  const dataDir = args.dataDir ? resolve(args.dataDir) : browserDataDir();
  const server = await startWebServer({
    port: args.port,
    dataDir,
    folders: args.folders.map((f) => resolve(f)),
    ...(args.casePath ? { casePath: resolve(args.casePath) } : {}),
  });
  if (args.firstRunDemo && !args.casePath) {
    const started = Date.now();
    const path = await openOrCreateDemoCase(server.host, dataDir, {
      onStep: (step) => process.stdout.write(`demo case: ${step}…\n`),
    });
    process.stdout.write(`opened ${path} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  }
  process.stdout.write(`ZeroMile browser mode: open ${server.url}\n`);
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`zeromile web: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
