import type Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ZeroMileError } from '../../../shared/errors';
import { openPdf, readPdfPageText } from '../documents/pdf-reader';
import { loadEvidenceSheet } from '../export/evidence/evidence-data';
import { evidenceFactsDigest, findFactsDigest, formatFactsDigest, type FactsDigest } from '../export/evidence/facts-digest';

export type EvidenceCheck = { digest: string; vin: string; run_id: number; holds: boolean; message: string };

/** Reads the facts digest printed on an evidence sheet (PDF, or the HTML it was printed from). */
export async function digestOfSheet(path: string): Promise<FactsDigest> {
  const name = basename(path);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new ZeroMileError('file_not_found', `${name} could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  let text = '';
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') {
    const pdf = await openPdf(bytes, name);
    try {
      for (let page = 1; page <= pdf.pages; page++) text += `${(await readPdfPageText(pdf, page)).text}\n`;
    } finally {
      await pdf.close();
    }
  } else {
    text = bytes.toString('utf8');
  }
  const digest = findFactsDigest(text);
  if (!digest) throw new ZeroMileError('bad_argument', `${name} carries no facts digest (zm1-VIN-rRUN-SHA256): it is not an evidence sheet printed by this version of ZeroMile.`);
  return digest;
}

export function parseDigest(text: string): FactsDigest {
  const digest = findFactsDigest(text.trim());
  if (!digest) throw new ZeroMileError('bad_argument', `'${text.slice(0, 120)}' is not a facts digest: give it as printed on the sheet, zm1-VIN-rRUN-SHA256.`);
  return digest;
}

/** Rebuilds the sheet the digest names from the case file and says whether it shows the same facts. */
export function checkEvidence(db: Database.Database, printed: FactsDigest): EvidenceCheck {
  const digest = formatFactsDigest(printed);
  const base = { digest, vin: printed.vin, run_id: printed.runId };
  if (printed.runId > 0 && !db.prepare('SELECT 1 FROM rule_runs WHERE id = ?').get(printed.runId)) {
    return { ...base, holds: false, message: `the sheet of ${printed.vin} shows rule run ${printed.runId}, which the case file no longer holds.` };
  }
  let now: FactsDigest;
  try {
    now = evidenceFactsDigest(loadEvidenceSheet(db, printed.vin, new Date(), printed.runId > 0 ? printed.runId : null));
  } catch (error) {
    return { ...base, holds: false, message: `the sheet of ${printed.vin} cannot be rebuilt: ${(error as Error).message}` };
  }
  return now.sha256 === printed.sha256
    ? { ...base, holds: true, message: `the case still holds exactly the facts printed on the sheet of ${printed.vin} (run ${printed.runId}).` }
    : { ...base, holds: false, message: `the case no longer holds the facts printed on the sheet of ${printed.vin} (run ${printed.runId}): its chain, flags, verdicts, notes, sources or case details differ now (digest ${now.sha256}).` };
}
