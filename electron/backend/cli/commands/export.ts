import { openCaseFile } from '../../casefile/open-case-file';
import { TABLE_NAMES, type TableName } from '../../export/case-tables';
import { EXPORT_FORMATS, exportCase, type ExportFormat } from '../../export/print-service';
import { exportExtensions } from '../../../../shared/print-request';
import { type CliCommand, UsageError, parseCommandArgs } from '../command';
import { checkWriteTarget } from '../../files/guarded-write';
import { refuseExistingOut } from './print-options';

export const exportCommand: CliCommand = {
  name: 'export',
  usage: 'export CASE --format ftm|graphml|csv|xlsx --out FILE [--force] [--flagged-only] [--table flags|vehicles|parties|records] [--unmask-ids] [--json]',
  summary: 'export FollowTheMoney entities, the party network (GraphML) or tables: CSV one (--table, flags by default), XLSX every one as a sheet or the --table one',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      format: { type: 'string' }, out: { type: 'string' }, 'flagged-only': { type: 'boolean', default: false },
      table: { type: 'string' }, 'unmask-ids': { type: 'boolean', default: false }, json: { type: 'boolean', default: false }, force: { type: 'boolean', default: false },
    });
    if (positionals.length !== 1) throw new UsageError('give one case file');
    if (!values.out) throw new UsageError('give --out FILE');
    const format = values.format as ExportFormat | undefined;
    if (!format || !EXPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
    const table = values.table as TableName | undefined;
    if (table !== undefined && ((format !== 'csv' && format !== 'xlsx') || !TABLE_NAMES.includes(table))) {
      throw new UsageError(`--table goes with --format csv or xlsx and is one of ${TABLE_NAMES.join(', ')}`);
    }
    checkWriteTarget(values.out); // a case file, a link or a folder is refused as such first
    // The file's ending names its format: CSV under .xlsx would be opened as a broken workbook.
    const endings = exportExtensions(format);
    if (!endings.some((e) => values.out!.toLowerCase().endsWith(`.${e}`))) {
      throw new UsageError(`--format ${format} is written to a file ending in ${endings.map((e) => `.${e}`).join(', ')}, not ${values.out}`);
    }
    refuseExistingOut(values.out, values.force);
    const caseFile = openCaseFile(positionals[0]!, { readonly: true });
    try {
      const counts = await exportCase(caseFile.db, { format, out: values.out, flaggedOnly: values['flagged-only'], unmaskIds: values['unmask-ids'], table });
      io.out(values.json ? JSON.stringify({ out: values.out, format, counts })
        : `wrote ${values.out}: ${Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(', ')}`);
    } finally {
      caseFile.close();
    }
    return 0;
  },
};
