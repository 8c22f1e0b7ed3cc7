import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REFERENCE_DIR } from '../../support/paths';

/**
 * Reads the FtM schema YAML files in test/fixtures/reference/ftm/ just far enough to know each
 * schema's own property names and what it extends (the files are regular: two-space nesting).
 */
function block(lines: string[], header: string): string[] {
  const start = lines.indexOf(header);
  if (start < 0) return [];
  const out: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() !== '' && !line.startsWith('   ')) break;
    out.push(line);
  }
  return out;
}

export function ftmProperties(schema: string, seen = new Set<string>()): Set<string> {
  if (seen.has(schema)) return new Set();
  seen.add(schema);
  const lines = readFileSync(join(REFERENCE_DIR, 'ftm', `${schema}.yaml`), 'utf8').split(/\r?\n/);
  const own = block(lines, '  properties:').map((l) => /^ {4}([A-Za-z]+):/.exec(l)?.[1]).filter((n): n is string => Boolean(n));
  const parents = block(lines, '  extends:').map((l) => /^ {4}- (\w+)/.exec(l)?.[1]).filter((n): n is string => Boolean(n));
  const all = new Set(own);
  for (const parent of parents) for (const name of ftmProperties(parent, seen)) all.add(name);
  return all;
}
