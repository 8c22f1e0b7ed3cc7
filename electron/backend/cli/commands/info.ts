import { RECORD_KINDS } from '../../../../shared/record-kinds';
import { caseCounts } from '../../casefile/counts';
import { readCaseMeta } from '../../casefile/meta';
import { openCaseFile } from '../../casefile/open-case-file';
import { type CliCommand, UsageError, parseCommandArgs } from '../command';

export const infoCommand: CliCommand = {
  name: 'info',
  usage: 'info CASE [--json]',
  summary: 'counts of records, documents, parties, vehicles and rejected rows',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } });
    if (positionals.length !== 1) throw new UsageError('give one case file');
    const caseFile = openCaseFile(positionals[0]!, { readonly: true });
    try {
      const counts = caseCounts(caseFile.db);
      if (values.json) {
        io.out(JSON.stringify(counts));
        return 0;
      }
      const meta = readCaseMeta(caseFile.db);
      io.out([
        `${meta.title} (${caseFile.path}), created ${meta.created}, ZeroMile ${meta.app_version}`,
        'records:',
        ...RECORD_KINDS.map((kind) => `  ${kind.padEnd(14)} ${counts.records[kind]}`),
        `documents        ${counts.documents}`,
        `parties          ${counts.parties}`,
        `vehicles         ${counts.vehicles}`,
        `rejected rows    ${counts.rejected}`,
      ].join('\n'));
    } finally {
      caseFile.close();
    }
    return 0;
  },
};
