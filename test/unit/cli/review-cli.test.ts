import Database from 'better-sqlite3';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliCommand } from '../../../electron/backend/cli/command';
import { COMMANDS } from '../../../electron/backend/cli/commands';
import { importCommand, newCommand, vinCommand } from '../../../electron/backend/cli/commands/case-commands';
import { proposedCommand, reviewCommand } from '../../../electron/backend/cli/commands/review';
import { openCaseFile } from '../../../electron/backend/casefile/open-case-file';
import type { ProposedRecord } from '../../../shared/document-fields';
import { withUsccCheck } from '../../../shared/party-id';
import { NEW_INVOICE, USED_INVOICE, newInvoiceHtml, renderFixtures, usedInvoiceHtml } from '../../support/document-fixtures';
import { tempDir } from '../../support/paths';
import { editUnnoticed, registerSalesFile, vinNo } from '../import/import-helpers';

// zeromile proposed / review: the review screen's handlers from a terminal, on text PDFs printed by Chromium.
const temp = tempDir('zeromile-review-cli-');
const casePath = join(temp.dir, 'review.zmcase');
const goodSellerId = USED_INVOICE.seller_id;
const badSellerId = `${goodSellerId.slice(0, 17)}${goodSellerId[17] === '0' ? '1' : '0'}`;

async function run(command: CliCommand, ...argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await command.run(argv, { out: (t) => { out += `${t}\n`; }, err: () => undefined });
  return { code, out };
}

beforeAll(async () => {
  // The used-car invoice with its seller's USCC one character off: a real check_failed mark.
  const files = await renderFixtures({ new_invoice: newInvoiceHtml(), bad_id_invoice: usedInvoiceHtml().replace(goodSellerId, badSellerId) }, { png: false });
  copyFileSync(files.new_invoice!.pdf, join(temp.dir, 'new.pdf'));
  copyFileSync(files.bad_id_invoice!.pdf, join(temp.dir, 'used.pdf'));
  await run(newCommand, casePath);
  await run(importCommand, casePath, join(temp.dir, 'new.pdf'), join(temp.dir, 'used.pdf'));
}, 120_000);
afterAll(() => temp.remove());

