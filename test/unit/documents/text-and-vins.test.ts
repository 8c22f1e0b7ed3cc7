import { describe, expect, it } from 'vitest';
import { findVins, readVinCandidate } from '../../../electron/backend/documents/find-vins';
import { normalizeDocumentText, removeCjkSpacing } from '../../../electron/backend/documents/normalize-text';
import { extractRecords, splitParty } from '../../../electron/backend/documents/extract-fields';
import { linesFromPlacedText, pageFromLines } from '../../../electron/backend/documents/page-text';
import { withUsccCheck } from '../../../shared/party-id';
import { isValidVin, withCheckDigit } from '../../../shared/vin';

const VIN = withCheckDigit('LGXCE4CB0N2123456');

describe('document text normalisation', () => {
  it('maps CJK radical code points to the simplified characters they stand for', () => {
    expect(normalizeDocumentText('机动⻋销售统⼀发票')).toBe('机动车销售统一发票');
    // NFKC alone would give the traditional 戶.
    expect(normalizeDocumentText('⼾籍 ⻔店 开票⽇期 ⽉')).toBe('户籍 门店 开票日期 月');
    expect(normalizeDocumentText('ＶＩＮ：ＬＧＸ（地区）')).toBe('VIN:LGX(地区)');
  });

  it('removes the spaces OCR puts between Chinese characters, not between words', () => {
    expect(removeCjkSpacing('机 动 车 销 售 统 一 发 票')).toBe('机动车销售统一发票');
    expect(removeCjkSpacing('发 票 号 码 12345678 Invoice No')).toBe('发票号码 12345678 Invoice No');
  });
});

describe('VINs in text', () => {
  it('keeps only VINs whose check digit holds, without guessing in a text layer', () => {
    const wrong = VIN.slice(0, 8) + (VIN[8] === '1' ? '2' : '1') + VIN.slice(9);
    expect(findVins(`车架号 ${VIN} 另 ${wrong}`).map((v) => v.vin)).toEqual([VIN]);
    expect(findVins('发票号码 12345678901234567').map((v) => v.vin)).toEqual([]);
  });

  it('corrects OCR confusions only when that makes the check digit hold', () => {
    // I cannot be in a VIN; S in the numeric serial is a 5.
    const misread = `${VIN.slice(0, 11)}I${VIN.slice(12, 15)}S${VIN.slice(16)}`;
    expect(misread).not.toBe(VIN);
    expect(readVinCandidate(misread)).toEqual({ vin: VIN, corrected: true });
    // The serial (last four) is numeric: S and B there are 5 and 8.
    const serial = withCheckDigit('LVVDB21B0PD655858');
    expect(readVinCandidate(serial.slice(0, 13) + 'SBSB')?.vin).toBe(serial);
    expect(findVins(`VIN: ${misread}`)).toEqual([]);
    const found = findVins(`VIN: ${misread.toLowerCase()}`, { ocr: true });
    expect(found).toEqual([{ vin: VIN, as_written: misread.toLowerCase(), index: 5, corrected: true }]);
  });

  it('finds a VIN glued to its label and lists each VIN once', () => {
    expect(findVins(`VIN${VIN} ${VIN}`).map((v) => v.vin)).toEqual([VIN]);
  });

  it('never takes seventeen digits, a window of a longer run, or a piece of a USCC or ID number', () => {
    // 25112000000098765 passes the check digit; so does one window in eleven of any long number.
    expect(isValidVin('25112000000098765')).toBe(true);
    expect(findVins('发票号码 25112000000098765', { ocr: true })).toEqual([]);
    const longNumbers = Array.from({ length: 200 }, (_, i) => `${20241100000000000000n + BigInt(i) * 7919n}`);
    expect(findVins(longNumbers.join(' '), { ocr: true })).toEqual([]);
    // A VIN inside a longer run of letters and digits is not read out of it.
    expect(findVins(`X${VIN}`, { ocr: true })).toEqual([]);
    expect(findVins(`${VIN}7`)).toEqual([]);
    // The USCC the issue saw yield 916501003Z8B01145, whole, split before its check character, and an ID number.
    expect(findVins('统一社会信用代码 916501003Z8B01145', { ocr: true })).toEqual([]);
    const uscc = withUsccCheck('91650100328B01145');
    expect(findVins(`统一社会信用代码 ${uscc}`, { ocr: true })).toEqual([]);
    expect(findVins(`统一社会信用代码 ${uscc.slice(0, 17)} ${uscc.slice(17)}`, { ocr: true })).toEqual([]);
    expect(findVins('身份证 11010519491231002X 11010519491231002', { ocr: true })).toEqual([]);
    // Every 17-character window of random USCCs: none is taken.
    let seed = 11;
    const rand = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
    const usccs = Array.from({ length: 300 }, () => withUsccCheck(`9${1 + rand(3)}${String(110000 + rand(540000))}${Array.from({ length: 9 }, () => '0123456789ABCDEFGHJKLMNPQRTUWXY'[rand(31)]).join('')}`));
    expect(usccs.flatMap((u) => findVins(`${u.slice(0, 17)} ${u.slice(17)}`, { ocr: true }))).toEqual([]);
  });
});

