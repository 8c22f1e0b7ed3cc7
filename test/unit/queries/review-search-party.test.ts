import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../electron/backend/casefile/audit';
import { listFlags } from '../../../electron/backend/queries/flag-queries';
import { partyNetwork } from '../../../electron/backend/queries/party-network-queries';
import { partyDetail, partyVehicles } from '../../../electron/backend/queries/party-queries';
import { recordSource } from '../../../electron/backend/queries/record-source';
import { addNote, listNotes, listTags, setReview, setTags } from '../../../electron/backend/queries/review-queries';
import { search } from '../../../electron/backend/queries/search-queries';
import { listParties, listRejected, listVehicles } from '../../../electron/backend/queries/table-grids';
import { everyMonth, overview } from '../../../electron/backend/stats/overview-charts';
import { CASE_ZH } from '../../../shared/i18n/case-zh';
import { renderMessage } from '../../../shared/i18n/message';
import { PLATE_KEY_SQL } from '../../../shared/search-key';
import { normalizeName } from '../../../shared/text';
import { createQueryFixture, type QueryFixture } from './workbench-fixture';

let fx: QueryFixture;
beforeEach(() => { fx = createQueryFixture(120); });
afterEach(() => fx.remove());

describe('review', () => {
  it('needs a reason to dismiss, marks every run\'s flag with the key, and audits the verdict', () => {
    const db = fx.caseFile.db;
    const flag = listFlags(db, { start: 0, end: 1 }).rows[0]!;
    expect(() => setReview(db, { flag_key: flag.flag_key, status: 'dismissed' })).toThrow(/needs a reason/);
    expect(() => setReview(db, { flag_key: flag.flag_key, status: 'dismissed', reason: '   ' })).toThrow(/needs a reason/);
    expect(() => setReview(db, { flag_key: 'nope', status: 'confirmed' })).toThrow(/No flag with key/);
    setReview(db, { flag_key: flag.flag_key, status: 'dismissed', reason: 'dealer demo car, not exported' });
    const statuses = db.prepare('SELECT DISTINCT status FROM flags WHERE flag_key = ?').all(flag.flag_key) as { status: string }[];
    expect(statuses).toEqual([{ status: 'dismissed' }]);
    expect(db.prepare('SELECT count(*) AS n FROM flags WHERE flag_key = ?').get(flag.flag_key)).toEqual({ n: 2 });
    const dismissed = listFlags(db, { start: 0, end: 10, count: true, filter: { status: 'dismissed' } });
    expect(dismissed.count).toBe(1);
    expect(dismissed.rows[0]!.flag_key).toBe(flag.flag_key);
    const audit = db.prepare("SELECT action, subject, detail FROM audit_log WHERE action = 'review.set'").all() as { subject: string; detail: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]!.subject).toBe(flag.flag_key);
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ status: 'dismissed', reason: 'dealer demo car, not exported' });
    setReview(db, { flag_key: flag.flag_key, status: 'follow_up' });
    expect(listFlags(db, { start: 0, end: 10, count: true, filter: { status: 'follow_up' } }).count).toBe(1);
    expect(verifyAuditChain(db).breaks).toEqual([]);
  });

  it('keeps notes and tags per subject, audited', () => {
    const db = fx.caseFile.db;
    const vin = fx.vins[0]!;
    addNote(db, 'vehicle', vin, 'Called the dealer.');
    expect(() => addNote(db, 'vehicle', vin, '  ')).toThrow(/empty/);
    expect(listNotes(db, 'vehicle', vin).map((n) => n.body)).toEqual(['Called the dealer.']);
    expect(setTags(db, 'party', '2', ['shell', ' shell ', 'cn-export', ''])).toEqual(['cn-export', 'shell']);
    expect(listTags(db, 'party', '2')).toEqual(['cn-export', 'shell']);
    expect(listTags(db, 'party', '3')).toEqual([]);
    expect((db.prepare("SELECT count(*) AS n FROM audit_log WHERE action IN ('note.add', 'tags.set')").get() as { n: number }).n).toBe(2);
  });
});

