import { describe, expect, it } from 'vitest';
import { describeWarningGroup } from '../../../electron/backend/documents/document-warnings';
import { makeI18n } from '../../../renderer/src/i18n/format';
import { documentWarningText } from '../../../renderer/src/lib/document-warning-text';
import type { DocumentWarning } from '../../../shared/document-fields';
import { MAX_RANGES, groupWarnings } from '../../../shared/document-warning-groups';

// A 2,600-page PDF printed 2,000 lines 'text without a form ZeroMile knows', one a page: warnings
// alike but for their page are one line naming the pages, in the command line and on screen.

const page = (code: DocumentWarning['code'], p: number, extra: Partial<DocumentWarning> = {}): DocumentWarning => ({ code, page: p, ...extra });

describe('document warnings grouped by page', () => {
  it('says a warning of 2,000 pages once, keeping the ones that differ apart and in order', () => {
    const warnings: DocumentWarning[] = [
      { code: 'too_many_pages', page: null, skipped: { from: 2001, to: 2600 } },
      ...Array.from({ length: 2000 }, (_, i) => page('no_layout', i + 1)),
      page('low_confidence', 9, { confidence: 41 }), page('low_confidence', 3, { confidence: 41 }), page('low_confidence', 4, { confidence: 55 }),
    ];
    const groups = groupWarnings(warnings);
    expect(groups.map(describeWarningGroup)).toEqual([
      'document: it has 2,600 pages and at most 2,000 of a document are read, so pages 2,001-2,600 were not read (no text, not searched, nothing proposed from them); the file is kept whole: split it and import the parts to read them',
      'pages 1-2,000: text without a form ZeroMile knows; searchable, nothing proposed from it',
      'pages 3, 9: OCR read it with low confidence (41 of 100): check every value against the page',
      'page 4: OCR read it with low confidence (55 of 100): check every value against the page',
    ]);
    const [en, zh] = [makeI18n('en'), makeI18n('zh')];
    expect(documentWarningText(groups[1]!.warning, en, groups[1]!.pages)).toMatch(/^Pages 1–2,000: /);
    expect(documentWarningText(groups[2]!.warning, zh, groups[2]!.pages)).toMatch(/^第 3、9 页：/);
    expect(documentWarningText(groups[3]!.warning, en, groups[3]!.pages)).toMatch(/^Page 4: /);
  });

  it('lists the first runs of pages and counts the rest, so every other page is still one line', () => {
    const groups = groupWarnings(Array.from({ length: 1000 }, (_, i) => page('no_text', 2 * i + 1)));
    expect(groups).toHaveLength(1);
    const listed = Array.from({ length: MAX_RANGES }, (_, i) => (2 * i + 1).toLocaleString('en-US'));
    expect(describeWarningGroup(groups[0]!)).toBe(`pages ${listed.join(', ')} and ${(1000 - MAX_RANGES).toLocaleString('en-US')} more: no text could be read (blank, or a picture without writing)`);
    expect(documentWarningText(groups[0]!.warning, makeI18n('en'), groups[0]!.pages)).toMatch(/^Pages 1, 3, 5, 7, 9, 11, 13, 15 and 992 more: /);
  });
});