describe('marks on proposed VINs and identifiers', () => {
  const confLine = (text: string, y: number, low: Readonly<Record<number, number>> = {}) => ({
    text, segments: [{ text, start: 0, box: { x: 0, y, w: 1, h: 0.05 }, conf: [...text].map((_, i) => low[i] ?? 96) }],
  });

  it('a VIN corrected from what OCR read keeps the text as read and is marked with its confidence', () => {
    const misread = `${VIN.slice(0, 11)}I${VIN.slice(12)}`;
    const line = `车辆识别代号/车架号码 ${misread}`;
    const start = line.indexOf(misread);
    const [record] = extractRecords(pageFromLines(1, 'ocr', [confLine('机动车销售统一发票', 0), confLine(line, 0.1, { [start + 11]: 41 })]));
    expect(record?.fields.vin).toBe(VIN);
    expect(record?.marks).toEqual([{ field: 'vin', kind: 'ocr_corrected', as_read: misread, confidence: 41 }]);
  });

  it('a VIN read as written but with an unsure character is marked low_confidence; a sure one is not marked', () => {
    const line = `车辆识别代号/车架号码 ${VIN}`;
    const unsure = extractRecords(pageFromLines(1, 'ocr', [confLine('机动车销售统一发票', 0), confLine(line, 0.1, { [line.indexOf(VIN) + 3]: 52 })]));
    expect(unsure[0]?.marks).toEqual([{ field: 'vin', kind: 'low_confidence', as_read: VIN, confidence: 52 }]);
    const sure = extractRecords(pageFromLines(1, 'ocr', [confLine('机动车销售统一发票', 0), confLine(line, 0.1)]));
    expect(sure[0]?.marks).toEqual([]);
    // The page's VIN, taken when no label names one, brings its marks along.
    const unlabelled = extractRecords(pageFromLines(1, 'ocr', [confLine('机动车销售统一发票', 0), confLine(`发票号码 12345678 ${VIN}`, 0.1, { 20: 30 })]));
    expect(unlabelled[0]?.marks).toEqual([{ field: 'vin', kind: 'low_confidence', as_read: VIN, confidence: 30 }]);
  });

  it('a USCC failing its check character is marked check_failed', () => {
    const good = withUsccCheck('91310115MA1K43832');
    const bad = `${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'}`;
    const lines = ['机动车销售统一发票', `销货单位名称 比亚迪 纳税人识别号 ${bad}`, `购买方名称 远航 纳税人识别号 ${good}`]
      .map((text, i) => ({ text, segments: [{ text, start: 0, box: { x: 0, y: i / 10, w: 1, h: 0.05 } }] }));
    const [record] = extractRecords(pageFromLines(1, 'text', lines));
    expect(record?.fields).toMatchObject({ seller_id: bad, buyer_id: good });
    expect(record?.marks).toEqual([{ field: 'seller_id', kind: 'check_failed', as_read: bad, confidence: null }]);
  });
});

