import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseFile, type CaseFile } from '../../../electron/backend/casefile/open-case-file';
import { acceptProposedRecord, listProposedRecords, rejectProposedRecord } from '../../../electron/backend/import/proposed-records';
import { searchDocuments } from '../../../electron/backend/documents/search-documents';
import { importFile } from '../../../electron/backend/import/import-file';
import { verifyAuditChain } from '../../../electron/backend/casefile/audit';
import {
  CERTIFICATE, EXPORT_DECLARATION, NEW_INVOICE, USED_INVOICE, certificateHtml, corruptPdf, exportDeclarationHtml, newInvoiceHtml,
  passwordProtectedPdf, plainLetterHtml, renderFixtures, usedInvoiceHtml, type RenderedFixture,
} from '../../support/document-fixtures';
import { tempDir } from '../../support/paths';

const temp = tempDir('zeromile-docs-');
let files: Record<string, RenderedFixture>;
let cf: CaseFile;

beforeAll(async () => {
  files = await renderFixtures({
    new_invoice: newInvoiceHtml(), used_invoice: usedInvoiceHtml(), declaration: exportDeclarationHtml(),
    certificate: certificateHtml(), letter: plainLetterHtml(),
  });
  cf = openCaseFile(join(temp.dir, 'docs.zmcase'), { create: { title: 'documents' } });
}, 120_000);

afterAll(() => {
  cf?.close();
  temp.remove();
});

async function importPdf(name: string) {
  const path = join(temp.dir, `${name}.pdf`);
  copyFileSync(files[name]!.pdf, path);
  return importFile(cf.db, { path });
}

function proposalsOf(documentId: number) {
  return listProposedRecords(cf.db, { documentId });
}

function documentIdOf(sha256: string | null): number {
  return (cf.db.prepare('SELECT id FROM documents WHERE sha256 = ?').get(sha256) as { id: number }).id;
}

function counts() {
  return cf.db.prepare(`SELECT (SELECT count(*) FROM documents) AS documents, (SELECT count(*) FROM document_pages) AS pages,
    (SELECT count(*) FROM document_vins) AS vins, (SELECT count(*) FROM proposed_records) AS proposed,
    (SELECT count(*) FROM audit_log) AS audit, (SELECT count(*) FROM document_chunks) AS chunks`).get();
}

