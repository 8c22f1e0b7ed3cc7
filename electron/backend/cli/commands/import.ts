import { citationText, citedPlaceText } from '../../../../shared/citation';
import { changedRowsText } from '../../casefile/row-digests';
import type { FurtherSources, ImportFileResult, RegisterChangedOutside, RowPlace, SameFactNotes, SheetSummary } from '../../../../shared/contract/import';
import { englishRefusal } from '../../../../shared/refusal';
import { CASE_EN } from '../../../../shared/i18n/case-en';
import { renderMessage } from '../../../../shared/i18n/message';
import { readDifferentlyMessages, twinColumnsMessage } from '../../../../shared/value-marks';
import { openCaseFile } from '../../casefile/open-case-file';
import { groupWarnings } from '../../../../shared/document-warning-groups';
import { describeWarningGroup } from '../../documents/document-warnings';
import { importFiles } from '../../import/import-files';
import { type CliCommand, type CliIo, UsageError, counted, parseCommandArgs } from '../command';

/** The machine shape of issue 2; `refused` is added only for a refused file. */
export function importJson(results: ImportFileResult[]): unknown {
  return {
    files: results.map((r) => ({
      file: r.file, sha256: r.sha256, kind: r.kind, rows: r.rows, imported: r.imported, rejected: r.rejected, duplicate: r.duplicate,
      rejects: r.rejects.map((x) => ({ row: x.row, reason: x.reason, message: x.message })),
      ...(r.sheets ? { sheets: r.sheets.map(({ skipped, ...sheet }) => ({ ...sheet, ...(skipped ? { skipped: englishRefusal(skipped) } : {}) })) } : {}),
      ...(r.refused ? { refused: r.refused } : {}),
      ...(r.registers_changed_outside ? { registers_changed_outside: r.registers_changed_outside } : {}),
      ...(r.same_facts ? { same_facts: r.same_facts } : {}),
      ...(r.further_sources ? { further_sources: r.further_sources } : {}),
      ...(r.read_differently ? { read_differently: r.read_differently } : {}),
      ...(r.twin_columns ? { twin_columns: r.twin_columns } : {}),
      // PDFs and images (issue 7): pages read, VINs named, records proposed for review.
      ...(r.pages !== undefined ? { pages: r.pages, vins: r.vins ?? [], ...(r.vins_failing ? { vins_failing: r.vins_failing } : {}), proposed: r.proposed ?? 0, warnings: r.warnings ?? [] } : {}),
    })),
  };
}

function printHuman(results: ImportFileResult[], io: CliIo): void {
  for (const r of results) {
    if (r.refused) { io.err(`${r.file}: REFUSED: ${r.refused.message}`); continue; }
    if (r.duplicate) { io.out(`${r.file}: already in the case (same SHA-256), nothing added`); continue; }
    if (r.pages !== undefined) {
      io.out(documentLine(r, r.pages));
      for (const group of groupWarnings(r.warnings ?? [])) io.out(`  warning: ${describeWarningGroup(group)}`);
      continue;
    }
    io.out(`${r.file}: ${r.kind}, ${counted(r.rows, 'row', 'rows')}: ${r.imported} imported, ${r.rejected} rejected`);
    if (r.further_sources) io.out(`  ${describeFurtherSources(r.imported, r.further_sources)}`);
    for (const change of r.registers_changed_outside ?? []) io.out(`  warning: ${describeOutsideChange(change)}`);
    for (const line of describeSameFacts(r.same_facts)) io.out(`  ${line}`);
    for (const twin of r.twin_columns ?? []) io.out(`  warning: ${renderMessage(twinColumnsMessage(twin), CASE_EN)}`);
    if (r.read_differently) {
      const [summary, ...named] = readDifferentlyMessages(r.read_differently);
      io.out(`  ${renderMessage(summary!, CASE_EN)}`);
      for (const line of named) io.out(`    ${renderMessage(line, CASE_EN)}`);
    }
    printSheets(r.sheets ?? [], io);
    const shown = r.rejects.slice(0, 20);
    for (const x of shown) io.out(`  ${citedPlaceText({ sheet: x.sheet, row: x.row, page: null })}: ${x.reason}: ${x.message}`);
    if (r.rejected > shown.length) io.out(`  ... ${r.rejected - shown.length} more (zeromile rejects CASE)`);
  }
}

/** A PDF's or image's summary line: its pages, the VINs it names (and any it prints whose check digit fails), the records proposed. */
export function documentLine(r: ImportFileResult, pages: number): string {
  const failing = r.vins_failing ?? [];
  const printed = failing.length === 1 ? `a VIN that fails its check digit (printed ${failing[0]!})` : `${failing.length} VINs that fail their check digit (printed ${failing.join(', ')})`;
  const named = r.vins?.length ? `${r.vins.length === 1 ? 'VIN' : 'VINs'} ${r.vins.join(', ')}${failing.length > 0 ? `, and ${printed}` : ''}` : failing.length > 0 ? printed : 'no VIN found';
  return `${r.file}: document, ${counted(pages, 'page', 'pages')}, ${named}, ${counted(r.proposed ?? 0, 'record', 'records')} proposed for review`;
}

/** A register changed outside ZeroMile before `act` wrote it (the screens say it in the reader's language). */
export function describeOutsideChange(change: RegisterChangedOutside, act = 'this import'): string {
  const rows = Object.entries(change.rows ?? {}).map(([table, found]) => changedRowsText(found, table));
  return `the ${change.key} register (${change.tables.join(', ')}) was changed outside ZeroMile since audit entry ${change.committed_entry} committed it: `
    + `${act} committed those rows as they were; its audit entry records the change and zeromile verify names it`
    + (rows.length > 0 ? `. Rows that differed: ${rows.join('; ')}` : '');
}