describe('search', () => {
  it('finds a vehicle by VIN, part of a VIN, plate, invoice and declaration number', () => {
    const db = fx.caseFile.db;
    const vin = fx.vins[4]!;
    expect(search(db, vin)[0]).toMatchObject({ kind: 'vehicle', vin });
    expect(search(db, vin.slice(-6).toLowerCase()).some((h) => h.kind === 'vehicle' && h.vin === vin)).toBe(true);
    expect(search(db, '川A10004')[0]).toMatchObject({ kind: 'vehicle', vin });
    // However the plate's dot and spaces are written, through the index on its key (no scan of a million registrations).
    for (const written of ['川A·10004', '川a 10004', ' 川A•1000 4', '川A-10004']) expect(search(db, written)[0], written).toMatchObject({ kind: 'vehicle', vin });
    db.prepare("UPDATE registrations SET plate = '川A·10004' WHERE plate = '川A10004'").run();
    expect(search(db, '川A10004')[0]).toMatchObject({ kind: 'vehicle', vin });
    const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT vin FROM registrations WHERE ${PLATE_KEY_SQL('plate')} = ?`).all('川A10004') as { detail: string }[];
    expect(plan.map((p) => p.detail).join('; ')).toMatch(/SEARCH registrations USING INDEX registrations_plate_key/);
    expect(search(db, 'INV1004')[0]).toMatchObject({ kind: 'vehicle', vin });
    expect(search(db, 'DEC5004')[0]).toMatchObject({ kind: 'vehicle', vin });
    expect(search(db, 'x')).toEqual([]);
  });

  it('finds a party by name in either script, by alias and by USCC', () => {
    const db = fx.caseFile.db;
    expect(search(db, '成都蓉欧')[0]).toMatchObject({ kind: 'party', party_id: fx.parties.trader });
    expect(search(db, 'chengdu rongou auto trading')[0]).toMatchObject({ kind: 'party', party_id: fx.parties.trader });
    expect(search(db, 'silk road')[0]).toMatchObject({ kind: 'party', party_id: fx.parties.exporter });
    expect(search(db, '91440300279337968D')[0]).toMatchObject({ kind: 'party', party_id: fx.parties.maker });
  });

  it("masks a person's ID number in every hit, also when found by that number or its beginning, and gives the detail as a message", () => {
    const db = fx.caseFile.db;
    const idNumber = '610100196909261381';
    const insert = db.prepare('INSERT INTO parties (name, norm_name, party_id, id_kind, id_valid, is_person) VALUES (?, ?, ?, ?, 1, ?)');
    const person = Number(insert.run('王伟', normalizeName('王伟'), idNumber, 'person_id', 1).lastInsertRowid);
    // A company recorded with a person's ID number (a sole trader): masked too, as on every screen.
    const soleTrader = Number(insert.run('王伟汽车商行', normalizeName('王伟汽车商行'), '610100197001011234', 'person_id', 0).lastInsertRowid);
    db.prepare('INSERT INTO party_aliases (party_id, name, norm_name) VALUES (?, ?, ?)').run(person, 'Wang Wei', normalizeName('Wang Wei'));
    const masked = '610100***********1';
    for (const q of ['王伟', idNumber, idNumber.slice(0, 10), '610100', ` ${idNumber.slice(0, 12)} `]) {
      const hits = search(db, q);
      expect(hits.find((h) => h.kind === 'party' && h.party_id === person), q).toMatchObject({ label: '王伟', detail: masked });
      expect(JSON.stringify(hits), q).not.toContain(idNumber);
      expect(JSON.stringify(hits), q).not.toContain('610100197001011234');
    }
    expect(search(db, '王伟汽车').find((h) => h.kind === 'party' && h.party_id === soleTrader)?.detail).toBe('610100***********4');
    // The number's beginning is looked up through the index on party_id, not by a scan of every party.
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT id, name, party_id, is_person FROM parties WHERE party_id >= ? AND party_id < ? ORDER BY party_id LIMIT ?').all('610100', '610100\uffff', 12) as { detail: string }[];
    expect(plan.map((p) => p.detail).join('; ')).toMatch(/SEARCH parties USING INDEX parties_party_id/);
    // An organisation's USCC stays whole, found by its beginning as well.
    expect(search(db, '9144030027')[0]).toMatchObject({ kind: 'party', party_id: fx.parties.maker, detail: '91440300279337968D' });
    // The detail of an alias, plate, invoice or declaration hit is a message the screen renders in its language.
    const alias = search(db, 'wang wei').find((h) => h.kind === 'party' && h.party_id === person)!;
    expect(alias).toMatchObject({ detail: 'alias Wang Wei', detail_msg: { key: 'search_hit.alias', params: { alias: 'Wang Wei' } } });
    expect(renderMessage(alias.detail_msg!, CASE_ZH)).toBe('别名 Wang Wei');
    expect(renderMessage(search(db, '川A10004')[0]!.detail_msg!, CASE_ZH)).toBe('号牌 川A10004，Chengdu');
    expect(renderMessage(search(db, 'INV1004')[0]!.detail_msg!, CASE_ZH)).toBe('发票 INV1004');
    expect(renderMessage(search(db, 'DEC5004')[0]!.detail_msg!, CASE_ZH)).toBe('报关单 DEC5004');
  });
});

describe('party', () => {
  it('gives figures, aliases, vehicles and a makers -> party -> buyers network within a period', () => {
    const db = fx.caseFile.db;
    const trader = partyDetail(db, fx.parties.trader);
    expect(trader.aliases).toEqual(['Chengdu Rongou Auto Trading']);
    expect(trader.figures).toMatchObject({ vehicles_bought: 20, invoices_bought: 20, vehicles_bought_new: 20, vehicles_sold: 20, vehicles_exported: 0 });
    const exporter = partyDetail(db, fx.parties.exporter);
    expect(exporter.figures.vehicles_exported).toBe(20);
    // Bought 2024-03-10, exported 2024-04-02 / 05-02 / 06-02.
    expect(exporter.figures.median_days_held).toBe(53);
    const net = partyNetwork(db, fx.parties.trader);
    const roles = Object.fromEntries(net.nodes.map((n) => [n.id, n.role]));
    expect(roles[fx.parties.maker]).toBe('maker');
    expect(roles[fx.parties.exporter]).toBe('exporter');
    expect(net.edges).toContainEqual(expect.objectContaining({ source: fx.parties.maker, target: fx.parties.trader, vehicles: 20 }));
    expect(partyNetwork(db, fx.parties.trader, '2025-01-01', '2025-12-31').edges).toEqual([]);
    const exporterNet = partyNetwork(db, fx.parties.exporter, '2024-04-01', '2024-04-30');
    expect(exporterNet.edges.find((e) => e.target === fx.parties.consignee)?.vehicles).toBe(7);
    // What the link chart groups and filters by: destination country of a consignee, months for the slider.
    const consignee = exporterNet.nodes.find((n) => n.id === fx.parties.consignee)!;
    expect(consignee.country).toMatch(/^[A-Z]{2}$/);
    expect(consignee.flagged).toBeGreaterThanOrEqual(0);
    expect(exporterNet.months!.reduce((s, m) => s + m.vehicles, 0)).toBeGreaterThanOrEqual(20);
    expect(partyVehicles(db, fx.parties.exporter)).toHaveLength(20);
    expect(() => partyDetail(db, 9999)).toThrow(/No party/);
  });
});

describe('plain grids and sources', () => {
  it('sorts vehicles and parties from allowlists and keeps document text as data', () => {
    const db = fx.caseFile.db;
    const byVin = listVehicles(db, { start: 0, end: 100, count: true, sort: { col: 'vin', dir: 'desc' } });
    expect(byVin.count).toBe(20);
    expect(byVin.rows.map((r) => r.vin)).toEqual([...fx.vins].sort().reverse());
    expect(listVehicles(db, { start: 0, end: 100, count: true, filter: { maker: 'BYD' } }).count).toBe(10);
    expect(() => listVehicles(db, { start: 0, end: 1, sort: { col: 'model', dir: 'asc' } })).toThrow(/Cannot sort/);
    const evil = listParties(db, { start: 0, end: 10, filter: { name: '<img' } }).rows;
    expect(evil.map((p) => p.name)).toEqual(['<img src=x onerror=alert(1)>']);
    expect(listRejected(db, { start: 0, end: 10, count: true }).count).toBe(0);
  });

  it('opens the source of a record: document, hash, row and raw cells', () => {
    const db = fx.caseFile.db;
    const id = (db.prepare('SELECT id FROM sales ORDER BY id LIMIT 1').get() as { id: number }).id;
    const source = recordSource(db, 'sales', id);
    expect(source).toMatchObject({ file_name: 'sales.csv', sha256: 'a'.repeat(64), row_no: 2, raw: { 发票号码: 'X' } });
    expect(() => recordSource(db, 'sales', 99999)).toThrow(/No sales record/);
  });

  it('summarises the case for the overview', () => {
    const o = overview(fx.caseFile.db);
    expect(o.counts.vehicles).toBe(20);
    expect(o.flags_by_rule.reduce((s, b) => s + b.value, 0)).toBe(120);
    expect(o.exports_by_destination.length).toBeGreaterThan(0);
    expect(o.days_histogram.reduce((s, b) => s + b.value, 0) + o.days_unplaced.no_registration + o.days_unplaced.exported_before_registration).toBe(o.counts.vehicles);
    expect(o.inflation_by_city.map((c) => c.city).sort()).toEqual(['Chengdu', "Xi'an"]);
  });
});

describe('months of the overview', () => {
  it('fills the months without exports with 0, so the axis has no gaps', () => {
    const bar = (key: string, value: number) => ({ key, label: key, value });
    expect(everyMonth([bar('2024-11', 2), bar('2025-02', 5)]).map((b) => [b.key, b.value])).toEqual([
      ['2024-11', 2], ['2024-12', 0], ['2025-01', 0], ['2025-02', 5],
    ]);
    expect(everyMonth([])).toEqual([]);
    expect(everyMonth([bar('1900-01', 1), bar('2999-12', 1)])).toHaveLength(1200);
  });
});
