import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../../renderer/src/i18n/en';
import { makeI18n } from '../../../renderer/src/i18n/format';
import { zh } from '../../../renderer/src/i18n/zh';
import { dayCount } from '../../../shared/flag-reasons';
import { CASE_EN } from '../../../shared/i18n/case-en';
import { CASE_ZH } from '../../../shared/i18n/case-zh';
import { message, placeholders, renderMessage, type Catalogue } from '../../../shared/i18n/message';
import { PRINT_EN } from '../../../shared/i18n/print-en';
import { PRINT_ZH } from '../../../shared/i18n/print-zh';
import { REFUSAL_CATALOGUE_EN } from '../../../shared/i18n/refusal-en';
import { REFUSAL_CATALOGUE_ZH } from '../../../shared/i18n/refusal-zh';

/**
 * A count the analyst or a rule pack sets to one read '1 days', 'bought 1 vehicles', '1 flags'.
 * Every English message with a parameter is rendered with each parameter at 1 and at 2: a word that
 * follows '2 ' in the plural must not follow '1 ' unchanged. Words after a parameter that are not
 * nouns (verbs, 's' for seconds) are listed here.
 */
const NOT_NOUNS = new Set(['is', 'was', 'has', 'does', 'as', 'its', 'this', 'joins', 'names', 'fails', 'holds', 'belongs', 's']);
/** Parameters that name something and are never a count ('{format} images': JPEG images). */
const NOT_COUNTS = new Set(['format']);
const ROOT = join(__dirname, '../../..');
const CLI_COMMANDS = join(ROOT, 'electron/backend/cli/commands');
const ENGLISH: [string, Catalogue][] = [['screens', en], ['case', CASE_EN], ['print', PRINT_EN], ['refusals', REFUSAL_CATALOGUE_EN]];
const CHINESE: [string, Catalogue][] = [['screens', zh], ['case', CASE_ZH], ['print', PRINT_ZH], ['refusals', REFUSAL_CATALOGUE_ZH]];
const COUNT_WORD = /\{\w+\|/;
/** 'page(s)', 'VIN(s)': English that does not choose; a count word says it. */
const EITHER_NUMBER = /[A-Za-z]\(s\)/;

/** A message's parameters: its placeholders and the counts its count words choose by (one may appear only in a count word). */
const parameters = (text: string) => new Set([...placeholders(text), ...[...text.matchAll(/\{(\w+)\|/g)].map((m) => m[1]!)]);
const renderAt = (catalogue: Catalogue, key: string, value: number) =>
  renderMessage(message(key, Object.fromEntries([...parameters(catalogue[key]!)].map((name) => [name, NOT_COUNTS.has(name) ? 'JPEG' : value]))), catalogue);

describe('counts of one in English', () => {
  for (const [name, catalogue] of ENGLISH) {
    it(`${name}: no message reads '1 days', '1 flags' or '1 vehicles'`, () => {
      const wrong: string[] = [];
      for (const key of Object.keys(catalogue)) {
        if (EITHER_NUMBER.test(catalogue[key]!)) wrong.push(`${key}: ${catalogue[key]!}`);
        if (parameters(catalogue[key]!).size === 0) continue;
        const two = renderAt(catalogue, key, 2);
        const plurals = new Set([...two.matchAll(/\b2 ([a-z]+)/g)].map((m) => m[1]!).filter((w) => w.endsWith('s') && !NOT_NOUNS.has(w)));
        const one = renderAt(catalogue, key, 1);
        for (const m of one.matchAll(/\b1 ([a-z]+)/g)) if (plurals.has(m[1]!)) wrong.push(`${key}: ${one}`);
        // A count word names a parameter of its message, or it would show as written.
        if (COUNT_WORD.test(one) || COUNT_WORD.test(two)) wrong.push(`${key}: ${one}`);
      }
      expect(wrong).toEqual([]);
    });
  }

  it("the command line's own English (import, verify, document warnings) says no 'page(s)'", () => {
    const sources = [...readdirSync(CLI_COMMANDS).map((f) => join(CLI_COMMANDS, f)), join(ROOT, 'electron/backend/documents/document-warnings.ts')];
    const wrong = sources.flatMap((path) => readFileSync(path, 'utf8').split('\n').filter((line) => EITHER_NUMBER.test(line)).map((line) => `${path}: ${line.trim()}`));
    expect(wrong).toEqual([]);
  });

  it('Chinese writes the count alone: no count words in its catalogues', () => {
    for (const [, catalogue] of CHINESE) expect(Object.entries(catalogue).filter(([, text]) => COUNT_WORD.test(text)).map(([key]) => key)).toEqual([]);
  });

  it('a count word agrees with 1, 2, a formatted count and a missing one, on screen and in the case text', () => {
    const t = makeI18n('en').t;
    expect([t('flags.count', { count: 1 }), t('flags.count', { count: '1' }), t('flags.count', { count: 2 }), t('flags.count', { count: '1,001' }), t('flags.count', { count: 0 })])
      .toEqual(['1 flag', '1 flag', '2 flags', '1,001 flags', '0 flags']);
    expect(t('verdict.saved_part', { count: 1, total: 1, message: 'x' })).toBe('Saved on 1 of 1 flag, then: x');
    expect(t('vehicle.chain_summary', { nodes: 2, edges: 1 })).toBe('2 holders, 1 change of hands');
    expect(makeI18n('zh').t('flags.count', { count: 1 })).toBe(renderMessage(message('flags.count', { count: 1 }), zh));
    expect(renderMessage(message('reason.conflicting_sources', { count: 1, list: 'x' }), CASE_EN)).toBe('1 source disagrees with the record: x');
    expect(renderMessage(message('reason.conflicting_sources', { count: 3, list: 'x' }), CASE_EN)).toBe('3 sources disagree with the record: x');
    // A parameter of days is said by the rules' own helper: '1 day' for a pack's minimum.
    expect(t('packs.param.min_days', { period: dayCount(1, 'reason.one_day') })).toBe('at least 1 day of use');
    expect(t('packs.param.max_days', { period: dayCount(180, 'reason.one_day') })).toBe('exports within 180 days of registration');
    expect(t('timeline.window', { period: dayCount(1, 'reason.one_day') })).toBe('Zero-mileage window: 1 day after first registration');
    expect(makeI18n('zh').t('packs.param.min_days', { period: dayCount(1, 'reason.one_day') })).toBe('至少使用 1 天');
  });
});
