import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { CaseProperties } from '../../../shared/contract/case';
import { appendAudit } from './audit';
import { writeCaseMeta } from './meta';
import { caseReadOnlyRefused } from './write-refused';

/** What a case property may hold: the title is never empty; the others may be cleared with ''. */
export const caseProperties = z.object({
  title: z.string().trim().min(1).max(500).optional(),
  case_number: z.string().trim().max(200).optional(),
  subject: z.string().trim().max(1000).optional(),
  analyst: z.string().trim().max(200).optional(),
  organisation: z.string().trim().max(500).optional(),
  classification: z.string().trim().max(200).optional(),
}).strict();

/** Sets case properties in one transaction with their audit entry (the UI and the CLI both come here). */
export function setCaseProperties(db: Database.Database, values: CaseProperties): void {
  const checked = caseProperties.parse(values);
  try {
    db.transaction(() => {
      writeCaseMeta(db, checked);
      appendAudit(db, { action: 'case.update-meta', subject: null, detail: checked });
    })();
  } catch (error) {
    throw caseReadOnlyRefused(db, error) ?? error;
  }
}