describe('layout fields from lines', () => {
  it('splits a party cell into name and identifier', () => {
    expect(splitParty('上海远航国际贸易有限公司/统一社会信用代码/91310115MA1K438320')).toEqual({ name: '上海远航国际贸易有限公司', id: '91310115MA1K438320' });
    expect(splitParty('张三 / 居民身份证 / 110101199003071234')).toEqual({ name: '张三', id: '110101199003071234' });
    // OCR: l for 1 and O for 0 inside a USCC are corrected only because the check character then holds.
    expect(splitParty('上海远航 | 9131O115MAlK43832E', true)).toEqual({ name: '上海远航', id: '91310115MA1K43832E' });
    expect(splitParty('上海远航 | 9131O115MAlK43832F', true).id).toBe('9131O115MA1K43832F');
  });

  it('reads an English-labelled unified invoice line by line when the page holds Chinese, never an English-only page as a Chinese form', () => {
    const linesOf = (texts: string[]) => texts.map((text, i) => ({ text, segments: [{ text, start: 0, box: { x: 0, y: i / 10, w: 1, h: 0.05 } }] }));
    const texts = [
      'Motor Vehicle Sales Invoice',
      'Invoice No. 55501234 Invoice Date 2024/4/1',
      `Buyer ACME Trading LLC Taxpayer ID 91310115MA1K438320 VIN ${VIN}`,
      'Seller 比亚迪汽车销售有限公司 Taxpayer ID 914403001922038216 Total Price CNY 120,000.00',
    ];
    const [record] = extractRecords(pageFromLines(1, 'text', linesOf(texts)));
    expect(record?.fields).toMatchObject({
      invoice_no: '55501234', invoice_date: '2024-04-01', buyer: 'ACME Trading LLC', buyer_id: '91310115MA1K438320',
      seller: '比亚迪汽车销售有限公司', seller_id: '914403001922038216', price: 120000, vin: VIN, invoice_type: 'new',
    });
    expect(record?.boxes.invoice_no).toEqual({ x: 0, y: 0.1, w: 1, h: 0.05 });
    // The same page in English only: no Chinese form is read from it, whatever its labels.
    const english = linesOf(texts.map((t) => t.replace('比亚迪汽车销售有限公司', 'BYD Auto Sales Co')));
    expect(extractRecords(pageFromLines(1, 'text', english))).toEqual([]);
    // Its title lost by OCR, its English labels point to the English form, not to a Chinese one.
    expect(extractRecords(pageFromLines(1, 'ocr', english.slice(1))).map((r) => r.layout)).toEqual(['commercial_invoice']);
  });

  it('reads the export zero rate from the tax fields, not from 出口 in a party name', () => {
    const linesOf = (texts: string[]) => texts.map((text, i) => ({ text, segments: [{ text, start: 0, box: { x: 0, y: i / 10, w: 1, h: 0.05 } }] }));
    const base = ['二手车销售统一发票', '发票号码 00218844 开票日期 2024-03-12', '买方单位/个人 霍尔果斯丝路汽车进出口有限公司', `车架号/车辆识别代码 ${VIN}`];
    expect(extractRecords(pageFromLines(1, 'text', linesOf(base)))[0]?.fields.export_zero_rate).toBeUndefined();
    expect(extractRecords(pageFromLines(1, 'text', linesOf([...base, '税率 0%'])))[0]?.fields.export_zero_rate).toBe(true);
    expect(extractRecords(pageFromLines(1, 'text', linesOf([...base, '税率 3%'])))[0]?.fields.export_zero_rate).toBeUndefined();
    expect(extractRecords(pageFromLines(1, 'text', linesOf([...base, '出口 零税率'])))[0]?.fields.export_zero_rate).toBe(true);
  });

  it('on OCR pages, reads labels with a misread character and a layout whose title is unreadable', () => {
    const lines = [
      '中华人民共和国海关出口人上物报关音',
      '海关编号 220120240001234567 境内发货人 - 上海远航国际贸易有限公司',
      '申报日期 2024 年 3 月 20 日 | 运抵国(地区) 俄罗斯',
      `车辆识别代号 ${VIN} 总价 21,500.00 币制 美元`,
      '发票呈码 123',
    ].map((text, i) => ({ text, segments: [{ text, start: 0, box: { x: 0, y: i / 10, w: 1, h: 0.05 } }] }));
    const [record] = extractRecords(pageFromLines(1, 'ocr', lines));
    expect(record).toMatchObject({ kind: 'exports', layout: 'export_declaration' });
    expect(record!.fields).toEqual({
      declaration_no: '220120240001234567', exporter: '上海远航国际贸易有限公司', declaration_date: '2024-03-20',
      destination_country: 'RU', vin: VIN, declared_value: 21500, currency: 'USD',
    });
    // The same lines as a text layer: no title, no guessing.
    expect(extractRecords(pageFromLines(1, 'text', lines))).toEqual([]);
  });

  it('puts positioned pieces into lines and keeps cells apart', () => {
    const lines = linesFromPlacedText([
      { text: '发票号码', box: { x: 0.1, y: 0.1, w: 0.1, h: 0.02 } },
      { text: '123', box: { x: 0.3, y: 0.101, w: 0.05, h: 0.02 } },
      { text: '⻋架号', box: { x: 0.1, y: 0.2, w: 0.1, h: 0.02 } },
    ]);
    expect(lines.map((l) => l.text)).toEqual(['发票号码 123', '车架号']);
  });
});
