import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliCommand } from '../../../electron/backend/cli/command';
import { COMMANDS } from '../../../electron/backend/cli/commands';
import { importCommand, newCommand } from '../../../electron/backend/cli/commands/case-commands';
import { searchCommand } from '../../../electron/backend/cli/commands/search';
import { openCaseFile } from '../../../electron/backend/casefile/open-case-file';
import { listDocumentPages } from '../../../electron/backend/documents/document-pages';
import { NEW_INVOICE, newInvoiceHtml, plainLetterHtml, renderFixtures } from '../../support/document-fixtures';
import { tempDir } from '../../support/paths';

const temp = tempDir('zeromile-search-cli-');
const casePath = join(temp.dir, 'search.zmcase');
const invoice = join(temp.dir, 'invoice.pdf');
const letter = join(temp.dir, 'letter.pdf');

async function run(command: CliCommand, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await command.run(argv, { out: (t) => { out += `${t}\n`; }, err: (t) => { err += `${t}\n`; } });
  return { code, out, err };
}

beforeAll(async () => {
  const files = await renderFixtures({ new_invoice: newInvoiceHtml(), letter: plainLetterHtml() });
  copyFileSync(files.new_invoice!.pdf, invoice);
  copyFileSync(files.letter!.pdf, letter);
}, 120_000);
afterAll(() => temp.remove());

describe('zeromile import of PDFs and zeromile search', () => {
  it('is registered', () => {
    expect(COMMANDS.some((c) => c.name === 'search')).toBe(true);
  });

  it('import --json adds pages, VINs and proposed records for documents', async () => {
    expect((await run(newCommand, casePath)).code).toBe(0);
    const result = await run(importCommand, casePath, invoice, letter, '--json');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.out) as { files: Record<string, unknown>[] };
    expect(json.files).toEqual([
      expect.objectContaining({ file: 'invoice.pdf', kind: 'document', pages: 1, vins: [NEW_INVOICE.vin], proposed: 1, warnings: [] }),
      // Text without a known form: listed, so the analyst knows why nothing was proposed.
      expect.objectContaining({ file: 'letter.pdf', kind: 'document', pages: 1, vins: [], proposed: 0, warnings: [{ code: 'no_layout', page: 1 }] }),
    ]);
  });

  it('lists the warnings of a document on its pages and in the human import report', async () => {
    const second = join(temp.dir, 'second.zmcase');
    await run(newCommand, second);
    const human = await run(importCommand, second, letter);
    expect(human.out).toContain('  warning: page 1: text without a form ZeroMile knows; searchable, nothing proposed from it');
    const cf = openCaseFile(second, { readonly: true });
    try {
      expect(listDocumentPages(cf.db, 1)).toEqual([expect.objectContaining({ page: 1, warnings: [{ code: 'no_layout', page: 1 }] })]);
    } finally {
      cf.close();
    }
  });

  it('search --json lists the documents and pages that hold the text', async () => {
    const result = await run(searchCommand, casePath, '销货单位', '--json');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.out) as { query: string; hits: { file_name: string; page: number; snippet: string }[] };
    expect(json.query).toBe('销货单位');
    expect(json.hits).toEqual([expect.objectContaining({ file_name: 'invoice.pdf', page: 1 })]);
    expect(json.hits[0]!.snippet).toContain('[销货单位]');
  });

  it('search prints a line per hit, says when nothing matches, and wants a query', async () => {
    const found = await run(searchCommand, casePath, '王经理');
    expect(found.out).toMatch(/^letter\.pdf \(document \d+\) page 1: .*\[王经理\]/);
    const none = await run(searchCommand, casePath, 'Zanzibar');
    expect(none.out).toContain('no document contains "Zanzibar"');
    await expect(run(searchCommand, casePath)).rejects.toThrow(/case file and the text/);
  });
});
