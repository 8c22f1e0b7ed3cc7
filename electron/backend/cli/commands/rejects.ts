import { citationText } from '../../../../shared/citation';
import { openCaseFile } from '../../casefile/open-case-file';
import { listRejectedRows } from '../../casefile/records';
import { type CliCommand, UsageError, parseCommandArgs } from '../command';

export const rejectsCommand: CliCommand = {
  name: 'rejects',
  usage: 'rejects CASE [--json] [--limit N]',
  summary: 'the rows that could not be read, with file, row, reason and raw cells',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' }, limit: { type: 'string' } });
    if (positionals.length !== 1) throw new UsageError('give one case file');
    const limit = values.limit === undefined ? undefined : Number(values.limit);
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) throw new UsageError('--limit takes a whole number');
    const caseFile = openCaseFile(positionals[0]!, { readonly: true });
    try {
      const rows = listRejectedRows(caseFile.db, { limit });
      if (values.json) {
        io.out(JSON.stringify({
          rejects: rows.map((r) => ({ file: r.file_name, document_id: r.document_id, sheet: r.sheet, row: r.row_no, reason: r.reason, message: r.message, raw: r.raw })),
        }));
        return 0;
      }
      if (rows.length === 0) io.out('no rejected rows');
      for (const r of rows) io.out(`${citationText({ file_name: r.file_name, sheet: r.sheet, row: r.row_no, page: null })}: ${r.reason}: ${r.message}`);
    } finally {
      caseFile.close();
    }
    return 0;
  },
};