describe('text PDFs printed by Chromium', () => {
  it('reads a new-car sales invoice into a proposed sales record with the laid-out fields', async () => {
    const result = await importPdf('new_invoice');
    expect(result).toMatchObject({ kind: 'document', refused: null, pages: 1, vins: [NEW_INVOICE.vin], proposed: 1 });
    const [proposal] = proposalsOf(documentIdOf(result.sha256));
    expect(proposal).toMatchObject({ page: 1, kind: 'sales', layout: 'sales_invoice_new', status: 'proposed' });
    expect(proposal!.fields).toEqual({ ...NEW_INVOICE, invoice_type: 'new', currency: 'CNY' });
    // Boxes place each field on the page for the review panel.
    const box = proposal!.boxes?.vin;
    expect(box).toBeDefined();
    expect(box!.x).toBeGreaterThan(0);
    expect(box!.x + box!.w).toBeLessThanOrEqual(1);
    expect(box!.y).toBeGreaterThan(proposal!.boxes!.invoice_no!.y);
  });

  it('reads a used-car invoice with the export zero-rate mark', async () => {
    const result = await importPdf('used_invoice');
    expect(result).toMatchObject({ vins: [USED_INVOICE.vin], proposed: 1 });
    const [proposal] = proposalsOf(documentIdOf(result.sha256));
    expect(proposal).toMatchObject({ kind: 'sales', layout: 'sales_invoice_used' });
    expect(proposal!.fields).toEqual({ ...USED_INVOICE, invoice_type: 'used', currency: 'CNY', export_zero_rate: true });
  });

  it('reads an export declaration: number, dates, shipper and its code, consignee, country, port, value', async () => {
    const result = await importPdf('declaration');
    const [proposal] = proposalsOf(documentIdOf(result.sha256));
    expect(proposal).toMatchObject({ kind: 'exports', layout: 'export_declaration' });
    expect(proposal!.fields).toMatchObject({ ...EXPORT_DECLARATION, currency: 'USD', odometer_km: 12 });
  });

  it('reads a registration certificate into one registration per owner, in turn', async () => {
    const result = await importPdf('certificate');
    expect(result).toMatchObject({ vins: [CERTIFICATE.vin], proposed: 2 });
    const proposals = proposalsOf(documentIdOf(result.sha256));
    expect(proposals.map((p) => p.fields)).toEqual(CERTIFICATE.owners.map((o, i) => expect.objectContaining({
      ...o, vin: CERTIFICATE.vin, event: i === 0 ? 'initial' : 'transfer',
    })));
  });

  it('keeps a PDF with no VIN and no layout, searchable, and says it names no vehicle', async () => {
    const result = await importPdf('letter');
    expect(result).toMatchObject({ kind: 'document', refused: null, pages: 1, vins: [], proposed: 0 });
    const doc = cf.db.prepare('SELECT pages, info FROM documents WHERE sha256 = ?').get(result.sha256) as { pages: number; info: string };
    expect(doc.pages).toBe(1);
    expect(JSON.parse(doc.info)).toMatchObject({ no_vin: true, vins: [], sources: ['text'] });
    expect(searchDocuments(cf.db, '出口业务').hits.map((h) => h.document_id)).toEqual([documentIdOf(result.sha256)]);
  });

  it('links documents to the vehicles they name, with the page', () => {
    const links = cf.db.prepare('SELECT vin, page FROM document_vins WHERE vin = ? ORDER BY document_id').all(EXPORT_DECLARATION.vin);
    expect(links).toEqual([{ vin: EXPORT_DECLARATION.vin, page: 1 }, { vin: EXPORT_DECLARATION.vin, page: 1 }]);
  });

  it('searches Chinese text with the trigram index, and shorter queries by scanning', () => {
    const { hits } = searchDocuments(cf.db, '二手车销售');
    expect(hits).toHaveLength(1);
    expect(hits[0]!.snippet).toContain('[二手车销售]');
    expect(searchDocuments(cf.db, NEW_INVOICE.vin.toLowerCase()).hits.map((h) => h.file_name)).toEqual(['new_invoice.pdf']);
    // Two characters: below the trigram's reach, still found.
    const short = searchDocuments(cf.db, '霍尔').hits;
    expect(short.map((h) => h.file_name)).toEqual(['used_invoice.pdf']);
    expect(short[0]!.snippet).toContain('[霍尔]');
    expect(searchDocuments(cf.db, '"; DROP TABLE documents; --').hits).toEqual([]);
    expect(searchDocuments(cf.db, 'no such words anywhere')).toEqual({ hits: [], total: 0, total_capped: false, more: false });
    // A page of hits says how many there are and that more exist.
    const first = searchDocuments(cf.db, '统一发票', { limit: 1 });
    expect(first).toMatchObject({ hits: [expect.anything()], more: true, total_capped: false });
    expect(first.total).toBe(searchDocuments(cf.db, '统一发票').hits.length);
    expect(first.total).toBeGreaterThanOrEqual(2);
    // The heading printed letter-spaced, searched spaced or not.
    for (const heading of ['机 动 车 销 售 统 一 发 票', '机动车销售统一发票']) {
      expect(searchDocuments(cf.db, heading).hits.map((h) => h.file_name), heading).toContain('new_invoice.pdf');
    }
  });

  it('accepts a proposed record with a correction: a sales record citing document and page, parties resolved', () => {
    const [proposal] = listProposedRecords(cf.db, { status: 'proposed' }).filter((p) => p.layout === 'sales_invoice_new');
    const accepted = acceptProposedRecord(cf.db, proposal!.id, { price: 190000 });
    expect(accepted.kind).toBe('sales');
    const sale = cf.db.prepare('SELECT * FROM sales WHERE id = ?').get(accepted.record_id) as Record<string, unknown>;
    expect(sale).toMatchObject({
      document_id: proposal!.document_id, page: 1, row_no: null, invoice_no: NEW_INVOICE.invoice_no, invoice_date: NEW_INVOICE.invoice_date,
      vin: NEW_INVOICE.vin, seller_id: NEW_INVOICE.seller_id, buyer_id: NEW_INVOICE.buyer_id, price: 190000, invoice_type: 'new',
    });
    expect(JSON.parse(sale.raw as string)).toMatchObject({ price: 190000, seller: NEW_INVOICE.seller });
    const seller = cf.db.prepare('SELECT name, party_id FROM parties WHERE id = ?').get(sale.seller_party_id);
    expect(seller).toEqual({ name: NEW_INVOICE.seller, party_id: NEW_INVOICE.seller_id });
    expect(cf.db.prepare('SELECT vin FROM vehicles WHERE vin = ?').get(NEW_INVOICE.vin)).toBeDefined();
    expect(listProposedRecords(cf.db, { documentId: proposal!.document_id })[0]).toMatchObject({ status: 'accepted', record_id: accepted.record_id });
    expect(() => acceptProposedRecord(cf.db, proposal!.id)).toThrow(/already accepted/);
    expect(verifyAuditChain(cf.db).breaks).toEqual([]);
  });

  it('refuses to accept fields that do not make a valid record, and rejects on request', () => {
    const [proposal] = listProposedRecords(cf.db, { status: 'proposed' }).filter((p) => p.layout === 'sales_invoice_used');
    expect(() => acceptProposedRecord(cf.db, proposal!.id, { vin: 'LGXCE4CB0N2123450' })).toThrow(/vin/i);
    expect(listProposedRecords(cf.db, { documentId: proposal!.document_id })[0]!.status).toBe('proposed');
    rejectProposedRecord(cf.db, proposal!.id, 'duplicate of the table import');
    expect(listProposedRecords(cf.db, { documentId: proposal!.document_id })[0]!.status).toBe('rejected');
    expect(cf.db.prepare('SELECT count(*) AS n FROM sales WHERE document_id = ?').get(proposal!.document_id)).toEqual({ n: 0 });
  });
});

