import { openCaseFile } from '../../casefile/open-case-file';
import { writeEvidence } from '../../export/print-service';
import { type CliCommand, UsageError, parseCommandArgs } from '../command';
import { PRINT_OPTIONS, paperOf } from './print-options';

export const evidenceCommand: CliCommand = {
  name: 'evidence',
  usage: 'evidence CASE VIN --out FILE.pdf|.svg|.png|.html [--paper a4|letter] [--landscape] [--chromium PATH] [--unmask-ids]',
  summary: "print a vehicle's evidence sheet (PDF, HTML) or its chain graph (SVG, PNG)",
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, PRINT_OPTIONS);
    if (positionals.length !== 2) throw new UsageError('give a case file and a VIN');
    if (!values.out) throw new UsageError('give --out FILE');
    const caseFile = openCaseFile(positionals[0]!, { readonly: true });
    try {
      const vin = positionals[1]!.trim().toUpperCase();
      const bytes = await writeEvidence(caseFile.db, vin, values.out, {
        paper: paperOf(values.paper), landscape: values.landscape, unmaskIds: values['unmask-ids'], executablePath: values.chromium,
      });
      io.out(`wrote ${values.out} (${bytes} bytes)`);
    } finally {
      caseFile.close();
    }
    return 0;
  },
};
