// Lint keeps the layers apart (STYLE.md): shared/ is pure, the backend never imports Electron,
// production code imports only shipped dependencies, React hooks keep their rules,
// the renderer never reaches Node or Electron.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { productionDependenciesPlugin } from './resources/eslint/production-dependencies.mjs';

const nodeBuiltins = { group: ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'worker_threads', 'http'], message: 'Node modules do not belong in this layer.' };
const electronImport = { group: ['electron', 'electron/*'], message: 'Only electron/*.ts (not the backend, shared or renderer) imports Electron.' };
const backendImport = { group: ['**/electron/**', '**/backend/**'], message: 'The renderer and shared code reach the backend only through the api module.' };

/**
 * The backend's folders from the bottom up; a folder imports only folders of lower layers (and
 * shared/). Folders not listed (cli, web, host, worker, handlers) are on top.
 */
const BACKEND_LAYERS = [
  ['threads', 'files'],
  ['casefile'],
  ['session', 'documents', 'rules', 'queries', 'stats', 'graph'],
  ['import', 'export'],
  ['demo', 'verify'],
  ['handlers'],
  ['worker'],
  ['host'],
];
const TOP_FOLDERS = ['cli', 'web'];

function backendLayers() {
  const above = (layer) => [...BACKEND_LAYERS.slice(layer + 1).flat(), ...TOP_FOLDERS];
  return BACKEND_LAYERS.flatMap((folders, layer) => folders.map((folder) => {
    // Folders of one layer do not import one another either.
    const forbidden = [...above(layer), ...folders.filter((f) => f !== folder)];
    return {
      files: [`electron/backend/${folder}/**/*.ts`],
      rules: {
        'no-restricted-imports': ['error', {
          patterns: [electronImport, {
            regex: `^(\\.\\./)+(${forbidden.join('|')})/`,
            message: `electron/backend/${folder}/ sits below that folder: its imports point down the layers (eslint.config.js BACKEND_LAYERS).`,
          }],
        }],
      },
    };
  }));
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'release/**', 'test/output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
    },
  },
  {
    // What ships in the packaged app: the main process, preload, backend, workers, CLI, renderer, shared.
    files: ['electron/**/*.{ts,cts}', 'renderer/src/**/*.{ts,tsx}', 'shared/**/*.ts'],
    plugins: { zeromile: productionDependenciesPlugin(new URL('./package.json', import.meta.url)) },
    rules: { 'zeromile/production-dependencies': 'error' },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [nodeBuiltins, electronImport, backendImport] }] },
  },
  {
    files: ['electron/backend/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electronImport] }] },
  },
  // The backend's inner layers point one way (README "How it is built"): each folder may import
  // only the folders below it, never one above.
  ...backendLayers(),
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/vite.config.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', { patterns: [nodeBuiltins, electronImport, backendImport] }] },
  },
);
