import { openCaseFile } from '../../casefile/open-case-file';
import { writeReport } from '../../export/print-service';
import { type CliCommand, UsageError, parseCommandArgs } from '../command';
import { PRINT_OPTIONS, langOf, paperOf, refuseExistingOut } from './print-options';

export const reportCommand: CliCommand = {
  name: 'report',
  usage: 'report CASE --out FILE.pdf|.html [--force] [--paper a4|letter] [--landscape] [--chromium PATH] [--unmask-ids] [--lang en|zh]',
  summary: 'print the case report: cover, figures, flags, exhibits, party network, documents',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, PRINT_OPTIONS);
    if (positionals.length !== 1) throw new UsageError('give one case file');
    if (!values.out) throw new UsageError('give --out FILE');
    refuseExistingOut(values.out, values.force);
    const caseFile = openCaseFile(positionals[0]!, { readonly: true });
    try {
      const bytes = await writeReport(caseFile.db, values.out, {
        paper: paperOf(values.paper), landscape: values.landscape, unmaskIds: values['unmask-ids'], lang: langOf(values.lang), executablePath: values.chromium,
      });
      io.out(`wrote ${values.out} (${bytes} bytes)`);
    } finally {
      caseFile.close();
    }
    return 0;
  },
};