/** Imported rows that made no new record: each told a fact the case held and is kept as a further source of it. */
export function describeFurtherSources(imported: number, further: FurtherSources): string {
  const more = further.files_total - further.files.length;
  const files = further.files.join(', ') + (more > 0 ? ` and ${counted(more, 'more file', 'more files')}` : '');
  if (further.rows >= imported) {
    const already = further.rows === 1 ? 'already' : further.rows === 2 ? 'both already' : 'all already';
    return `${counted(further.rows, 'row', 'rows')}, ${already} in the case from ${files}: kept as ${further.rows === 1 ? 'a further source' : 'further sources'}, no new record`;
  }
  return `${further.rows} of the ${imported} imported rows ${further.rows === 1 ? 'was' : 'were'} already in the case from ${files}: kept as further sources; ${counted(imported - further.rows, 'new record', 'new records')}`;
}

const place = (p: RowPlace) => citationText({ file_name: p.file, sheet: p.sheet, row: p.row_no, page: p.page });

/** What folding the file into facts the case held has to tell (casefile/fold-notes.ts), a line each, bounded as the result is. */
export function describeSameFacts(notes: SameFactNotes | undefined): string[] {
  if (!notes) return [];
  const more = (shown: number, total: number, what: string) => (total > shown ? [`... ${total - shown} more ${what}`] : []);
  return [
    ...notes.changed_outside.map((c) => `warning: ${c.kind} record ${c.record_id} (${place(c.record)}) was ${c.change} outside ZeroMile since its import committed it; `
      + `${place(c.source)} told it again and is kept as a further source of it (zeromile verify names its document)`),
    ...more(notes.changed_outside.length, notes.changed_outside_total, 'records changed outside ZeroMile'),
    ...notes.leading_zeros.map((z) => `warning: VIN ${z.vin}: invoice ${z.sale.invoice_no} (${place(z.sale)}) and invoice ${z.other.invoice_no} (${place(z.other)}) `
      + 'differ only by leading zeros; invoice numbers are compared as written, so they are kept as two sales'),
    ...more(notes.leading_zeros.length, notes.leading_zeros_total, 'sales differing only by leading zeros'),
    ...(notes.codes_given > 0 ? [`${counted(notes.codes_given, 'sale', 'sales')} without an invoice code took the code this file gives (cited with it, marked as given by its row)`] : []),
  ];
}

/** A workbook's sheets, each with its kind or why it was passed over; any sheet's columns read into no field. */
function printSheets(sheets: readonly SheetSummary[], io: CliIo): void {
  const named = sheets.length > 1 || sheets.some((s) => s.skipped);
  for (const sheet of sheets) {
    const where = sheet.sheet === null ? '' : `sheet ${JSON.stringify(sheet.sheet)}`;
    if (sheet.skipped) io.out(`  ${where} passed over: ${englishRefusal(sheet.skipped)}`);
    else if (named) io.out(`  ${where}: ${sheet.kind}, ${counted(sheet.rows, 'row', 'rows')}`);
    if (sheet.unread.length === 0) continue;
    const more = sheet.unread_more > 0 ? ` and ${sheet.unread_more} more` : '';
    io.out(`  ${where ? `${where}: ` : ''}columns read into no field (kept with each row as written): ${sheet.unread.map((h) => JSON.stringify(h)).join(', ')}${more}`);
  }
}

export const importCommand: CliCommand = {
  name: 'import',
  usage: 'import CASE FILE... [--json]',
  summary: 'import CSV, XLSX, JSON-lines, PDF and image files into a case file',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } });
    if (positionals.length < 2) throw new UsageError('give a case file and at least one file to import');
    const [casePath, ...paths] = positionals as [string, ...string[]];
    const caseFile = openCaseFile(casePath);
    const controller = new AbortController();
    const onSignal = () => controller.abort();
    process.once('SIGINT', onSignal);
    let results: ImportFileResult[];
    try {
      let lastLine = 0;
      results = await importFiles(caseFile, paths.map((path) => ({ path })), {
        signal: controller.signal,
        onProgress: values.json || !process.stderr.isTTY ? undefined : (p) => {
          if (Date.now() - lastLine < 1000 && p.phase === 'reading') return;
          lastLine = Date.now();
          if (p.phase === 'finishing') io.err(`${p.file}: ${counted(p.rows_done, 'row', 'rows')} read; indexing and saving`);
          else io.err(`${p.file}: ${Math.round((100 * p.bytes_done) / Math.max(p.bytes_total, 1))}% (${counted(p.rows_done, 'row', 'rows')})`);
        },
      });
    } finally {
      process.off('SIGINT', onSignal);
      caseFile.close();
    }
    if (values.json) io.out(JSON.stringify(importJson(results)));
    else printHuman(results, io);
    if (values.json) {
      for (const r of results) {
        if (r.refused) io.err(`${r.file}: REFUSED: ${r.refused.message}`);
        for (const change of r.registers_changed_outside ?? []) io.err(`${r.file}: warning: ${describeOutsideChange(change)}`);
        for (const line of describeSameFacts(r.same_facts)) if (line.startsWith('warning: ')) io.err(`${r.file}: ${line}`);
        for (const twin of r.twin_columns ?? []) io.err(`${r.file}: warning: ${renderMessage(twinColumnsMessage(twin), CASE_EN)}`);
      }
    }
    return results.some((r) => r.refused) ? 1 : 0;
  },
};
