import { describe, expect, it } from 'vitest';
import { csvField, csvLine } from '../../../electron/backend/export/csv';
import { esc } from '../../../electron/backend/export/markup';
import { shownPartyCode } from '../../../shared/party-id';
import { neutralise, neutraliseCell } from '../../../electron/backend/export/neutralise';
import { cssString } from '../../../electron/backend/export/evidence/page-style';
import { textUnits, wrapText } from '../../../electron/backend/export/evidence/svg-text';
import { withPersonIdCheck, withUsccCheck } from '../../../shared/party-id';
import { PDF_OPTIONS, safeFileName, saveFilters, svgSize } from '../../../electron/backend/export/print-layout';

describe('esc', () => {
  it('turns markup in document text into characters', () => {
    expect(esc('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(esc(`a"b'c&d`)).toBe('a&quot;b&#39;c&amp;d');
    expect(esc(null)).toBe('');
    expect(esc(12)).toBe('12');
  });
  it('drops control characters XML cannot hold', () => {
    expect(esc('a\u0001b\u000bc\td')).toBe('abc\td');
  });
});

describe('neutralise', () => {
  it.each(['=1+1', '+1', '-2', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://evil","x")'])('makes %j inert', (value) => {
    expect(neutralise(value)).toBe(`'${value}`);
  });
  it('leaves ordinary text and numbers alone', () => {
    expect(neutralise('成都 Dealer')).toBe('成都 Dealer');
    expect(neutraliseCell(-5)).toBe(-5);
    expect(neutraliseCell(null)).toBeNull();
  });
  it('quotes CSV fields that need it, after neutralising', () => {
    expect(csvField('=HYPERLINK("a","b")')).toBe(`"'=HYPERLINK(""a"",""b"")"`);
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField(1.5)).toBe('1.5');
    expect(csvLine(['x', null, 2])).toBe('x,,2\r\n');
  });
});

describe('shownPartyCode', () => {
  const person = withPersonIdCheck('51010719900307123');
  const uscc = withUsccCheck('91440300MA5F02201');
  it('masks a personal ID number, keeping region and last character', () => {
    const shown = shownPartyCode(person, true, { unmaskIds: false })!;
    expect(shown).toBe(`510107${'*'.repeat(11)}${person.slice(-1)}`);
    expect(shown).not.toContain('19900307');
  });
  it('masks an ID number even on a party not marked as a person', () => {
    expect(shownPartyCode(person, false, { unmaskIds: false })).not.toBe(person);
  });
  it('keeps company codes and unmasks on request', () => {
    expect(shownPartyCode(uscc, false, { unmaskIds: false })).toBe(uscc);
    expect(shownPartyCode(person, true, { unmaskIds: true })).toBe(person);
    expect(shownPartyCode(null, true, { unmaskIds: false })).toBeNull();
  });
});

describe('print text helpers', () => {
  it('escapes CSS strings so document text cannot close the style element', () => {
    const css = cssString('机密 </style><script>"');
    expect(css).not.toMatch(/[<>]/);
    expect(css.slice(1, -1)).not.toContain('"');
    expect(css).toContain('\\00673a');
  });
  it('measures CJK as double width and wraps within a box', () => {
    expect(textUnits('ab中文')).toBe(6);
    const lines = wrapText('四川省零公里汽车贸易有限公司', 10, 3);
    expect(lines.every((l) => textUnits(l) <= 10)).toBe(true);
    expect(lines.join('')).toBe('四川省零公里汽车贸易有限公司');
    const cut = wrapText('a very long company name that goes on and on and on', 12, 2);
    expect(cut).toHaveLength(2);
    expect(cut[1]!.endsWith('…')).toBe(true);
  });
  it('balances a wrapped name, never leaving one character on a line, and starts no line with a comma', () => {
    // Greedy, the chain's boxes (30 units) printed 西安宝利大众汽车销售服务有限公 / 司.
    expect(wrapText('西安宝利大众汽车销售服务有限公司', 30, 3)).toEqual(['西安宝利大众汽车', '销售服务有限公司']);
    expect(wrapText('天津港保税区远航汽车贸易有限公司', 30, 3)).toEqual(['天津港保税区远航', '汽车贸易有限公司']);
    expect(wrapText('FAW-Volkswagen Automotive Co., Ltd.', 30, 3)).toEqual(['FAW-Volkswagen', 'Automotive Co., Ltd.']);
    expect(wrapText('天津港二手车出口服务有限公司', 30, 3)).toEqual(['天津港二手车出口服务有限公司']);
    expect(wrapText('成都贸易，有限公司', 8, 3)).toEqual(['成都贸', '易，有', '限公司']);
    expect(wrapText('Chengdu Trading Co A', 18, 3)).toEqual(['Chengdu', 'Trading Co A']);
    for (const name of ['西安宝利大众汽车销售服务有限公司', '霍尔果斯出口有限公司北京分公司第一营业部', '零公里出口']) {
      for (const width of [6, 10, 14, 20, 30]) {
        const lines = wrapText(name, width, 9);
        expect(lines.join(''), `${name} at ${width}`).toBe(name);
        expect(lines.every((l) => textUnits(l) <= width && [...l].length > 1), `${name} at ${width}: ${lines.join(' / ')}`).toBe(true);
      }
    }
  });
});

describe('Electron print settings', () => {
  it('follows the page CSS for size and numbering', () => {
    expect(PDF_OPTIONS).toMatchObject({ preferCSSPageSize: true, printBackground: true, displayHeaderFooter: false });
  });
  it('makes file names from any case title', () => {
    expect(safeFileName('零公里 <Case>/2026: "A"', 'pdf')).toBe('零公里 Case 2026 A.pdf');
    expect(safeFileName('???', 'svg')).toBe('zeromile.svg');
    expect(saveFilters('xlsx')).toEqual([{ name: 'Excel workbook', extensions: ['xlsx'] }]);
  });
  it('reads the standalone SVG size for PNG capture', () => {
    expect(svgSize('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 5" width="640.5" height="300">')).toEqual({ width: 641, height: 300 });
    expect(svgSize('<svg width="100%">')).toBeNull();
  });
});
