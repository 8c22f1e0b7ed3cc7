// `npm start` (after `npm run build`): the desktop app when the Electron binary is installed,
// browser mode otherwise. Both open the demo case, created on first run in the user data folder.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const electron = findElectronBinary(join(root, 'node_modules', 'electron'));

const [command, commandArgs] = electron
  ? [electron, [root, ...args]]
  : [process.execPath, [join(root, 'dist', 'web.mjs'), '--first-run-demo', ...args]];
if (!electron) console.log('Electron binary not found (node_modules/electron/dist): starting browser mode instead.');

const child = spawn(command, commandArgs, { stdio: 'inherit', env: process.env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
