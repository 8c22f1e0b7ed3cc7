import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { extractRecords } from '../../../electron/backend/documents/extract-fields';
import { readDocument } from '../../../electron/backend/documents/read-document';
import { renderFixtures } from '../../support/document-fixtures';
import { fieldScore, practiceForms, type PracticeForm } from '../../support/practice-forms';

// The forms of issue 18 as printed in practice, as text PDFs (Chromium): every field read exactly.
const forms = practiceForms();
let pdfs: Record<string, { pdf: string }>;

beforeAll(async () => {
  pdfs = await renderFixtures(Object.fromEntries(forms.map((f) => [f.name, f.html])), { png: false });
}, 120_000);

async function read(form: PracticeForm) {
  const reading = await readDocument(readFileSync(pdfs[form.name]!.pdf), `${form.name}.pdf`, { ocr: false });
  return reading.pages.flatMap((page) => extractRecords(page));
}

describe('form layouts used in practice, from text PDFs', () => {
  for (const form of forms) {
    it(`${form.name}: ${form.truth.length} record(s), every field`, async () => {
      const records = await read(form);
      expect(records.map((r) => r.layout)).toEqual(form.truth.map(() => form.layout));
      const score = fieldScore(form.truth, records.map((r) => r.fields));
      expect(score.wrong).toEqual([]);
      expect(records.every((r) => r.marks.length === 0)).toBe(true);
    });
  }
});
