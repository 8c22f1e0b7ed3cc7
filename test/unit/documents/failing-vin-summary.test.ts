import { createHash } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { documentLine, importJson } from '../../../electron/backend/cli/commands/import';
import { linesFromPlacedText, pageFromLines } from '../../../electron/backend/documents/page-text';
import { storeSingleDocument } from '../../../electron/backend/import/single-document';
import { workspace } from '../import/import-helpers';

const ws = workspace();
afterAll(() => ws.done());

// helper-65's probe, defect 16: single-bad.pdf, whose VIN cell prints LGXCE4CB0TAS12345 (its check digit fails), was summed up
// as "document, 1 page, no VIN found" though its proposed sale carries the check_failed mark; the summary names what it prints.
const line = (text: string, y: number) => ({ text, box: { x: 0, y, w: 0.9, h: 0.02 } });
const invoice = (vinCell: string) => pageFromLines(1, 'text', linesFromPlacedText([
  line('机动车销售统一发票', 0.1), line('发票代码 144002600110 发票号码 00012345', 0.14), line('开票日期 2026年1月5日', 0.18),
  line(`车辆识别代号/车架号码 ${vinCell} 发动机号码 BYD472QA`, 0.22), line('价税合计 ¥145,600.00', 0.26),
]));

function store(name: string, vinCell: string) {
  const bytes = Buffer.from(`${name} ${vinCell}`);
  const file = { path: name, name, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), mediaType: 'application/pdf' };
  return ws.caseFile.db.transaction(() => storeSingleDocument(ws.caseFile.db, file, bytes, { media_type: 'application/pdf', pages: [invoice(vinCell)], notes: [], warnings: [] }))();
}

it('says a page printed a VIN whose check digit fails, with what it prints, rather than "no VIN found"', () => {
  const bad = store('single-bad.pdf', 'LGXCE4CB0TAS12345');
  expect(bad.vins).toEqual([]);
  expect(bad.vins_failing).toEqual(['LGXCE4CB0TAS12345']);
  expect(documentLine(bad, bad.pages!)).toBe('single-bad.pdf: document, 1 page, a VIN that fails its check digit (printed LGXCE4CB0TAS12345), 1 record proposed for review');
  expect(importJson([bad])).toMatchObject({ files: [{ vins: [], vins_failing: ['LGXCE4CB0TAS12345'] }] });

  const good = store('single-good.pdf', 'LGXCE4CB5TA000001');
  expect(good.vins_failing).toBeUndefined();
  expect(documentLine(good, good.pages!)).toBe('single-good.pdf: document, 1 page, VIN LGXCE4CB5TA000001, 1 record proposed for review');
});
