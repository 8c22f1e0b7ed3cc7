import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ZeroMileError } from '../../../../shared/errors';
import { openCaseFile } from '../../casefile/open-case-file';
import { writeEvidencePack } from '../../export/evidence-pack';
import type { PackSelection } from '../../export/evidence/pack-data';
import { writeEvidence } from '../../export/print-service';
import { type CliCommand, UsageError, counted, parseCommandArgs } from '../command';
import { PRINT_OPTIONS, langOf, paperOf, refuseExistingOut } from './print-options';

const OPTIONS = {
  ...PRINT_OPTIONS,
  party: { type: 'string' },
  rule: { type: 'string' },
  vins: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

/** The pack's selection from --party, --rule or --vins (one of them), or null for a single sheet. */
function selectionOf(values: { party?: string; rule?: string; vins?: string }): PackSelection | null {
  const given = [values.party, values.rule, values.vins].filter((v) => v !== undefined);
  if (given.length > 1) throw new UsageError('give one of --party, --rule and --vins');
  if (values.party !== undefined) {
    if (!/^\d+$/.test(values.party)) throw new UsageError(`--party takes a party id (a number, as in the party screen's address), not ${values.party}`);
    return { kind: 'party', party_id: Number(values.party) };
  }
  if (values.rule !== undefined) return { kind: 'rule', rule: values.rule };
  if (values.vins !== undefined) {
    let text: string;
    try {
      text = readFileSync(values.vins, 'utf8');
    } catch (error) {
      throw new ZeroMileError('file_not_found', `Cannot read the VIN list ${values.vins}: ${(error as Error).message}`);
    }
    // One VIN a line; blank lines and # comments are skipped.
    const vins = text.split(/\r?\n/).map((l) => l.replace(/#.*/, '').trim()).filter(Boolean);
    return { kind: 'vins', vins, source: basename(values.vins) };
  }
  return null;
}

export const evidenceCommand: CliCommand = {
  name: 'evidence',
  usage: 'evidence CASE (VIN --out FILE.pdf|.svg|.png|.html | --party ID|--rule RULE|--vins FILE --out PACK.pdf) [--force] [--paper a4|letter] [--landscape] [--chromium PATH] [--unmask-ids] [--lang en|zh] [--json]',
  summary: "print a vehicle's evidence sheet (PDF, HTML) or chain graph (SVG, PNG), or an evidence pack of many vehicles (PDF)",
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, OPTIONS);
    const selection = selectionOf(values);
    if (positionals.length !== (selection ? 1 : 2)) throw new UsageError(selection ? 'give a case file (and no VIN) with --party, --rule or --vins' : 'give a case file and a VIN, or --party, --rule or --vins');
    if (!values.out) throw new UsageError('give --out FILE');
    if (selection && !values.out.toLowerCase().endsWith('.pdf')) throw new UsageError('an evidence pack is a PDF: --out must end in .pdf');
    refuseExistingOut(values.out, values.force);
    const caseFile = openCaseFile(positionals[0]!, { readonly: true });
    try {
      const print = { paper: paperOf(values.paper), landscape: values.landscape, unmaskIds: values['unmask-ids'], lang: langOf(values.lang), executablePath: values.chromium };
      if (selection) {
        if (!values.out.toLowerCase().endsWith('.pdf')) throw new UsageError('an evidence pack is a PDF: --out must end in .pdf');
        const result = await writeEvidencePack(caseFile.db, selection, values.out, {
          ...print,
          onProgress: values.json ? undefined : (p) => { if (p.done === p.total) io.err(`${p.phase}: ${p.done}/${p.total}`); },
        });
        io.out(values.json ? JSON.stringify(result) : `wrote ${result.path}: ${counted(result.vehicles, 'vehicle', 'vehicles')}, ${counted(result.pages, 'page', 'pages')} (${result.bytes} bytes)`);
        return 0;
      }
      const vin = positionals[1]!.trim().toUpperCase();
      const bytes = await writeEvidence(caseFile.db, vin, values.out, print);
      io.out(`wrote ${values.out} (${bytes} bytes)`);
    } finally {
      caseFile.close();
    }
    return 0;
  },
};