describe('PDFs that cannot be read', () => {
  it('refuses a password-protected PDF with a clear message and leaves the case unchanged', async () => {
    const before = counts();
    const path = join(temp.dir, 'locked.pdf');
    writeFileSync(path, passwordProtectedPdf());
    const result = await importFile(cf.db, { path });
    expect(result.refused?.code).toBe('file_refused');
    expect(result.refused?.message).toMatch(/locked\.pdf is password-protected/);
    expect(counts()).toEqual(before);
  });

  it('refuses a corrupt PDF with a clear message and leaves the case unchanged', async () => {
    const before = counts();
    const path = join(temp.dir, 'broken.pdf');
    writeFileSync(path, corruptPdf());
    const result = await importFile(cf.db, { path });
    expect(result.refused?.code).toBe('file_refused');
    expect(result.refused?.message).toMatch(/broken\.pdf is not a readable PDF/);
    expect(counts()).toEqual(before);
    // A real PDF cut short (a failed download).
    const truncated = join(temp.dir, 'truncated.pdf');
    const whole = readFileSync(files.new_invoice!.pdf);
    writeFileSync(truncated, whole.subarray(0, Math.round(whole.length * 0.6)));
    expect((await importFile(cf.db, { path: truncated })).refused?.message).toMatch(/truncated\.pdf is not a readable PDF/);
    expect(counts()).toEqual(before);
  });
});
