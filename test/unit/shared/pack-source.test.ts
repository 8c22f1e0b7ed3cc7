import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLE_PACKS } from '../../../electron/backend/demo/sample-packs';
import { CASE_EN } from '../../../shared/i18n/case-en';
import { CASE_ZH } from '../../../shared/i18n/case-zh';
import { renderMessage } from '../../../shared/i18n/message';
import { packSourceMessage } from '../../../shared/pack-source';
import type { RulePack } from '../../../shared/rule-packs';

const dir = join(__dirname, '../../../resources/rule-packs');
const shipped = readdirSync(dir).filter((name) => /^[A-Z]{2}\.json$/.test(name)).map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as RulePack);
const sources = [...shipped, ...SAMPLE_PACKS].flatMap((pack) => pack.clauses.map((clause) => clause.source));

// A stranger's probe: the Rule packs screen showed the shipped packs' 来源 in English in Chinese.
describe('rule pack sources', () => {
  it('has every source ZeroMile ships, word for word, in both catalogues', () => {
    expect(shipped.map((p) => p.id).sort()).toEqual(['CN', 'JO', 'RU']);
    for (const source of sources) {
      const m = packSourceMessage(source);
      expect(m, source).not.toBeNull();
      expect(renderMessage(m!, CASE_EN)).toBe(source);
      expect(renderMessage(m!, CASE_ZH)).toMatch(/[\u4e00-\u9fff]{8}/);
    }
    // No translation of a source nothing ships any more.
    const keys = Object.keys(CASE_EN).filter((key) => key.startsWith('pack_source.'));
    expect(keys.sort()).toEqual(sources.map((s) => packSourceMessage(s)!.key).sort());
  });

  it('shows a source the analyst wrote or changed as written', () => {
    expect(packSourceMessage('Decree No. 12 of 2024, read in the embassy\'s note of 3 May')).toBeNull();
    expect(packSourceMessage(`${shipped[0]!.clauses[0]!.source} Checked 2026-02-01.`)).toBeNull();
  });
});
