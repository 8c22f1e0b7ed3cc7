import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runFreshness } from '../../../electron/backend/casefile/run-freshness';
import { openCaseFile } from '../../../electron/backend/casefile/open-case-file';
import { currentRulePacks, removeRulePack, restoreRulePack, saveRulePack } from '../../../electron/backend/casefile/rule-packs';
import { importFile } from '../../../electron/backend/import/import-file';
import { acceptProposedRecord } from '../../../electron/backend/import/proposed-records';
import { setReviews } from '../../../electron/backend/queries/review-queries';
import { runRules } from '../../../electron/backend/rules/runner';
import { renderMessage } from '../../../shared/i18n/message';
import { CASE_EN } from '../../../shared/i18n/case-en';
import { CASE_ZH } from '../../../shared/i18n/case-zh';
import { staleRunMessage, staleVehicleMessage } from '../../../shared/run-freshness';
import { queryPlan, recordQueries } from '../../support/query-plan';
import { loadEvidenceSheet } from '../../../electron/backend/export/evidence/evidence-data';
import { evidenceSheetHtml } from '../../../electron/backend/export/evidence/evidence-sheet';
import { loadReport } from '../../../electron/backend/export/evidence/report-data';
import { caseReportHtml } from '../../../electron/backend/export/evidence/case-report';
import { evidenceFactsDigest } from '../../../electron/backend/export/evidence/facts-digest';
import { csv, vinNo, workspace, type Workspace } from '../import/import-helpers';

// Probe 56 item 2: after an import nothing said the flags were out of date. The case knows what came
// after its latest run from the audit log, by index, and says it in the same words on screen and paper.
let ws: Workspace;
beforeEach(() => { ws = workspace(); });
afterEach(() => ws.done());

const SALES = ['invoice_no', 'invoice_date', 'vin', 'seller', 'buyer', 'price'];
const sales = (name: string, rows: string[][]) => importFile(ws.caseFile.db, { path: ws.file(name, csv([SALES, ...rows])) });
const sale = (no: string, vin: string, price = '100000') => [no, '2024-01-02', vin, 'BYD Auto', 'Trader One', price];
const en = (m: ReturnType<typeof staleRunMessage>) => (m ? renderMessage(m, CASE_EN) : null);
const zh = (m: ReturnType<typeof staleRunMessage>) => (m ? renderMessage(m, CASE_ZH, CASE_EN) : null);

/** A record read from a page, waiting for review, as the import of a PDF leaves it. */
function proposal(vin: string): number {
  const db = ws.caseFile.db;
  const doc = Number(db.prepare(`INSERT INTO documents (file_name, size, media_type, sha256, kind, imported_at, pages)
    VALUES ('invoice-scan.pdf', 1, 'application/pdf', ?, 'document', '2026-01-01T00:00:00Z', 1)`).run('ab'.repeat(32)).lastInsertRowid);
  return Number(db.prepare(`INSERT INTO proposed_records (document_id, page, kind, layout, fields, marks) VALUES (?, 1, 'sales', 'vat_invoice', ?, '[]')`)
    .run(doc, JSON.stringify({ invoice_no: '77000001', invoice_date: '2024-03-01', vin, seller: 'Trader One', buyer: 'Export Co', price: 90000 })).lastInsertRowid);
}

