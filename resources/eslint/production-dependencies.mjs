// Lint rule `zeromile/production-dependencies`: production code imports only packages listed in
// package.json "dependencies". electron-builder ships those alone, so a devDependency imported by
// the main process, a worker bundle or the CLI works in development and fails in the packaged app.
// Type-only imports are erased at build time and pass; `electron` is the runtime itself.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';

const RUNTIME_PROVIDED = new Set(['electron']);

function packageName(specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return null;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  return builtinModules.includes(name) ? null : name;
}

function typeOnly(node) {
  if (node.importKind === 'type' || node.exportKind === 'type') return true;
  const specifiers = node.specifiers ?? [];
  return specifiers.length > 0 && specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type');
}

/** @param {URL} packageJsonUrl */
export function productionDependenciesPlugin(packageJsonUrl) {
  const manifest = JSON.parse(readFileSync(packageJsonUrl, 'utf8'));
  const shipped = new Set(Object.keys(manifest.dependencies ?? {}));
  const rule = {
    meta: {
      type: 'problem',
      docs: { description: 'production code imports only packages in package.json "dependencies"' },
      schema: [],
      messages: {
        notShipped: "'{{name}}' is not in package.json \"dependencies\", so the packaged app would not have it (electron-builder ships dependencies only): declare it there, or keep it out of production code.",
      },
    },
    create(context) {
      function check(node, source) {
        if (!source || typeof source.value !== 'string') return;
        const name = packageName(source.value);
        if (name && !shipped.has(name) && !RUNTIME_PROVIDED.has(name)) context.report({ node: source, messageId: 'notShipped', data: { name } });
      }
      return {
        ImportDeclaration: (node) => { if (!typeOnly(node)) check(node, node.source); },
        ExportNamedDeclaration: (node) => { if (node.source && !typeOnly(node)) check(node, node.source); },
        ExportAllDeclaration: (node) => { if (!typeOnly(node)) check(node, node.source); },
        ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source : null),
        CallExpression: (node) => {
          if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') check(node, node.arguments[0]);
        },
      };
    },
  };
  return { rules: { 'production-dependencies': rule } };
}
