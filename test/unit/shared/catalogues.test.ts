import { describe, expect, it } from 'vitest';
import { en } from '../../../renderer/src/i18n/en';
import { zh } from '../../../renderer/src/i18n/zh';
import { CASE_EN } from '../../../shared/i18n/case-en';
import { CASE_ZH } from '../../../shared/i18n/case-zh';
import { PRINT_EN } from '../../../shared/i18n/print-en';
import { PRINT_ZH } from '../../../shared/i18n/print-zh';
import { REFUSAL_CATALOGUE_EN } from '../../../shared/i18n/refusal-en';
import { REFUSAL_CATALOGUE_ZH } from '../../../shared/i18n/refusal-zh';
import { placeholders, renderMessage, message } from '../../../shared/i18n/message';
import type { ErrorCode } from '../../../shared/errors';

/**
 * Every text of the workbench comes in English and Chinese: the screens' catalogues
 * (renderer/src/i18n) and the case's (shared/i18n: reasons, timeline, fields, print). Each pair must
 * have the same keys and, per key, the same {placeholders}, or a value would go missing in one language.
 */
const PAIRS: [string, Readonly<Record<string, string>>, Readonly<Record<string, string>>][] = [
  ['screens', en, zh],
  ['case', CASE_EN, CASE_ZH],
  ['print', PRINT_EN, PRINT_ZH],
  ['refusals', REFUSAL_CATALOGUE_EN, REFUSAL_CATALOGUE_ZH],
];

describe('message catalogues', () => {
  for (const [name, english, chinese] of PAIRS) {
    it(`${name}: en and zh have the same keys and the same placeholders`, () => {
      expect(Object.keys(chinese).sort()).toEqual(Object.keys(english).sort());
      const differing = Object.keys(english).filter((k) => placeholders(english[k]!).join() !== placeholders(chinese[k] ?? '').join());
      expect(differing.map((k) => `${k}: ${english[k]} | ${chinese[k]}`)).toEqual([]);
      expect(Object.entries(chinese).filter(([, v]) => v.trim() === '').map(([k]) => k)).toEqual([]);
    });
  }

  it('the screens and the case catalogues do not define one key twice with different placeholders', () => {
    const shared = Object.keys(CASE_EN).filter((k) => k in en);
    expect(shared).toEqual([]);
    expect(Object.keys(REFUSAL_CATALOGUE_EN).filter((k) => k in en || k in CASE_EN)).toEqual([]);
  });

  it('names every error code in both languages, so an error box without a keyed message still says what kind of failure it was', () => {
    // The same list as the error box's (a Record there, so the compiler holds it to ErrorCode).
    const codes: Exclude<ErrorCode, 'case_not_open'>[] = ['case_not_found', 'case_exists', 'case_from_future', 'not_a_case_file', 'case_damaged', 'case_busy',
      'file_refused', 'file_not_found', 'bad_argument', 'unknown_handler', 'not_found', 'cancelled', 'forbidden', 'write_failed', 'internal'];
    for (const code of codes) expect([code, `error.kind.${code}` in en, `error.kind.${code}` in zh]).toEqual([code, true, true]);
    expect('error.case_not_open' in zh).toBe(true);
  });

  it('renders nested messages, drops null parameters and keeps unknown placeholders', () => {
    const m = message('timeline.export', {
      declaration_no: '2200', exporter: 'A', consignee: message('timeline.unnamed_consignee'), destination: 'RU', via: null, money: message('timeline.money', { currency: 'CNY', amount: 5 }),
    });
    expect(renderMessage(m, CASE_EN)).toBe('export declaration 2200 by A to unnamed consignee (RU), CNY 5');
    expect(renderMessage(m, CASE_ZH)).toBe('出口报关单 2200：A 出口给 未写明的境外收货人（RU），CNY 5');
    expect(renderMessage(message('no.such.key'), CASE_EN)).toBe('no.such.key');
    expect(renderMessage(message('reason.odometer', {}), CASE_EN)).toBe('odometer {km} km');
  });
});
