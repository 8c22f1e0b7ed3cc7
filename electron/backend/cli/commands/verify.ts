import { openCaseFile } from '../../casefile/open-case-file';
import { verifyCaseFile } from '../../verify/verify';
import { type CliCommand, UsageError, parseCommandArgs } from '../command';

/** `zeromile verify CASE [--json] [--head HASH] [--quick]`: exit 0 when everything matches, 3 when something does not. */
export const verifyCommand: CliCommand = {
  name: 'verify',
  usage: 'verify CASE [--json] [--head HASH] [--quick]',
  summary: 're-hash every document and committed fact, walk the audit chain, check the schema; name what does not match',
  async run(argv, io) {
    const parsed = parseCommandArgs(argv, { json: { type: 'boolean' }, head: { type: 'string' }, quick: { type: 'boolean' } });
    const [path, ...extra] = parsed.positionals;
    if (!path || extra.length > 0) throw new UsageError('give one case file.');
    if (parsed.values.head !== undefined && !/^[0-9a-fA-F]{64}$/.test(parsed.values.head)) throw new UsageError('--head takes a 64-digit hex chain head.');
    // No quick_check on open: verify runs the full integrity check and reports what it finds.
    const caseFile = openCaseFile(path, { readonly: true, check: 'none' });
    try {
      const report = verifyCaseFile(caseFile.db, {
        expectHead: parsed.values.head, skipIntegrity: parsed.values.quick, ...(caseFile.nativeBinding ? { nativeBinding: caseFile.nativeBinding } : {}),
      });
      if (parsed.values.json) {
        io.out(JSON.stringify({ file: path, ...report }, null, 2));
      } else {
        io.out([
          `${path}: ${report.ok ? 'OK, nothing changed' : `${report.problems.length} problem(s) found`}`,
          `  documents: ${report.documents} (${report.document_bytes} bytes re-hashed)`,
          `  facts: ${report.fact_rows} rows of records, flags, parties and vehicles re-hashed against the audit log`,
          `  audit log: ${report.audit_entries} entries, chain head ${report.audit_head}`,
          `  database integrity: ${report.integrity}`,
          `  checked in ${report.seconds} s (${report.mb_per_s} MB/s, ${report.rows_per_s} rows/s)`,
          ...report.problems.map((p) => `  MISMATCH ${p.message}`),
        ].join('\n'));
      }
      return report.ok ? 0 : 3;
    } finally {
      caseFile.close();
    }
  },
};