describe('zeromile proposed and zeromile review', () => {
  it('are registered', () => {
    expect(COMMANDS.filter((c) => c.name === 'proposed' || c.name === 'review')).toHaveLength(2);
  });

  it('lists proposed records with fields, page, boxes and marks', async () => {
    const json = JSON.parse((await run(proposedCommand, casePath, '--json')).out) as { proposed: ProposedRecord[] };
    expect(json.proposed.map((p) => [p.id, p.file_name, p.page, p.layout])).toEqual([[1, 'new.pdf', 1, 'sales_invoice_new'], [2, 'used.pdf', 1, 'sales_invoice_used']]);
    expect(json.proposed[0]!.fields).toMatchObject({ vin: NEW_INVOICE.vin, seller_id: NEW_INVOICE.seller_id });
    expect(json.proposed[0]!.boxes?.vin?.w).toBeGreaterThan(0);
    expect(json.proposed[0]!.marks).toEqual([]);
    expect(json.proposed[1]!.marks).toEqual([{ field: 'seller_id', kind: 'check_failed', as_read: badSellerId, confidence: null }]);
    const text = (await run(proposedCommand, casePath)).out;
    expect(text).toContain(`#2  used.pdf (document 2) page 1  sales_invoice_used -> sales  proposed`);
    expect(text).toContain(`CHECK seller_id fails its check character (read as ${badSellerId})`);
  });

  it('refuses to accept a marked value left as read, accepts it corrected, rejects with a reason, all audited', async () => {
    await expect(run(reviewCommand, casePath, '2', 'accept')).rejects.toThrow(/seller_id fails its check character/);
    expect((await run(reviewCommand, casePath, '2', 'accept', '--set', `seller_id=${goodSellerId}`, '--json')).out).toContain('"verdict":"accept"');
    expect((await run(reviewCommand, casePath, '1', 'reject', '--reason', 'duplicate of the dealer copy')).out).toBe('rejected #1\n');
    await expect(run(reviewCommand, casePath, '1', 'accept')).rejects.toThrow(/already rejected/);
    expect((await run(proposedCommand, casePath)).out).toBe('nothing to review\n');
    const cf = openCaseFile(casePath, { readonly: true });
    try {
      expect(cf.db.prepare('SELECT seller_id FROM sales').all()).toEqual([{ seller_id: goodSellerId }]);
      const audit = cf.db.prepare("SELECT action, detail FROM audit_log WHERE action LIKE 'proposed.%' ORDER BY id").all() as { action: string; detail: string }[];
      expect(audit.map((a) => a.action)).toEqual(['proposed.accept', 'proposed.reject']);
      expect(JSON.parse(audit[1]!.detail)).toMatchObject({ reason: 'duplicate of the dealer copy' });
    } finally {
      cf.close();
    }
  });

  it('lists the rejected ones and reopens one rejected by mistake, audited with who; it can then be accepted', async () => {
    expect((await run(proposedCommand, casePath, '--status', 'rejected')).out).toContain('#1  new.pdf (document 1) page 1  sales_invoice_new -> sales  rejected');
    await expect(run(reviewCommand, casePath, '1', 'accept')).rejects.toThrow(/reopen it first .*zeromile review CASE 1 reopen/);
    expect((await run(reviewCommand, casePath, '1', 'reopen', '--analyst', '李娜')).out).toBe('reopened #1: it waits for review again\n');
    await expect(run(reviewCommand, casePath, '1', 'reopen')).rejects.toThrow(/waiting for review already/);
    expect((await run(proposedCommand, casePath)).out).toContain('#1  new.pdf (document 1) page 1  sales_invoice_new -> sales  proposed');
    const cf = openCaseFile(casePath, { readonly: true });
    try {
      const entry = cf.db.prepare("SELECT actor, at, detail FROM audit_log WHERE action = 'proposed.reopen'").get() as { actor: string; at: string; detail: string };
      expect(entry.actor).toBe('李娜');
      expect(entry.at).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(JSON.parse(entry.detail)).toMatchObject({ document_id: 1, page: 1, rejected_at: expect.stringMatching(/^\d{4}-/) });
      expect(cf.db.prepare('SELECT status, decided_at FROM proposed_records WHERE id = 1').get()).toEqual({ status: 'proposed', decided_at: null });
    } finally {
      cf.close();
    }
    expect((await run(reviewCommand, casePath, '1', 'accept')).out).toMatch(/^accepted #1: sales record \d+ joins the case/);
  });

  it('accepts a marked value as read only with --marks-seen; usage errors say what is wrong', async () => {
    const second = join(temp.dir, 'second.zmcase');
    await run(newCommand, second);
    await run(importCommand, second, join(temp.dir, 'used.pdf'));
    expect((await run(reviewCommand, second, '1', 'accept', '--marks-seen')).out).toMatch(/^accepted #1: sales record \d+ joins the case/);
    await expect(run(reviewCommand, second, '1', 'maybe')).rejects.toThrow(/accept, reject or reopen/);
    await expect(run(reviewCommand, second, '1', 'reopen')).rejects.toThrow(/accepted as record \d+; only a rejected proposal can be reopened/);
    await expect(run(reviewCommand, second, '1', 'accept', '--set', 'vin')).rejects.toThrow(/field=value/);
    await expect(run(reviewCommand, second, '9', 'reject')).rejects.toThrow(/No proposed record 9/);
  });

  it('says when a register was changed outside ZeroMile before the acceptance committed it', async () => {
    const third = join(temp.dir, 'third.zmcase');
    await run(newCommand, third);
    await run(importCommand, third, join(temp.dir, 'used.pdf'));
    const raw = new Database(third);
    raw.exec(`INSERT INTO vehicles (vin, wmi) VALUES ('${vinNo(9999)}', 'LGX')`);
    const committed = raw.prepare("SELECT max(id) FROM audit_log WHERE action = 'import.file'").pluck().get() as number;
    raw.close();
    expect((await run(reviewCommand, third, '1', 'accept', '--marks-seen')).out).toContain(
      `\n  warning: the vehicles register (vehicles) was changed outside ZeroMile since audit entry ${committed} committed it: the acceptance committed those rows as they were; its audit entry records the change and zeromile verify names it. Rows that differed: vehicles 1 VIN ${vinNo(9999)} added (1 row: 1 added)\n`);
  });

  it('says so too when the rows were changed with the triggers off and the schema cookie put back', async () => {
    const fourth = join(temp.dir, 'fourth.zmcase');
    await run(newCommand, fourth);
    writeFileSync(join(temp.dir, 'sales.csv'), registerSalesFile(1, 5));
    await run(importCommand, fourth, join(temp.dir, 'sales.csv'), join(temp.dir, 'used.pdf'));
    // What `.dbconfig enable_trigger off` in the sqlite3 shell leaves: the rows changed, every block's digest and the cookie as they were.
    const raw = new Database(fourth);
    editUnnoticed(raw, "UPDATE parties SET name = '某某贸易公司' WHERE id = 1");
    raw.close();
    const accepted = JSON.parse((await run(reviewCommand, fourth, '1', 'accept', '--marks-seen', '--json')).out) as { registers_changed_outside?: unknown };
    expect(accepted.registers_changed_outside).toEqual([{ key: 'parties', committed_entry: expect.any(Number), tables: ['parties'],
      rows: { parties: { rows: [{ table: 'parties', id: 1, change: 'changed', name: '某某贸易公司', was: expect.any(String) }], total: 1, changed: 1, added: 0, deleted: 0 } } }]);
  });

  it('zeromile vin says seventeen digits are not a VIN although the check digit holds', async () => {
    const json = JSON.parse((await run(vinCommand, '25112000000098765', withUsccCheck('91310115MA1K43832').slice(0, 17), '--json')).out) as { valid: boolean; reason: string }[];
    expect(json[0]).toMatchObject({ valid: false, reason: 'all_digits' });
  });
});
