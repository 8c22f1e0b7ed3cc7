import { openCaseFile } from '../../casefile/open-case-file';
import { verifyCaseFile } from '../../verify/verify';
import { checkEvidence, digestOfSheet, parseDigest, type EvidenceCheck } from '../../verify/verify-evidence';
import { type CliCommand, UsageError, counted, parseCommandArgs } from '../command';

/**
 * `zeromile verify CASE [--json] [--head HASH] [--quick] [--evidence SHEET | --digest D]`: exit 0 when
 * everything matches (and the case still holds the facts of the sheet or digest given), 3 when not.
 */
export const verifyCommand: CliCommand = {
  name: 'verify',
  usage: 'verify CASE [--json] [--head HASH] [--quick] [--evidence SHEET.pdf | --digest zm1-…]',
  summary: 're-hash every document and committed fact, walk the audit chain, check the schema; name what does not match',
  async run(argv, io) {
    const parsed = parseCommandArgs(argv, {
      json: { type: 'boolean' }, head: { type: 'string' }, quick: { type: 'boolean' }, evidence: { type: 'string' }, digest: { type: 'string' },
    });
    const [path, ...extra] = parsed.positionals;
    if (!path || extra.length > 0) throw new UsageError('give one case file.');
    if (parsed.values.head !== undefined && !/^[0-9a-fA-F]{64}$/.test(parsed.values.head)) throw new UsageError('--head takes a 64-digit hex chain head.');
    if (parsed.values.evidence !== undefined && parsed.values.digest !== undefined) throw new UsageError('give --evidence or --digest, not both.');
    const printed = parsed.values.evidence !== undefined ? await digestOfSheet(parsed.values.evidence)
      : parsed.values.digest !== undefined ? parseDigest(parsed.values.digest) : null;
    // No quick_check on open: verify runs the full integrity check and reports what it finds.
    const caseFile = openCaseFile(path, { readonly: true, check: 'none' });
    try {
      const report = verifyCaseFile(caseFile.db, {
        expectHead: parsed.values.head, skipIntegrity: parsed.values.quick, ...(caseFile.nativeBinding ? { nativeBinding: caseFile.nativeBinding } : {}),
      });
      const evidence: EvidenceCheck | null = printed ? checkEvidence(caseFile.db, printed) : null;
      const ok = report.ok && (evidence?.holds ?? true);
      if (parsed.values.json) {
        io.out(JSON.stringify({ file: path, ...report, ...(evidence ? { evidence } : {}) }, null, 2));
      } else {
        io.out([
          `${path}: ${report.ok ? 'OK, nothing changed' : `${counted(report.problems.length, 'problem', 'problems')} found`}`,
          `  documents: ${report.documents} (${report.document_bytes} bytes re-hashed)`,
          `  facts: ${report.fact_rows} rows of records, flags, parties and vehicles re-hashed against the audit log`,
          `  audit log: ${counted(report.audit_entries, 'entry', 'entries')}, chain head ${report.audit_head}`,
          `  database integrity: ${report.integrity}`,
          `  checked in ${report.seconds} s (${report.mb_per_s} MB/s, ${report.rows_per_s} rows/s)`,
          ...(evidence ? [`  evidence ${evidence.digest}: ${evidence.holds ? 'HOLDS' : 'DOES NOT HOLD'}, ${evidence.message}`] : []),
          ...report.problems.map((p) => `  MISMATCH ${p.message}`),
        ].join('\n'));
      }
      return ok ? 0 : 3;
    } finally {
      caseFile.close();
    }
  },
};
