import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { appendAudit, verifyAuditChain } from '../../../electron/backend/casefile/audit';
import { loadEvidenceSheet } from '../../../electron/backend/export/evidence/evidence-data';
import { evidenceSheetHtml } from '../../../electron/backend/export/evidence/evidence-sheet';
import { registerCitation } from '../../../electron/backend/export/evidence-citation';
import { queueEvidenceTable, queueSql, queueTable } from '../../../electron/backend/export/queue-table';
import { writeCsv } from '../../../electron/backend/export/csv';
import { writeXlsxTables } from '../../../electron/backend/export/xlsx';
import { HANDLERS } from '../../../electron/backend/handlers/index';
import { dispatch, type HandlerContext } from '../../../electron/backend/handlers/handler-table';
import { listFlags } from '../../../electron/backend/queries/flag-queries';
import { latestRunId } from '../../../electron/backend/casefile/latest-run';
import { CaseSession } from '../../../electron/backend/session/case-session';
import type { FlagRow } from '../../../shared/contract/flags';
import { queryPlan, recordQueries, scansInLoops } from '../../support/query-plan';
import { createQueryFixture, type QueryFixture } from './workbench-fixture';

/** Issue 19 item 1: verdicts on several flags with undo, who gave each verdict, saved filters, the queue's export. */
let fx: QueryFixture;
let session: CaseSession;
let ctx: HandlerContext;
let dir: string;
beforeAll(() => {
  fx = createQueryFixture(120);
  dir = fx.caseFile.path.replace(/[/\\][^/\\]+$/, '');
  fx.caseFile.db.pragma('wal_checkpoint(TRUNCATE)');
  session = new CaseSession();
  session.open(fx.caseFile.path);
  ctx = { session, caseFile: () => session.require(), emit: () => {}, signal: new AbortController().signal };
});
afterAll(() => { session.close(); fx.remove(); });

const call = async <T>(name: string, args: unknown): Promise<T> => {
  const r = await dispatch(HANDLERS, ctx, name, args);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
};
const db = () => session.require().db;
const statusOf = (key: string) => (db().prepare('SELECT status FROM flags WHERE flag_key = ? AND run_id = ?').get(key, latestRunId(db())) as { status: string }).status;

