import { readCaseMeta } from '../../casefile/meta';
import { openCaseFile } from '../../casefile/open-case-file';
import { type CliCommand, UsageError, parseCommandArgs } from '../command';
import { UNTITLED_CASE } from '../../../../shared/contract/case';

export const newCommand: CliCommand = {
  name: 'new',
  usage: 'new CASE [--title T] [--json]',
  summary: 'create an empty case file',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { title: { type: 'string' }, json: { type: 'boolean' } });
    if (positionals.length !== 1) throw new UsageError('give one case file path');
    const path = positionals[0]!;
    const caseFile = openCaseFile(path, { create: { title: values.title ?? UNTITLED_CASE } });
    try {
      const meta = readCaseMeta(caseFile.db);
      if (values.json) io.out(JSON.stringify({ path, title: meta.title, created: meta.created, app_version: meta.app_version }));
      else io.out(`created ${path} ("${meta.title}")`);
    } finally {
      caseFile.close();
    }
    return 0;
  },
};
