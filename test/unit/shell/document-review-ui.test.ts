import { describe, expect, it } from 'vitest';
import type { ProposedRecord } from '../../../shared/document-fields';
import { en } from '../../../renderer/src/i18n/en';
import { zh } from '../../../renderer/src/i18n/zh';
import { makeI18n } from '../../../renderer/src/i18n/format';
import { fieldLabel, markText, snippetParts } from '../../../renderer/src/lib/document-labels';
import { href, parseRoute } from '../../../renderer/src/lib/route';
import { corrections, formFields, initialValues } from '../../../renderer/src/lib/review-values';
import type { MessageKey } from '../../../renderer/src/i18n/en';

// The pure parts of the review panel: what a correction sends, how snippets split, the page route.

const proposal: ProposedRecord = {
  id: 3, document_id: 2, file_name: 'invoice.pdf', page: 1, kind: 'sales', layout: 'sales_invoice_used',
  fields: { invoice_no: '00218844', price: 150000, seller: '上海远航', export_zero_rate: true, buyer_id: null },
  boxes: null, marks: [], status: 'proposed', record_id: null, decided_at: null,
};

describe('review form', () => {
  it('shows what was read first, then the kind’s other columns', () => {
    const fields = formFields(proposal);
    expect(fields.slice(0, 5)).toEqual(['invoice_no', 'price', 'seller', 'export_zero_rate', 'buyer_id']);
    expect(fields).toContain('vin');
    expect(new Set(fields).size).toBe(fields.length);
    // A field left empty for its format comes with what was read, its mark beside it.
    const marked = { ...proposal, marks: [{ field: 'invoice_code', kind: 'format_failed' as const, as_read: '14400241007', confidence: 96 }] };
    expect(formFields(marked).slice(0, 6)).toEqual(['invoice_no', 'price', 'seller', 'export_zero_rate', 'buyer_id', 'invoice_code']);
  });

  it('sends only the changed fields, numbers as numbers, emptied fields as null', () => {
    const values = initialValues(proposal);
    expect(corrections(proposal, values)).toEqual({});
    const edited = { ...values, price: ' 151000 ', seller: '', export_zero_rate: false, vin: 'LVVDB21B0PD654321', buyer_id: '' };
    expect(corrections(proposal, edited)).toEqual({ price: 151000, seller: null, export_zero_rate: false, vin: 'LVVDB21B0PD654321' });
    // A number field given text is sent as text, for the backend to refuse with its reason.
    expect(corrections(proposal, { ...values, price: '15万' })).toEqual({ price: '15万' });
  });
});

describe('document labels', () => {
  it('splits a snippet at its [match] so it renders as text', () => {
    expect(snippetParts('…车价合计 [壹拾伍万]元整 <b>x</b>…')).toEqual([
      { text: '…车价合计 ', match: false }, { text: '壹拾伍万', match: true }, { text: '元整 <b>x</b>…', match: false },
    ]);
    expect(snippetParts('no match')).toEqual([{ text: 'no match', match: false }]);
  });

  it('labels fields in both languages and falls back to the canonical name', () => {
    expect(fieldLabel((k: MessageKey) => en[k], 'price')).toBe('Total price');
    expect(fieldLabel((k: MessageKey) => zh[k], 'vin')).toBe('车辆识别代号');
    expect(fieldLabel((k: MessageKey) => en[k], 'no_such_column')).toBe('no_such_column');
  });
});

describe('marks beside the fields', () => {
  it('say in both languages why a value was left empty, with what the page holds and the format it failed', () => {
    const mark = { field: 'invoice_code', kind: 'format_failed' as const, as_read: '11002745149', confidence: 99 };
    const en_ = makeI18n('en').t;
    const zh_ = makeI18n('zh').t;
    expect(markText(en_, mark)).toBe('Left empty: the page reads 11002745149, which is not an invoice code (10 or 12 digits). Read it on the page and type it, or accept without it');
    expect(markText(zh_, mark)).toBe('未填入：原页识别为 11002745149，不是发票代码（10 位或 12 位数字）。请对照原页填写，或不填此项接受');
    expect(markText(en_, { ...mark, field: 'some_field' })).toContain('which is not a value of its format');
    const differ = { field: 'price', kind: 'words_differ' as const, as_read: '壹拾陆万元整 / 150,000.00', confidence: 97 };
    expect(markText(en_, differ)).toBe('Check: the amount in words and the amount in figures differ (壹拾陆万元整 / 150,000.00)');
    expect(markText(zh_, differ)).toBe('请核对：大写金额与小写金额不一致（壹拾陆万元整 / 150,000.00）');
  });
});

describe('document page route', () => {
  it('round-trips id, page and name', () => {
    const route = { screen: 'document' as const, id: 7, page: 3, name: '发票 1.pdf' };
    expect(parseRoute(href(route))).toEqual(route);
    expect(parseRoute('#/document/7')).toEqual({ screen: 'document', id: 7, page: 1 });
    expect(parseRoute('#/document/x?page=2')).toEqual({ screen: 'documents' });
    expect(parseRoute('#/review')).toEqual({ screen: 'review' });
  });
});