describe('runFreshness: what changed after the latest rule run', () => {
  it('says nothing before a run and right after one; counts the files that told records after it, and names those of each vehicle', async () => {
    const db = ws.caseFile.db;
    await sales('a.csv', [sale('00000001', vinNo(1)), sale('00000002', vinNo(2))]);
    expect(runFreshness(db)).toEqual({ run: null, after: null });
    const run = runRules(ws.caseFile, {}).run;
    expect(runFreshness(db, vinNo(1))).toEqual({ run: { id: run.id, started: run.started, finished: run.finished }, after: null, vehicle_files: [] });
    // Verdicts after the run change no record.
    const flag = db.prepare('SELECT flag_key FROM flags LIMIT 1').pluck().get() as string | undefined;
    if (flag) setReviews(db, [{ flag_key: flag, status: 'confirmed' }]);
    expect(runFreshness(db).after).toBeNull();

    // A new sale of vehicle 1 and the same invoice of vehicle 2 told again at another price (a further source).
    await sales('b.csv', [sale('00000003', vinNo(1)), sale('00000002', vinNo(2), '150300')]);
    // A file whose rows are all rejected, and the same file twice, change nothing the rules read.
    await sales('bad.csv', [['', 'not a date', 'XX', '', '', '']]);
    expect(await sales('b-again.csv', [sale('00000003', vinNo(1)), sale('00000002', vinNo(2), '150300')])).toMatchObject({ duplicate: true });
    expect(runFreshness(db).after).toEqual({ files: 1, accepted: 0, packs: 0 });
    expect(runFreshness(db, vinNo(1)).vehicle_files).toEqual(['b.csv']);
    expect(runFreshness(db, vinNo(2)).vehicle_files).toEqual(['b.csv']);
    expect(runFreshness(db, vinNo(3)).vehicle_files).toEqual([]);

    const fresh = runFreshness(db, vinNo(1));
    expect(en(staleRunMessage(fresh, '4 Dec 2026, 10:02'))).toBe(`1 file imported after the latest rule run (#${run.id}, 4 Dec 2026, 10:02): flags may be out of date. Run the rules again.`);
    expect(zh(staleRunMessage(fresh, '2026-12-04 10:02'))).toBe(`最近一次规则运行（#${run.id}，2026-12-04 10:02）之后导入了 1 个文件：预警可能已过时。请重新运行规则。`);
    expect(en(staleVehicleMessage(fresh, '4 Dec 2026, 10:02'))).toBe(`Records of this vehicle came after the latest rule run (#${run.id}, 4 Dec 2026, 10:02), from b.csv: its flags may be out of date.`);

    // A record accepted from a page of a document the case held before, and a rule pack changed.
    acceptProposedRecord(db, proposal(vinNo(3)));
    expect(runFreshness(db, vinNo(3))).toMatchObject({ after: { files: 1, accepted: 1, packs: 0 }, vehicle_files: ['invoice-scan.pdf'] });
    const again = runRules(ws.caseFile, {}).run;
    expect(runFreshness(db, vinNo(1))).toEqual({ run: { id: again.id, started: again.started, finished: again.finished }, after: null, vehicle_files: [] });
  });

  it('counts rule packs saved after the run, and says the three kinds of change in one sentence in both languages', async () => {
    const db = ws.caseFile.db;
    await sales('a.csv', [sale('00000001', vinNo(1))]);
    const run = runRules(ws.caseFile, {}).run;
    await sales('b.csv', [sale('00000003', vinNo(1))]);
    await sales('c.csv', [sale('00000004', vinNo(4))]);
    acceptProposedRecord(db, proposal(vinNo(5)));
    savePackCopy();
    const fresh = runFreshness(db);
    expect(fresh.after).toEqual({ files: 2, accepted: 1, packs: 1 });
    expect(en(staleRunMessage(fresh, 'then'))).toBe(`2 files imported, 1 record accepted from documents and rule packs changed after the latest rule run (#${run.id}, then): flags may be out of date. Run the rules again.`);
    expect(zh(staleRunMessage(fresh, 'then'))).toBe(`最近一次规则运行（#${run.id}，then）之后导入了 2 个文件，从单据接受了 1 条记录，规则包有改动：预警可能已过时。请重新运行规则。`);
  });

  it('counts a rule pack removed after the run as changed, and one removed and restored, or saved back as the run used it, as no change', async () => {
    const db = ws.caseFile.db;
    await sales('a.csv', [sale('00000001', vinNo(1))]);
    const run = runRules(ws.caseFile, {}).run;
    const [pack] = currentRulePacks(db);
    removeRulePack(db, pack!.pack_id);
    expect(runFreshness(db).after).toEqual({ files: 0, accepted: 0, packs: 1 });
    expect(en(staleRunMessage(runFreshness(db), 'then'))).toBe(`Rule packs changed after the latest rule run (#${run.id}, then): flags may be out of date. Run the rules again.`);
    expect(zh(staleRunMessage(runFreshness(db), 'then'))).toBe(`最近一次规则运行（#${run.id}，then）之后规则包有改动：预警可能已过时。请重新运行规则。`);
    restoreRulePack(db, pack!.pack_id);
    expect(runFreshness(db).after).toBeNull();
    // Saved with other content and then saved back as it was: the run's own pack again.
    savePackCopy();
    expect(runFreshness(db).after).toEqual({ files: 0, accepted: 0, packs: 1 });
    expect(saveRulePack(db, JSON.parse(pack!.content), 'edited', 'the pack editor').changed).toBe(true);
    expect(runFreshness(db).after).toBeNull();
  });

  it('reads the packs once while nothing is written, and again after another connection\'s commit or a write of its own', async () => {
    const db = ws.caseFile.db;
    await sales('a.csv', [sale('00000001', vinNo(1))]);
    runRules(ws.caseFile, {});
    const reader = openCaseFile(ws.caseFile.path, { readonly: true });
    try {
      const packReads = (on: typeof db) => {
        const recorder = recordQueries(on);
        try { runFreshness(on); } finally { recorder.stop(); }
        return recorder.queries.filter((q) => q.sql.includes('FROM rule_packs')).length;
      };
      expect(packReads(reader.db)).toBeGreaterThan(0);
      expect(packReads(reader.db)).toBe(0);
      expect(runFreshness(reader.db).after).toBeNull();
      // The writer's connection removes a pack: the reader's data_version moves.
      const [pack] = currentRulePacks(db);
      removeRulePack(db, pack!.pack_id);
      expect(runFreshness(reader.db).after).toEqual({ files: 0, accepted: 0, packs: 1 });
      expect(runFreshness(db).after).toEqual({ files: 0, accepted: 0, packs: 1 });
      restoreRulePack(db, pack!.pack_id);
      expect(runFreshness(db).after).toBeNull();
      expect(runFreshness(reader.db).after).toBeNull();
    } finally {
      reader.close();
    }
  });

  it('prints the same warning on the evidence sheet (with the vehicle\'s files) and the case report, in English and Chinese, outside the facts digest', async () => {
    const db = ws.caseFile.db;
    await sales('a.csv', [sale('00000001', vinNo(1)), sale('00000002', vinNo(2))]);
    const run = runRules(ws.caseFile, {}).run;
    const before = evidenceFactsDigest(loadEvidenceSheet(db, vinNo(2)));
    const page = { paper: 'a4' as const, landscape: false, unmaskIds: false };
    expect(evidenceSheetHtml(loadEvidenceSheet(db, vinNo(1)), page)).not.toContain('class="stale-run"');
    await sales('b.csv', [sale('00000003', vinNo(1))]);
    const when = `${run.started.replace('T', ' ').slice(0, 16)} UTC`;
    const caseLine = `1 file imported after the latest rule run (#${run.id}, ${when}): flags may be out of date. Run the rules again.`;
    const sheet = evidenceSheetHtml(loadEvidenceSheet(db, vinNo(1)), page);
    expect(sheet).toContain(`Records of this vehicle came after the latest rule run (#${run.id}, ${when}), from b.csv: its flags may be out of date.`);
    expect(sheet).toContain(caseLine);
    const other = evidenceSheetHtml(loadEvidenceSheet(db, vinNo(2)), page);
    expect(other).toContain(caseLine);
    expect(other).not.toContain('Records of this vehicle');
    // The digest covers the facts the sheet shows: vehicle 2's did not change, its warning is not one of them.
    expect(evidenceFactsDigest(loadEvidenceSheet(db, vinNo(2)))).toEqual(before);
    expect(caseReportHtml(loadReport(db), page)).toContain(caseLine);
    const zhSheet = evidenceSheetHtml(loadEvidenceSheet(db, vinNo(1)), { ...page, lang: 'zh' });
    expect(zhSheet).toContain(`最近一次规则运行（#${run.id}，${run.started.replace('T', ' ').slice(0, 16)}（UTC））之后导入了 1 个文件：预警可能已过时。请重新运行规则。`);
    expect(zhSheet).toContain('来自 b.csv：其预警可能已过时。');
    expect(caseReportHtml(loadReport(db), { ...page, lang: 'zh' })).toContain('之后导入了 1 个文件：预警可能已过时。');
  });

  it('reads the audit log by index: the run\'s entry by subject, later changes by their partial index, a vehicle\'s records by VIN; no table scanned', async () => {
    const db = ws.caseFile.db;
    await sales('a.csv', [sale('00000001', vinNo(1)), sale('00000002', vinNo(2))]);
    runRules(ws.caseFile, {});
    await sales('b.csv', [sale('00000003', vinNo(1))]);
    const recorder = recordQueries(db);
    try { runFreshness(db, vinNo(1)); } finally { recorder.stop(); }
    const plans = recorder.queries.map((q) => ({ sql: q.sql.replace(/\s+/g, ' ').slice(0, 80), plan: (q.plan ?? queryPlan(db, q.sql, q.args)).map((r) => r.detail) }));
    // rule_runs (a row a run) is read as every screen reads it for the latest run (latest-run.ts),
    // rule_packs (a row a pack revision) as a run reads the packs it uses; the write token's
    // SELECT total_changes() is a constant row, no table.
    expect(plans.filter((p) => !p.sql.includes('FROM rule_packs')).flatMap((p) => p.plan.filter((d) => /^SCAN /.test(d) && !/^SCAN (rule_runs\b|CONSTANT ROW$)/.test(d)).map((d) => `${d} in ${p.sql}`))).toEqual([]);
    expect(plans.some((p) => p.plan.some((d) => /audit_log USING INDEX audit_log_changes \(id>\?\)/.test(d)))).toBe(true);
    expect(plans.some((p) => p.plan.some((d) => /audit_log USING INDEX audit_log_subject/.test(d)))).toBe(true);
  });
});

/** Saves the first stored rule pack again as its next version: a change the next run reads. */
function savePackCopy(): void {
  const [stored] = currentRulePacks(ws.caseFile.db);
  const pack = JSON.parse(stored!.content) as { version: number };
  expect(saveRulePack(ws.caseFile.db, { ...pack, version: pack.version + 1 }, 'edited', 'the pack editor').changed).toBe(true);
}
