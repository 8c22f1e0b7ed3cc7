import CN from '../../../../resources/rule-packs/CN.json';
import JO from '../../../../resources/rule-packs/JO.json';
import RU from '../../../../resources/rule-packs/RU.json';
import { checkRulePack } from '../../../../shared/rule-packs';
import { packContent, packHash } from '../rule-packs';
import type { Migration } from './index';

/** SQL text literal. */
const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** The packs shipped with this schema step, as checked JSON (a shipped pack that fails its schema fails every start, and its test). */
function shippedRows(): string {
  return [CN, RU, JO].map((raw) => {
    const checked = checkRulePack(raw);
    if (!checked.ok) throw new Error(`shipped rule pack fails its schema: ${checked.problems.join('; ')}`);
    const content = packContent(checked.pack);
    return `(${literal(checked.pack.id)}, 1, ${literal(content)}, ${literal(packHash(content))}, 'shipped', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;
  }).join(',\n');
}

/**
 * Rule packs (DOMAIN.md): every revision of every pack the case has, the shipped CN, RU and JO
 * packs as revision 1; a rule run records the pack revisions it used (id, version, revision,
 * content hash) in rule_runs.packs.
 */
export const migration002: Migration = {
  version: 2,
  name: 'rule packs',
  get up() {
    return `
CREATE TABLE rule_packs (
  pack_id TEXT NOT NULL,
  revision INTEGER NOT NULL,
  content TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  origin TEXT NOT NULL,
  saved_at TEXT NOT NULL,
  PRIMARY KEY (pack_id, revision)
) WITHOUT ROWID;
INSERT INTO rule_packs (pack_id, revision, content, sha256, origin, saved_at) VALUES
${shippedRows()};
ALTER TABLE rule_runs ADD COLUMN packs TEXT;`;
  },
};