describe('verdicts on several flags', () => {
  it('are given in one transaction with the session analyst, undone to what each had, and kept in each flag\'s history', async () => {
    const flags = listFlags(db(), { start: 0, end: 5 }).rows;
    await call('review:set', { flag_key: flags[0]!.flag_key, status: 'dismissed', reason: 'dealer stock', analyst: 'Li Wei' });
    type Done = { review: { analyst: string }; previous: { status: string; reason: string | null } }[];
    const done = await call<Done>('review:set-many', { verdicts: flags.map((f) => ({ flag_key: f.flag_key, status: 'confirmed' })), analyst: '  Wang Fang ' });
    expect(done.map((d) => d.previous.status)).toEqual(['dismissed', 'open', 'open', 'open', 'open']);
    expect(done[0]!.previous.reason).toBe('dealer stock');
    expect(done.every((d) => d.review.analyst === 'Wang Fang')).toBe(true);
    expect(flags.map((f) => statusOf(f.flag_key))).toEqual(Array(5).fill('confirmed'));

    // All or none: one unknown key leaves every flag as it was.
    const bad = await dispatch(HANDLERS, ctx, 'review:set-many', { verdicts: [{ flag_key: flags[1]!.flag_key, status: 'follow_up' }, { flag_key: 'nope', status: 'follow_up' }] });
    expect(bad).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(statusOf(flags[1]!.flag_key)).toBe('confirmed');
    // A dismissal without a reason is refused before anything is written.
    expect(await dispatch(HANDLERS, ctx, 'review:set-many', { verdicts: [{ flag_key: flags[1]!.flag_key, status: 'dismissed' }] })).toMatchObject({ ok: false, error: { code: 'bad_argument' } });
    // A name with a line break or a bidi override is not an actor the audit log takes.
    expect(await dispatch(HANDLERS, ctx, 'review:set', { flag_key: flags[1]!.flag_key, status: 'open', analyst: 'a\nb' })).toMatchObject({ ok: false, error: { code: 'bad_argument' } });

    // Undo: each flag back to its own previous verdict (the first to its dismissal and reason).
    await call('review:set-many', { verdicts: flags.map((f, i) => ({ flag_key: f.flag_key, status: done[i]!.previous.status, ...(done[i]!.previous.reason ? { reason: done[i]!.previous.reason } : {}) })), analyst: 'Wang Fang' });
    expect(flags.map((f) => statusOf(f.flag_key))).toEqual(['dismissed', 'open', 'open', 'open', 'open']);

    type Entry = { at: string; analyst: string; status: string; reason: string | null };
    const history = await call<Record<string, Entry[]>>('review:history', { flag_keys: [flags[0]!.flag_key, flags[1]!.flag_key] });
    expect(history[flags[0]!.flag_key]!.map((e) => [e.analyst, e.status, e.reason])).toEqual([
      ['Li Wei', 'dismissed', 'dealer stock'], ['Wang Fang', 'confirmed', null], ['Wang Fang', 'dismissed', 'dealer stock'],
    ]);
    expect(history[flags[1]!.flag_key]!.map((e) => e.status)).toEqual(['confirmed', 'open']);
    expect(Date.parse(history[flags[0]!.flag_key]![0]!.at)).not.toBeNaN();
    expect(verifyAuditChain(db()).breaks).toEqual([]);
  });

  it('records no name where no analyst name is set, and shows it so on screen data and paper', async () => {
    const flag = listFlags(db(), { start: 10, end: 11 }).rows[0]!;
    await call('review:set', { flag_key: flag.flag_key, status: 'follow_up' });
    // No word in a name's place: the entry holds no name, and its history says none.
    expect(db().prepare("SELECT actor FROM audit_log WHERE subject = ? AND action = 'review.set'").pluck().all(flag.flag_key)).toEqual(['']);
    // An entry of an earlier version, which recorded the word 'analyst' where no name was set, is read as no name too.
    db().transaction(() => appendAudit(db(), { action: 'review.set', subject: flag.flag_key, detail: { status: 'follow_up', reason: null }, actor: 'analyst' }))();
    const history = await call<Record<string, { analyst: string | null; status: string }[]>>('review:history', { flag_keys: [flag.flag_key] });
    expect(history[flag.flag_key]!.map((e) => [e.analyst, e.status])).toEqual([[null, 'follow_up'], [null, 'follow_up']]);
    const subject = { subject_type: 'vehicle', subject_id: flag.vin };
    await call('tags:set', { ...subject, tags: ['unnamed'] });
    expect(await call('tags:changed', subject)).toMatchObject({ analyst: null });
    await call('notes:add', { ...subject, body: 'no name on this one' });
    // The evidence sheet says it in the page's language, for the verdict and the note.
    const sheet = loadEvidenceSheet(db(), flag.vin!);
    const text = (lang: 'en' | 'zh') => evidenceSheetHtml(sheet, { paper: 'a4', landscape: false, unmaskIds: false, lang }).replace(/<[^>]+>/g, ' ');
    expect(text('en').match(/no analyst name set/g)?.length).toBe(2);
    expect(text('zh').match(/未设置分析员姓名/g)?.length).toBe(2);
    expect(verifyAuditChain(db()).breaks).toEqual([]);
  });

  it('records who wrote a note and changed tags, and when', async () => {
    const subject = { subject_type: 'vehicle', subject_id: fx.vins[0] };
    const note = await call<{ analyst: string }>('notes:add', { ...subject, body: 'seen at the port', analyst: 'Zhao Min' });
    expect(note.analyst).toBe('Zhao Min');
    expect(await call('tags:changed', subject)).toBeNull();
    await call('tags:set', { ...subject, tags: ['port'], analyst: 'Zhao Min' });
    expect(await call('tags:changed', subject)).toMatchObject({ analyst: 'Zhao Min' });
    // Without a session name the case's analyst is recorded.
    await call('case:update-meta', { analyst: 'Case Lead' });
    expect((await call<{ analyst: string }>('notes:add', { ...subject, body: 'second' })).analyst).toBe('Case Lead');
  });

  it('finds a flag\'s history through the audit log\'s subject index', () => {
    const plan = queryPlan(db(), "SELECT id, at, actor, detail FROM audit_log WHERE subject = ? AND action = 'review.set' ORDER BY id", ['x']).map((r) => r.detail);
    expect(plan.join('\n')).toMatch(/SEARCH audit_log USING INDEX audit_log_subject \(subject=\?\)/);
    expect(plan.join('\n')).not.toMatch(/TEMP B-TREE/);
  });
});

