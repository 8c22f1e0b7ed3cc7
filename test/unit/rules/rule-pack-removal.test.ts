import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliCommand } from '../../../electron/backend/cli/command';
import { packsCommand } from '../../../electron/backend/cli/commands/packs';
import { openCaseFile } from '../../../electron/backend/casefile/open-case-file';
import { verifyAuditChain } from '../../../electron/backend/casefile/audit';
import {
  currentRulePacks, packFlagCount, packRevision, removedRulePacks, removeRulePack, restoreRulePack, saveRulePack,
} from '../../../electron/backend/casefile/rule-packs';
import { evidenceHtml, exportCase } from '../../../electron/backend/export/print-service';
import { QUEUE_COLUMNS, queueEvidenceTable, queueTable } from '../../../electron/backend/export/queue-table';
import { runRules } from '../../../electron/backend/rules/runner';
import { flagsForSubject, listFlags } from '../../../electron/backend/queries/flag-queries';
import type { RulePack } from '../../../shared/rule-packs';
import { flaggedVins } from '../../support/flag-query';
import { queryPlan, recordQueries } from '../../support/query-plan';
import { tempDir } from '../../support/paths';
import { createFixture, fixtureVin, type Fixture } from '../../support/record-fixture';

// A rule pack loaded by mistake can be removed: the next rule run leaves it out, the flags earlier
// runs raised from it stay as evidence (their sheets say the pack was removed, their digest holds),
// the removal is audited and undone by a restore or by importing the pack again.
let f: Fixture;
beforeEach(() => { f = createFixture(); });
afterEach(() => f.remove());
const temp = tempDir('zeromile-pack-removal-');
afterAll(() => temp.remove());

const V = (n: number) => fixtureVin(n);
const RU: RulePack = {
  format: 1, id: 'RU', version: 1, name: { en: 'Russia', zh: '俄罗斯' },
  clauses: [{
    id: 'ru-brands', rule: 'destination_brand_restriction', title: { en: 'brands', zh: '品牌' },
    params: { brands: ['Chery'] }, effective_from: null, effective_to: null, source: 'test regulation',
  }],
};

/** A used Chery exported to `country`: the RU pack above flags it when the country is RU. */
function exported(n: number, country: string): void {
  f.vehicle(V(n), { manufacturer: 'Chery Automobile' });
  f.caseFile.db.prepare('UPDATE vehicles SET make = ? WHERE vin = ?').run('Chery', V(n));
  f.registration({ vin: V(n), date: '2024-01-01', owner: 'Chengdu Trade Co' });
  const id = f.export({ vin: V(n), date: '2024-03-01', exporter: 'Chengdu Trade Co', country, km: 20 });
  f.caseFile.db.prepare("UPDATE exports SET condition = 'used' WHERE id = ?").run(id);
}

const audit = (action: string) => (f.caseFile.db.prepare('SELECT subject, detail FROM audit_log WHERE action = ? ORDER BY id').all(action) as { subject: string; detail: string }[])
  .map((r) => ({ subject: r.subject, ...(JSON.parse(r.detail) as Record<string, unknown>) }));
const usedPacks = (runId: number) => (JSON.parse(f.caseFile.db.prepare('SELECT packs FROM rule_runs WHERE id = ?').pluck().get(runId) as string) as { id: string }[]).map((p) => p.id);
const digest = (html: string) => /zm1-[A-Z0-9]+-r\d+-[0-9a-f]{64}/.exec(html)?.[0];
const layout = { paper: 'a4' as const, landscape: false, unmaskIds: false };

