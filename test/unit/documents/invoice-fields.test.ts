import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractRecords } from '../../../electron/backend/documents/extract-fields';
import { amountInWords, INVOICE_CODE_LENGTHS, INVOICE_NO_LENGTHS, readInvoiceDigits, readPrice } from '../../../electron/backend/documents/field-values';
import { readDocument } from '../../../electron/backend/documents/read-document';
import { linesFromPlacedText, pageFromLines } from '../../../electron/backend/documents/page-text';
import { renderFixtures } from '../../support/document-fixtures';
import { invoiceForm, yuanInWords, type InvoiceForm } from '../../support/invoice-scans';

// A proposed sale carries the invoice code, number, date, price and parties the page gives; a code
// or price that fails its format is left empty with the reason, never "fixed".
const conf = (text: string, low: Record<number, number> = {}) => [...text].map((_, i) => low[i] ?? 95);

describe('invoice values by their format', () => {
  it('reads the code and number only as digits of their lengths, and leaves anything else empty with what was read', () => {
    const code = (v: string, c: (number | null)[] | null = null) => readInvoiceDigits('invoice_code', v, c, INVOICE_CODE_LENGTHS);
    expect(code('144002410071')).toEqual({ value: '144002410071', marks: [] });
    expect(code('１４４００２４１００７１')).toEqual({ value: '144002410071', marks: [] });
    expect(code('1440 0241 0071')).toEqual({ value: '144002410071', marks: [] });
    expect(code('No. 1310024123')).toEqual({ value: '1310024123', marks: [] });
    // An O where a 0 stands, or a digit short: left empty, the characters as read kept for the analyst.
    expect(code('14400241OO71')).toEqual({ value: null, marks: [{ field: 'invoice_code', kind: 'format_failed', as_read: '14400241OO71', confidence: null }] });
    expect(code('14400241007')).toMatchObject({ value: null, marks: [{ kind: 'format_failed', as_read: '14400241007' }] });
    expect(code('')).toEqual({ value: null, marks: [] });
    // A digit OCR was unsure of: kept, marked with its confidence.
    expect(code('144002410071', conf('144002410071', { 5: 41 }))).toEqual({
      value: '144002410071', marks: [{ field: 'invoice_code', kind: 'low_confidence', as_read: '144002410071', confidence: 41 }],
    });
    const no = (v: string) => readInvoiceDigits('invoice_no', v, null, INVOICE_NO_LENGTHS);
    expect(no('No 04471320').value).toBe('04471320');
    expect(no('24312000000012345678').value).toBe('24312000000012345678');
    expect(no('144002410071').marks).toMatchObject([{ kind: 'format_failed' }]);
  });

  it('reads the price from its figures in every way they are printed, and checks them against the words', () => {
    const price = (v: string) => readPrice('price', v, null);
    for (const printed of ['¥189,800.00', '￥１８９，８００．００', '189800.00元', '¥ 189 800', '(大写) 壹拾捌万玖仟捌佰元整 (小写) ¥189,800.00', '18.98万元', 'CNY 189,800']) {
      expect(price(printed), printed).toMatchObject({ value: 189800, currency: 'CNY', marks: [] });
    }
    expect(price('USD 21,500.00')).toMatchObject({ value: 21500, currency: 'USD' });
    expect(price('壹拾捌万玖仟捌佰元整').currency).toBe('CNY');
    // Figures that are no amount, or split by OCR: left empty, never a part of them taken.
    for (const printed of ['¥189.800.00', '¥1 89,800.00', '¥18,98,00', '¥189,800.005']) {
      expect(price(printed), printed).toMatchObject({ value: null, marks: [{ kind: 'format_failed' }] });
    }
    expect(price('壹拾陆万玖仟捌佰元整 ¥189,800.00')).toMatchObject({ value: 189800, marks: [{ kind: 'words_differ', as_read: '壹拾陆万玖仟捌佰元整 / 189,800.00' }] });
    expect(price('¥189,800.00 (小写)').marks).toEqual([]);
  });

  it('reads capital numerals as the amount they say', () => {
    for (const yuan of [150000, 189800, 50300, 10000, 1_000_005, 99_990, 1230]) expect(amountInWords(yuanInWords(yuan)), String(yuan)).toBe(yuan);
    expect(amountInWords('贰拾万零伍佰元伍角陆分')).toBe(200500.56);
    expect(amountInWords('元整')).toBeNull();
    expect(amountInWords('壹拾捌万玖')).toBeNull();
  });

  it('tells 发票代码 from 发票号码 by the digits when OCR misread the character between them', () => {
    const line = (text: string, y: number) => ({ text, box: { x: 0, y, w: 0.9, h: 0.02 } });
    const page = pageFromLines(1, 'ocr', linesFromPlacedText([line('机动车销售统一发票', 0.1), line('发票呈码 144002410071 发票号码 04471320', 0.14)]));
    const [sale] = extractRecords(page);
    expect(sale?.fields).toMatchObject({ invoice_code: '144002410071', invoice_no: '04471320' });
  });
});

// Seed 47: eight invoices of both kinds in the layouts drawn, and one with its code printed a digit short.
const SEED = 47;
const forms: InvoiceForm[] = [...Array.from({ length: 8 }, (_, n) => invoiceForm(SEED, n)), invoiceForm(SEED, 8, { broken: 'short_code' })];
let pdfs: Record<string, { pdf: string }>;

beforeAll(async () => {
  pdfs = await renderFixtures(Object.fromEntries(forms.map((f) => [f.name, f.html])), { png: false });
}, 120_000);

describe(`invoices of seed ${SEED}, as text PDFs`, () => {
  it('propose the code, number, date, price and parties each one prints, each with its place on the page', async () => {
    for (const form of forms) {
      const reading = await readDocument(readFileSync(pdfs[form.name]!.pdf), `${form.name}.pdf`, { ocr: false });
      const [sale, ...more] = reading.pages.flatMap((page) => extractRecords(page));
      expect(more, form.name).toEqual([]);
      expect(sale!.fields, form.name).toEqual(form.truth);
      for (const field of ['invoice_no', 'invoice_date', 'price', 'seller', 'buyer', ...(form.broken ? [] : ['invoice_code'])]) {
        expect(sale!.boxes[field]?.w, `${form.name} ${field}`).toBeGreaterThan(0);
      }
      if (form.broken) {
        expect(sale!.marks, form.name).toEqual([{ field: 'invoice_code', kind: 'format_failed', as_read: String(forms.find((f) => f === form)!.html.match(/发票代码 (\d+)/)![1]), confidence: null }]);
      } else {
        expect(sale!.marks, form.name).toEqual([]);
      }
    }
  }, 60_000);
});