describe('saved filters', () => {
  it('are kept in the case file by name, replaced, deleted, audited; foreign query keys are refused', async () => {
    await call('filters:save', { name: 'RU zero-mileage', query: { rule: 'zero_mileage_export', destination: 'RU' }, sort: { col: 'days', dir: 'asc' }, analyst: 'Li Wei' });
    await call('filters:save', { name: 'Open', query: { status: 'open' }, sort: null });
    await call('filters:save', { name: 'RU zero-mileage', query: { rule: 'zero_mileage_export', destination: 'RU', status: 'open' }, sort: null });
    const list = await call<{ name: string; query: Record<string, string>; sort: unknown; analyst: string | null }[]>('filters:list', {});
    expect(list.map((f) => f.name)).toEqual(['Open', 'RU zero-mileage']);
    expect(list[1]).toMatchObject({ query: { rule: 'zero_mileage_export', destination: 'RU', status: 'open' }, sort: null });
    expect(await dispatch(HANDLERS, ctx, 'filters:save', { name: 'x', query: { sql: 'drop' }, sort: null })).toMatchObject({ ok: false, error: { code: 'bad_argument' } });
    expect(await dispatch(HANDLERS, ctx, 'filters:save', { name: '  ', query: {}, sort: null })).toMatchObject({ ok: false, error: { code: 'bad_argument' } });
    expect(await dispatch(HANDLERS, ctx, 'filters:save', { name: 'x', query: {}, sort: { col: 'reason; drop', dir: 'asc' } })).toMatchObject({ ok: false, error: { code: 'bad_argument' } });
    expect(await call('filters:delete', { name: 'Open' })).toEqual({ deleted: true });
    expect(await call('filters:delete', { name: 'Open' })).toEqual({ deleted: false });
    const actions = db().prepare("SELECT action FROM audit_log WHERE action LIKE 'filter.%' ORDER BY id").pluck().all();
    expect(actions).toEqual(['filter.save', 'filter.save', 'filter.save', 'filter.delete']);
  });
});