describe('removing a rule pack', () => {
  it('leaves it out of the next run; the flags of earlier runs stay, marked as of a removed pack; audited', () => {
    exported(1, 'RU');
    exported(2, 'KZ');
    const { db } = f.caseFile;
    saveRulePack(db, RU, 'imported', 'ru.json');
    const before = runRules(f.caseFile, {});
    expect(flaggedVins(db, before.run.id, 'destination_brand_restriction')).toEqual([V(1)]);
    const sheetBefore = evidenceHtml(db, V(1), layout);
    expect(sheetBefore).not.toContain('was removed');

    const removed = removeRulePack(db, 'RU');
    expect(removed).toEqual({ pack_id: 'RU', revision: 3, flags: 1, runs: 1 });
    expect(currentRulePacks(db).map((p) => p.pack_id)).toEqual(['CN', 'JO']);
    expect(removedRulePacks(db).map((p) => [p.pack_id, p.revision, p.origin])).toEqual([['RU', 3, 'removed']]);
    // The revision the run used is still there, as the removal's content.
    expect(packRevision(db, 'RU', 2)!.sha256).toBe(packRevision(db, 'RU', 3)!.sha256);
    expect(audit('packs.remove')).toEqual([{ subject: 'pack:RU', revision: 3, removed: { revision: 2, sha256: packRevision(db, 'RU', 2)!.sha256 }, flags_kept: 1, runs: 1 }]);

    // The earlier run's flag stays, its sheet says the pack was removed, in English and Chinese; its digest holds.
    const day = packRevision(db, 'RU', 3)!.saved_at.slice(0, 10);
    const sheetAfter = evidenceHtml(db, V(1), layout);
    expect(sheetAfter).toContain(`Clause ru-brands of rule pack RU (version 1, revision 2): “brands”. Source: test regulation The pack was removed from the case on ${day}: later rule runs do not use it; this flag stays as evidence.`);
    expect(evidenceHtml(db, V(1), { ...layout, lang: 'zh' })).toContain(`该规则包已于 ${day} 从本案移除：此后的规则运行不再使用它；本预警作为证据保留。`);
    expect(digest(sheetAfter)).toBeDefined();
    expect(digest(sheetAfter)).toBe(digest(sheetBefore));

    const after = runRules(f.caseFile, {});
    expect(after.counts.destination_brand_restriction).toBe(0);
    expect(usedPacks(after.run.id)).not.toContain('RU');
    expect(usedPacks(before.run.id)).toContain('RU');
    expect(flaggedVins(db, before.run.id, 'destination_brand_restriction')).toEqual([V(1)]);
    expect(packFlagCount(db, 'RU')).toEqual({ flags: 1, runs: 1 });

    // Removed twice, or a pack the case never had: refused, nothing written.
    expect(() => removeRulePack(db, 'RU')).toThrow(/RU was removed already \(revision 3/);
    expect(() => removeRulePack(db, 'DE')).toThrow('The case has no rule pack DE.');
    expect(() => restoreRulePack(db, 'JO')).toThrow(/JO is not removed/);
    expect(audit('packs.remove')).toHaveLength(1);
    expect(verifyAuditChain(db).breaks).toEqual([]);
  });

  it('counts the flags a pack raised in every run by each run\'s flags of the pack rules, never by a walk of all flags', () => {
    // helper-65's probe: at a million vehicles the remove dialog's count walked every flag of every run (0.4-1.3 s).
    exported(1, 'RU');
    exported(2, 'RU');
    exported(3, 'KZ');
    const { db } = f.caseFile;
    saveRulePack(db, RU, 'imported', 'ru.json');
    runRules(f.caseFile, {});
    runRules(f.caseFile, {});
    const recorder = recordQueries(db);
    let counted: ReturnType<typeof packFlagCount>;
    try { counted = packFlagCount(db, 'RU'); } finally { recorder.stop(); }
    expect(counted).toEqual({ flags: 4, runs: 2 });
    expect(packFlagCount(db, 'CN')).toEqual({ flags: 0, runs: 0 });
    const plan = recorder.queries.flatMap((q) => (q.plan ?? queryPlan(db, q.sql, q.args)).map((r) => r.detail));
    expect(plan).toContain('SEARCH f USING INDEX flags_run_rule (run_id=? AND rule=?)');
    expect(plan.filter((d) => /flags_run_status|flags_run \(|^SCAN f/.test(d))).toEqual([]);
  });

  it("marks its flags in the flag queue and in the vehicle's flags, saying when it was removed, until it is restored", () => {
    exported(1, 'RU');
    exported(2, 'KZ');
    const { db } = f.caseFile;
    saveRulePack(db, RU, 'imported', 'ru.json');
    const run = runRules(f.caseFile, {}).run.id;
    const queue = () => listFlags(db, { start: 0, end: 100, count: true, run_id: run }).rows;
    const marked = () => queue().filter((r) => r.pack_removed).map((r) => [r.vin, r.rule, r.pack_removed]);
    expect(marked()).toEqual([]);
    removeRulePack(db, 'RU');
    const at = packRevision(db, 'RU', 3)!.saved_at;
    // The flag the pack raised, and only it: every other flag of the vehicle and the run is as it was.
    expect(marked()).toEqual([[V(1), 'destination_brand_restriction', { pack: 'RU', removed_at: at }]]);
    expect(queue().length).toBeGreaterThan(1);
    // The latest run's queue (no run named), one rule of it, sorted by a stored order, and the vehicle page's list.
    expect(listFlags(db, { start: 0, end: 100, filter: { rule: 'destination_brand_restriction' } }).rows.map((r) => r.pack_removed)).toEqual([{ pack: 'RU', removed_at: at }]);
    expect(listFlags(db, { start: 0, end: 100, sort: { col: 'vin', dir: 'desc' } }).rows.filter((r) => r.pack_removed).map((r) => r.vin)).toEqual([V(1)]);
    const vehicle = flagsForSubject(db, { vin: V(1) });
    expect(vehicle.find((r) => r.rule === 'destination_brand_restriction')!.pack_removed).toEqual({ pack: 'RU', removed_at: at });
    expect(vehicle.filter((r) => r.rule !== 'destination_brand_restriction').every((r) => r.pack_removed === undefined)).toBe(true);
    restoreRulePack(db, 'RU');
    expect(marked()).toEqual([]);
    expect(flagsForSubject(db, { vin: V(1) }).some((r) => r.pack_removed)).toBe(false);
  });

  it("marks its flags in the flag queue's export, the flags and the evidence sheet, with the words of the queue's badge title", async () => {
    exported(1, 'RU');
    exported(2, 'KZ');
    const { db } = f.caseFile;
    saveRulePack(db, RU, 'imported', 'ru.json');
    runRules(f.caseFile, {});
    const column = QUEUE_COLUMNS.indexOf('pack_removed');
    const marks = () => [...queueTable(db, { filter: {} }).rows].map((r) => [r[4], r[2], r[column]]).filter((r) => r[2] !== null);
    const evidence = () => {
      const sheet = queueEvidenceTable(db, { filter: {} });
      const at = sheet.columns.indexOf('pack_removed');
      return { at, marked: [...sheet.rows].filter((r) => r[at] !== null).map((r) => [r[0], r[1], r[at]]) };
    };
    expect(marks()).toEqual([]);
    expect(evidence().marked).toEqual([]);
    removeRulePack(db, 'RU');
    const at = packRevision(db, 'RU', 3)!.saved_at;
    const words = `Rule pack RU was removed from the case on ${at}: later rule runs do not use it; this flag stays as evidence.`;
    expect(marks()).toEqual([[V(1), 'destination_brand_restriction', words]]);
    const sheet = evidence();
    expect(sheet.at).toBeGreaterThan(0);
    expect(sheet.marked.length).toBeGreaterThan(0);
    expect(sheet.marked.every(([, rule, mark]) => rule === 'destination_brand_restriction' && mark === words)).toBe(true);
    // The CSV the queue's Export writes: the column named, the flag's row saying it.
    const out = join(temp.dir, `queue-${Date.now()}.csv`);
    await exportCase(db, { format: 'csv', out, flaggedOnly: false, unmaskIds: false, queue: { filter: { rule: 'destination_brand_restriction' } } });
    const csv = readFileSync(out, 'utf8');
    expect(csv.split(/\r?\n/)[0]).toMatch(/,pack_removed$/);
    expect(csv).toContain(words);
    restoreRulePack(db, 'RU');
    expect(marks()).toEqual([]);
  });

  it("marks its flags in the whole case's export as the queue's export does: the CSV, the workbook's flags and evidence sheets", async () => {
    exported(1, 'RU');
    exported(2, 'KZ');
    const { db } = f.caseFile;
    saveRulePack(db, RU, 'imported', 'ru.json');
    // The run's summary thread writes to the case file: done before the pack is removed and the case exported.
    await runRules(f.caseFile, {}).summary;
    removeRulePack(db, 'RU');
    const words = `Rule pack RU was removed from the case on ${packRevision(db, 'RU', 3)!.saved_at}: later rule runs do not use it; this flag stays as evidence.`;
    const queueMarks = [...queueTable(db, { filter: {} }).rows].map((r) => [r[0], r[QUEUE_COLUMNS.indexOf('pack_removed')]]).sort((a, b) => Number(a[0]) - Number(b[0]));
    expect(queueMarks.filter(([, mark]) => mark !== null)).toHaveLength(1);
    // The CSV of the case's flags: the column named last, the pack's flag saying it and no other.
    const csvOut = join(temp.dir, `case-${Date.now()}.csv`);
    await exportCase(db, { format: 'csv', out: csvOut, flaggedOnly: false, unmaskIds: false, table: 'flags' });
    const lines = readFileSync(csvOut, 'utf8').split(/\r?\n/).filter(Boolean);
    expect(lines[0]).toMatch(/,evidence,pack_removed$/);
    expect(lines.filter((l) => l.includes(words)).map((l) => l.includes('destination_brand_restriction') && l.includes(V(1)))).toEqual([true]);
    // The workbook: the flags sheet marked as the queue's rows, by flag id; every citation row of that flag on the evidence sheet.
    const xlsxOut = join(temp.dir, `case-${Date.now()}.xlsx`);
    await exportCase(db, { format: 'xlsx', out: xlsxOut, flaggedOnly: false, unmaskIds: false });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsxOut);
    const sheetRows = (name: string) => {
      const sheet = workbook.getWorksheet(name)!;
      const header = (sheet.getRow(1).values as unknown[]).slice(1);
      const rows = sheet.getRows(2, sheet.rowCount - 1) ?? [];
      return { header, rows: rows.map((r) => header.map((_, i) => r.getCell(i + 1).value ?? null)) };
    };
    const flags = sheetRows('flags');
    expect(flags.header.at(-1)).toBe('pack_removed');
    expect(flags.rows.map((r) => [r[0], r.at(-1)]).sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual(queueMarks);
    const evidence = sheetRows('evidence');
    expect(evidence.header.at(-1)).toBe('pack_removed');
    const marked = evidence.rows.filter((r) => r.at(-1) !== null);
    expect(marked.length).toBeGreaterThan(0);
    expect(marked.every((r) => r[1] === 'destination_brand_restriction' && r.at(-1) === words)).toBe(true);
    expect(evidence.rows.filter((r) => r[1] === 'destination_brand_restriction').length).toBe(marked.length);
    // Restored: the column stays, empty.
    restoreRulePack(db, 'RU');
    await exportCase(db, { format: 'csv', out: csvOut, flaggedOnly: false, unmaskIds: false, table: 'flags' });
    expect(readFileSync(csvOut, 'utf8')).not.toContain(words);
  });

  it('is undone by a restore, or by importing the pack again, each a new revision', () => {
    exported(1, 'RU');
    const { db } = f.caseFile;
    saveRulePack(db, RU, 'imported', 'ru.json');
    removeRulePack(db, 'RU');
    const restored = restoreRulePack(db, 'RU');
    expect([restored.revision, restored.origin, restored.sha256]).toEqual([4, 'restored', packRevision(db, 'RU', 2)!.sha256]);
    expect(currentRulePacks(db).map((p) => p.pack_id)).toEqual(['CN', 'JO', 'RU']);
    expect(removedRulePacks(db)).toEqual([]);
    expect(audit('packs.restore')).toMatchObject([{ subject: 'pack:RU', revision: 4, removed_revision: 3 }]);
    expect(runRules(f.caseFile, {}).counts.destination_brand_restriction).toBe(1);
    // The evidence sheet no longer calls it removed.
    expect(evidenceHtml(db, V(1), layout)).not.toContain('was removed');

    removeRulePack(db, 'RU');
    // The same file imported again brings it back (an unchanged import of a pack in use adds nothing).
    const again = saveRulePack(db, RU, 'imported', 'ru.json');
    expect([again.changed, again.stored.revision, again.stored.origin]).toEqual([true, 6, 'imported']);
    expect(saveRulePack(db, RU, 'imported', 'ru.json').changed).toBe(false);
    expect(currentRulePacks(db).map((p) => p.pack_id)).toEqual(['CN', 'JO', 'RU']);
    expect(verifyAuditChain(db).breaks).toEqual([]);
  });
});

async function run(command: CliCommand, ...argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await command.run(argv, { out: (t) => { out += `${t}\n`; }, err: () => undefined });
  return { code, out };
}

describe('zeromile packs --remove / --restore', () => {
  it('removes a pack, lists it as removed, restores it; one action at a time', async () => {
    const path = join(temp.dir, 'cli.zmcase');
    openCaseFile(path, { create: { title: 'packs' } }).close();
    const removed = await run(packsCommand, path, '--remove', 'jo');
    expect(removed.code).toBe(0);
    expect(removed.out).toBe('removed pack JO (revision 2): the next rule run does not use it\n  0 flags of 0 earlier runs name it and stay as evidence; undo with --restore JO\n');
    const listed = await run(packsCommand, path);
    expect(listed.out).toMatch(/^JO {2}Jordan.* removed \d{4}-\d\d-\d\dT.*\(revision 2\): rule runs do not use it; --restore JO brings it back$/m);
    expect(listed.out).toContain('  JO-minimum-use  destination_min_use  removed');
    const json = JSON.parse((await run(packsCommand, path, '--json')).out) as { packs: { id: string }[]; removed: { id: string; revision: number; clauses: string[] }[] };
    expect(json.packs.map((p) => p.id)).toEqual(['CN', 'RU']);
    expect(json.removed).toMatchObject([{ id: 'JO', revision: 2, clauses: ['JO-minimum-use'] }]);
    await expect(run(packsCommand, path, '--remove', 'JO')).rejects.toThrow(/removed already/);
    expect(JSON.parse((await run(packsCommand, path, '--restore', 'JO', '--json')).out)).toEqual({ pack_id: 'JO', revision: 3 });
    expect(JSON.parse((await run(packsCommand, path, '--json')).out)).toMatchObject({ removed: [] });
    await expect(run(packsCommand, path, '--remove', 'JO', '--restore', 'JO')).rejects.toThrow('give one of --import, --export, --remove or --restore, not --remove and --restore');
  });
});
