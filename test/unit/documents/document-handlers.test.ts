import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseFile } from '../../../electron/backend/casefile/open-case-file';
import { dispatch, type HandlerContext } from '../../../electron/backend/handlers/handler-table';
import { HANDLERS } from '../../../electron/backend/handlers/index';
import { importFile } from '../../../electron/backend/import/import-file';
import { CaseSession } from '../../../electron/backend/session/case-session';
import type { PushEvent } from '../../../shared/events';
import type { ProposedRecord } from '../../../shared/document-fields';
import { NEW_INVOICE, USED_INVOICE, newInvoiceHtml, renderFixtures, usedInvoiceHtml } from '../../support/document-fixtures';
import { tempDir } from '../../support/paths';

/** The document handlers through the real handler table, as the review panel calls them. */
const temp = tempDir('zeromile-doc-handlers-');
const casePath = join(temp.dir, 'handlers.zmcase');
const session = new CaseSession();
const events: PushEvent[] = [];
let ctx: HandlerContext;

beforeAll(async () => {
  const files = await renderFixtures({ new_invoice: newInvoiceHtml(), used_invoice: usedInvoiceHtml() });
  const cf = openCaseFile(casePath, { create: { title: 'handlers' } });
  for (const name of ['new_invoice', 'used_invoice']) {
    const path = join(temp.dir, `${name}.pdf`);
    copyFileSync(files[name]!.pdf, path);
    await importFile(cf.db, { path });
  }
  cf.close();
  session.open(casePath);
  ctx = { session, caseFile: () => session.require(), emit: (e) => events.push(e), signal: new AbortController().signal };
}, 120_000);

afterAll(() => {
  session.close();
  temp.remove();
});

async function call<T>(name: string, args: unknown): Promise<T> {
  const result = await dispatch(HANDLERS, ctx, name, args);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

describe('document handlers', () => {
  it('search, list pages with their VINs, and find the documents naming a vehicle', async () => {
    const { hits, total, more } = await call<{ hits: { file_name: string; page: number }[]; total: number; more: boolean }>('documents:search', { q: '机动车销售统一发票' });
    expect(hits.map((h) => h.file_name)).toEqual(['new_invoice.pdf']);
    expect({ total, more }).toEqual({ total: 1, more: false });
    const pages = await call<{ page: number; source: string; vins: string[] }[]>('documents:pages', { document_id: 1 });
    expect(pages).toEqual([expect.objectContaining({ page: 1, source: 'text', vins: [NEW_INVOICE.vin] })]);
    expect(await call('documents:for-vin', { vin: USED_INVOICE.vin.toLowerCase() })).toEqual([{ document_id: 2, file_name: 'used_invoice.pdf', page: 1 }]);
  });

  it('render a page as PNG for the review panel', async () => {
    const image = await call<{ media_type: string; data_base64: string }>('documents:page-image', { document_id: 1, page: 1 });
    expect(image.media_type).toBe('image/png');
    expect(Buffer.from(image.data_base64, 'base64').subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(await dispatch(HANDLERS, ctx, 'documents:page-image', { document_id: 1, page: 2 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('accept with corrections and reject proposed records; invalid arguments are refused', async () => {
    const proposed = await call<ProposedRecord[]>('proposed:list', { status: 'proposed' });
    expect(proposed.map((p) => p.layout)).toEqual(['sales_invoice_new', 'sales_invoice_used']);
    const accepted = await call<{ record_id: number; kind: string }>('proposed:accept', { id: proposed[0]!.id, corrections: { invoice_no: '04471321' } });
    expect(accepted.kind).toBe('sales');
    expect(events).toContainEqual({ type: 'case-changed', what: 'records' });
    await call('proposed:reject', { id: proposed[1]!.id, reason: 'already in the table import' });
    expect((await call<ProposedRecord[]>('proposed:list', {})).map((p) => [p.status, p.fields.invoice_no])).toEqual([
      ['accepted', '04471321'], ['rejected', USED_INVOICE.invoice_no],
    ]);
    expect(await dispatch(HANDLERS, ctx, 'proposed:accept', { id: 'x' })).toMatchObject({ ok: false, error: { code: 'bad_argument' } });
    expect(await dispatch(HANDLERS, ctx, 'proposed:reject', { id: proposed[1]!.id })).toMatchObject({ ok: false, error: { code: 'bad_argument' } });
  });
});