describe('the flag queue\'s export', () => {
  const filter = { status: 'open' as const, destination: 'RU' };
  const sort = { col: 'days', dir: 'desc' as const };
  it('writes the queue as filtered and sorted on screen, as CSV and XLSX, through export:file', async () => {
    const queue = listFlags(db(), { start: 0, end: 1000, count: true, filter, sort });
    expect(queue.count).toBeGreaterThan(10);
    const csv = join(dir, 'queue.csv');
    const done = await call<{ counts: Record<string, number> }>('export:file', { format: 'csv', path: csv, queue: { filter, sort } });
    expect(done.counts).toEqual({ flags: queue.count });
    const lines = readFileSync(csv, 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('flag_id,run_id,rule,severity,vin,party,reason,maker,exporter,destination,days,km,verdict,verdict_reason,verdict_analyst,verdict_at,evidence,pack_removed');
    expect(lines.slice(1).map((l) => Number(l.split(',')[0]))).toEqual(queue.rows.map((r: FlagRow) => r.id));

    const xlsx = join(dir, 'queue.xlsx');
    // With the evidence sheet of the queue's flags: every citation, one a row, none cut (a workbook cuts a long evidence cell).
    // The fixture's flags cite nothing: three of the queue's cite the sales, and one flag outside it too.
    const queueIds = queue.rows.map((r: FlagRow) => r.id);
    const outside = db().prepare(`SELECT id FROM flags WHERE run_id = ? AND id NOT IN (${queueIds.join(',')}) LIMIT 1`).pluck().get(latestRunId(db())) as number;
    const cite = db().prepare("INSERT INTO flag_evidence (flag_id, record_kind, record_id, document_id, row_no, page) SELECT ?, 'sales', id, document_id, row_no, page FROM sales WHERE id <= ?");
    for (const [flag, sales] of [[queueIds[0]!, 3], [queueIds[1]!, 1], [queueIds[5]!, 40], [outside, 2]] as const) cite.run(flag, sales);
    onTestFinished(() => { db().prepare(`DELETE FROM flag_evidence WHERE flag_id IN (${[queueIds[0], queueIds[1], queueIds[5], outside].join(',')})`).run(); });
    const cited = db().prepare(`SELECT flag_id, record_kind, record_id FROM flag_evidence WHERE flag_id IN (${queueIds.join(',')}) ORDER BY 1, 2, 3`).raw(true).all() as unknown[][];
    expect(cited.length).toBe(44);
    expect((await call<{ counts: Record<string, number> }>('export:file', { format: 'xlsx', path: xlsx, queue: { filter, sort } })).counts).toEqual({ flags: queue.count, evidence: cited.length });
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx);
    const ids = book.getWorksheet('flags')!.getSheetValues().slice(2).map((r) => Number((r as unknown[])[1]));
    expect(ids).toEqual(queueIds);
    const evidence = book.getWorksheet('evidence')!.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1));
    expect(evidence.map((r) => [Number(r[0]), r[4], Number(r[5])])).toEqual(cited);
    expect(evidence.every((r) => / sha256:[0-9a-f]{64}$/.test(String(r[11])))).toBe(true);
    expect(await dispatch(HANDLERS, ctx, 'export:file', { format: 'ftm', path: join(dir, 'q.ftm'), queue: { filter } })).toMatchObject({ ok: false, error: { code: 'bad_argument' } });
  });

  it('goes on to a next sheet past a sheet\'s rows (Excel holds 1,048,575 below the header)', async () => {
    const path = join(dir, 'split.xlsx');
    const counts = await writeXlsxTables(path, [queueTable(db(), { filter: {} })], 100);
    expect(counts.flags).toBe(120);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    expect(book.worksheets.map((w) => [w.name, w.rowCount])).toEqual([['flags', 101], ['flags (2)', 21]]);
    await writeCsv(queueTable(db(), { filter: {} }), join(dir, 'all.csv'));
  });

  it('reads the run through its index, one evidence look-up per flag (no scan inside a loop)', () => {
    // As the queue export does before it prepares the query (it cites each evidence row with zm_citation).
    registerCitation(db());
    for (const s of [null, sort, { col: 'id', dir: 'asc' as const }]) {
      const { sql, params } = queueSql(latestRunId(db())!, { filter: { rule: 'zero_mileage_export', status: 'open' }, sort: s });
      const plan = queryPlan(db(), sql, params).map((r) => r.detail);
      expect(plan.filter((d) => /^SCAN (f|flags|p|r|e|d)\b/.test(d))).toEqual([]);
    }
    // The queue's evidence sheet: the queue's flags by the run's index, each flag's evidence by its key.
    const recorder = recordQueries(db());
    try {
      expect([...queueEvidenceTable(db(), { filter: { rule: 'zero_mileage_export', status: 'open' } }).rows]).toEqual([]);
    } finally {
      recorder.stop();
    }
    // Besides the removed rule packs (removedRulePacks: a handful of rows of rule_packs p, read once for the pack_removed column).
    const plans = recorder.queries.filter((q) => !/FROM rule_packs p\b/.test(q.sql)).map((q) => q.plan ?? []);
    expect(recorder.queries.filter((q) => /FROM rule_packs p\b/.test(q.sql))).toHaveLength(1);
    expect(plans.some((plan) => plan.some((r) => /^SEARCH e USING PRIMARY KEY \(flag_id=\?\)/.test(r.detail)))).toBe(true);
    expect(plans.flatMap((plan) => plan.filter((r) => /^SCAN (f|flags|p|e|d)\b/.test(r.detail)))).toEqual([]);
    expect(plans.flatMap(scansInLoops)).toEqual([]);
  });
});
