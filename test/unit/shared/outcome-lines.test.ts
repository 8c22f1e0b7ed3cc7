import { describe, expect, it } from 'vitest';
import { makeI18n } from '../../../renderer/src/i18n/format';
import { exportCountsText } from '../../../renderer/src/lib/export-counts';
import { failureText } from '../../../renderer/src/lib/failure-text';

// The one-line outcomes of print, save and export: they showed the backend's English and the
// export's count names under Chinese text.
describe('a failed call as one line', () => {
  it('is its keyed message in either language; without a key, English in English and in Chinese the kind, then the English', () => {
    const en = makeI18n('en');
    const zh = makeI18n('zh');
    const plain = { code: 'write_failed', message: 'Cannot write /x/y.pdf: the folder does not exist.' };
    expect(failureText(en, plain)).toBe(plain.message);
    expect(failureText(zh, plain)).toBe(`${zh.t('error.kind.write_failed')} ${zh.t('error.detail_en')} ${plain.message}`);
    expect(failureText(zh, { code: 'no_such_code', message: 'm' })).toContain(zh.t('error.kind.internal'));
  });
});

describe('an export\'s counts', () => {
  it('are named in the reader\'s language, cut cells included', () => {
    expect(exportCountsText(makeI18n('zh'), { flags: 233, cells_cut: 1, Company: 97, later_count: 2 }))
      .toBe('预警 233，超过 Excel 32,767 字符而截断的单元格（单元格内已标注） 1，公司 97，later_count 2');
    expect(exportCountsText(makeI18n('en'), { nodes: 274, edges: 534 })).toBe('nodes 274, edges 534');
  });
});
