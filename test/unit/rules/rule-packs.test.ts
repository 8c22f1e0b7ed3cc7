import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { currentRulePacks, packRevision, saveRulePack } from '../../../electron/backend/casefile/rule-packs';
import { verifyAuditChain } from '../../../electron/backend/casefile/audit';
import { SAMPLE_PACKS } from '../../../electron/backend/demo/sample-packs';
import { runRules } from '../../../electron/backend/rules/runner';
import { listFlags } from '../../../electron/backend/queries/flag-queries';
import { evidenceHtml } from '../../../electron/backend/export/print-service';
import { packDestinations } from '../../../electron/backend/stats/pack-destinations';
import type { FlagFilter } from '../../../shared/contract/flags';
import { checkRulePack, clauseState, rulePack, type RulePack } from '../../../shared/rule-packs';
import { flagsOf, flaggedVins } from '../../support/flag-query';
import { ROOT } from '../../support/paths';
import { createFixture, fixtureVin, type Fixture } from '../../support/record-fixture';

let f: Fixture;
beforeEach(() => { f = createFixture(); });
afterEach(() => f.remove());

const V = (n: number) => fixtureVin(n);
const PACKS_DIR = join(ROOT, 'resources', 'rule-packs');

/** A vehicle of `make`, first registered on `reg`, declared for export as `condition` to `country` on `exp`. */
function exported(n: number, o: { make: string | null; reg: string | null; exp: string; country: string; km?: number | null; condition?: 'new' | 'used' }): void {
  f.vehicle(V(n), { manufacturer: 'Chery Automobile' });
  f.caseFile.db.prepare('UPDATE vehicles SET make = ? WHERE vin = ?').run(o.make, V(n));
  if (o.reg) f.registration({ vin: V(n), date: o.reg, owner: 'Chengdu Trade Co' });
  const id = f.export({ vin: V(n), date: o.exp, exporter: 'Chengdu Trade Co', country: o.country, km: o.km ?? 20 });
  f.caseFile.db.prepare('UPDATE exports SET condition = ? WHERE id = ?').run(o.condition ?? 'used', id);
}

function pack(id: string, clauses: RulePack['clauses'], version = 1): RulePack {
  return { format: 1, id, version, name: { en: id, zh: id }, clauses };
}

const brands = (list: string[], from: string | null, to: string | null = null): RulePack['clauses'][number] => ({
  id: `${list.length}-brands`, rule: 'destination_brand_restriction', title: { en: 'brands', zh: '品牌' },
  params: { brands: list }, effective_from: from, effective_to: to, source: 'test regulation 1',
});

describe('rule packs', () => {
  it('ships CN, RU and JO in every new case, valid, with the unconfirmed clauses inactive', () => {
    const packs = currentRulePacks(f.caseFile.db);
    expect(packs.map((p) => [p.pack_id, p.revision, p.origin])).toEqual([['CN', 1, 'shipped'], ['JO', 1, 'shipped'], ['RU', 1, 'shipped']]);
    const states = Object.fromEntries(packs.map((p) => {
      const checked = checkRulePack(JSON.parse(p.content));
      if (!checked.ok) throw new Error(checked.problems.join('; '));
      return [p.pack_id, checked.pack.clauses.map((c) => clauseState(c, '2026-12-04'))];
    }));
    expect(states).toEqual({ CN: ['active'], JO: ['missing_parameter'], RU: ['missing_parameter'] });
  });

  it('publishes the JSON Schema the pack files are checked against', () => {
    const published = JSON.parse(readFileSync(join(PACKS_DIR, 'rule-pack.schema.json'), 'utf8')) as Record<string, unknown>;
    const { $id: _id, title: _title, ...rest } = published;
    expect(rest).toEqual(z.toJSONSchema(rulePack, { io: 'input', unrepresentable: 'any' }));
    // Any JSON Schema tool reads it: the shipped packs and the demo's samples pass, a bad one fails.
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(published);
    for (const file of ['CN.json', 'RU.json', 'JO.json']) expect(validate(JSON.parse(readFileSync(join(PACKS_DIR, file), 'utf8'))), file).toBe(true);
    for (const sample of SAMPLE_PACKS) expect(validate(sample), sample.id).toBe(true);
    expect(validate({ ...SAMPLE_PACKS[0], id: 'Russia' })).toBe(false);
  });

  it('refuses a pack that fails its schema, naming the path of the bad field, and saves nothing', () => {
    const bad = JSON.parse(readFileSync(join(PACKS_DIR, 'RU.json'), 'utf8')) as { clauses: { params: { brands: unknown[] }; effective_from: string }[] };
    bad.clauses[0]!.params.brands = ['Chery', 7];
    bad.clauses[0]!.effective_from = '2023-02-30';
    expect(() => saveRulePack(f.caseFile.db, bad, 'imported', 'ru-pack.json')).toThrow(
      /ru-pack\.json was refused: it is not a valid rule pack \(clauses\[0\]\.effective_from: not a calendar date; clauses\[0\]\.params\.brands\[1\] must be text in quotes, not the number 7\)/);
    expect(packRevision(f.caseFile.db, 'RU')!.revision).toBe(1);
  });

  it('flags a used export of a listed brand from the clause\'s effective_from on, and not before or after its end', () => {
    exported(1, { make: 'Chery', reg: '2024-01-01', exp: '2024-05-31', country: 'RU' }); // the day before: no
    exported(2, { make: 'chery ', reg: '2024-01-01', exp: '2024-06-01', country: 'RU' }); // the first day: flagged
    exported(3, { make: 'Chery', reg: '2024-01-01', exp: '2024-07-01', country: 'RU', condition: 'new' }); // declared new: no
    exported(4, { make: 'Chery', reg: '2024-01-01', exp: '2024-07-01', country: 'KZ' }); // another country: no
    exported(5, { make: 'BYD', reg: '2024-01-01', exp: '2024-07-01', country: 'RU' }); // brand not listed: no
    exported(6, { make: 'Chery', reg: '2024-01-01', exp: '2025-01-01', country: 'RU' }); // after effective_to: no
    exported(7, { make: null, reg: '2024-01-01', exp: '2024-07-01', country: 'RU' }); // no make on record: no
    const before = runRules(f.caseFile, {});
    expect(before.counts.destination_brand_restriction).toBe(0); // the shipped RU pack has no brands yet
    saveRulePack(f.caseFile.db, pack('RU', [brands(['Chery', '奇瑞'], '2024-06-01', '2024-12-31')]), 'imported', 'ru.json');
    const after = runRules(f.caseFile, {});
    expect(flaggedVins(f.caseFile.db, after.run.id, 'destination_brand_restriction')).toEqual([V(2)]);
    const [flag] = flagsOf(f.caseFile.db, after.run.id, 'destination_brand_restriction');
    expect(flag!.reason).toContain('exported as used to RU on 2024-06-01');
    expect(flag!.reason).toContain('(pack RU v1, clause 2-brands)');
    expect(JSON.parse(flag!.facts)).toMatchObject({ pack: 'RU', pack_revision: 2, clause: '2-brands', source: 'test regulation 1' });
    expect(flag!.evidence.some((e) => e.startsWith('exports:'))).toBe(true);
    // Each run records the pack revisions it used; the earlier run keeps its own.
    const packsOf = (id: number) => JSON.parse((f.caseFile.db.prepare('SELECT packs FROM rule_runs WHERE id = ?').get(id) as { packs: string }).packs) as { id: string; revision: number }[];
    expect(packsOf(before.run.id).find((p) => p.id === 'RU')!.revision).toBe(1);
    expect(packsOf(after.run.id).find((p) => p.id === 'RU')!.revision).toBe(2);
    expect(flagsOf(f.caseFile.db, before.run.id, 'destination_brand_restriction')).toEqual([]);
    // The flag queue filters by pack and clause.
    const queue = (filter: FlagFilter) => listFlags(f.caseFile.db, { start: 0, end: 100, count: true, filter });
    expect(queue({ pack: 'RU' }).rows.map((r) => r.vin)).toEqual([V(2)]);
    expect(queue({ pack: 'RU', clause: '2-brands' }).count).toBe(1);
    expect(queue({ pack: 'RU', clause: 'other' }).count).toBe(0);
    expect(queue({ pack: 'JO' }).count).toBe(0);
    // Statistics by destination rule: the clause's exports per destination and month.
    expect(packDestinations(f.caseFile.db, after.run.id)).toEqual([{ country: 'RU', month: '2024-06', pack: 'RU', clause: '2-brands', rule: 'destination_brand_restriction', exports: 1 }]);
    // The evidence sheet quotes the clause and its source.
    const sheet = evidenceHtml(f.caseFile.db, V(2), { paper: 'a4', landscape: false, unmaskIds: false });
    expect(sheet).toContain('Clause 2-brands of rule pack RU (version 1, revision 2): “brands”. Source: test regulation 1');
    expect(verifyAuditChain(f.caseFile.db).breaks).toEqual([]);
  });

  it('flags a used export fewer than min_days after first registration, or under min_km', () => {
    const minUse = (minDays: number | null, minKm: number | null): RulePack => pack('JO', [{
      id: 'JO-min', rule: 'destination_min_use', title: { en: 'min', zh: '最低' },
      params: { min_days: minDays, min_km: minKm }, effective_from: '2024-01-01', effective_to: null, source: 'test regulation 2',
    }]);
    exported(1, { make: 'Chery', reg: '2024-01-01', exp: '2024-03-30', country: 'JO', km: 5_000 }); // 89 days: flagged
    exported(2, { make: 'Chery', reg: '2024-01-01', exp: '2024-03-31', country: 'JO', km: 5_000 }); // 90 days: not under
    exported(3, { make: 'Chery', reg: null, exp: '2024-03-31', country: 'JO', km: 5_000 }); // no registration: cannot count days
    exported(4, { make: 'Chery', reg: '2023-06-01', exp: '2023-07-01', country: 'JO', km: 0 }); // before effective_from
    saveRulePack(f.caseFile.db, minUse(90, null), 'edited', 'test');
    const days = runRules(f.caseFile, {});
    expect(flaggedVins(f.caseFile.db, days.run.id, 'destination_min_use')).toEqual([V(1)]);
    expect(flagsOf(f.caseFile.db, days.run.id, 'destination_min_use')[0]!.days).toBe(89);
    saveRulePack(f.caseFile.db, minUse(90, 6_000), 'edited', 'test');
    const km = runRules(f.caseFile, {});
    expect(flaggedVins(f.caseFile.db, km.run.id, 'destination_min_use')).toEqual([V(1), V(2), V(3)].sort());
  });

  it('takes missing_after_sales_confirmation\'s defaults from the China pack, and names it on each flag', () => {
    exported(1, { make: 'Chery', reg: '2026-03-01', exp: '2026-04-01', country: 'KZ' });
    const shipped = runRules(f.caseFile, {});
    expect(shipped.run.params.confirmation_required_from).toBe('2026-01-01');
    const [flag] = flagsOf(f.caseFile.db, shipped.run.id, 'missing_after_sales_confirmation');
    expect(JSON.parse(flag!.facts)).toMatchObject({ pack: 'CN', clause: 'CN-2026-after-sales-confirmation' });
    const cn = JSON.parse(packRevision(f.caseFile.db, 'CN')!.content) as RulePack;
    // Printed in Chinese, the shipped clause's title and source are the Chinese ones; the facts digest is the English sheet's.
    const layout = { paper: 'a4' as const, landscape: false, unmaskIds: false };
    const zh = evidenceHtml(f.caseFile.db, V(1), { ...layout, lang: 'zh' });
    expect(zh).toContain(`：“${cn.clauses[0]!.title.zh}”。来源：商务部等 商贸函〔2025〕648号（自2026年1月1日起`);
    const digest = (html: string) => /zm1-[A-Z0-9]+-r\d+-[0-9a-f]{64}/.exec(html)?.[0];
    expect(digest(zh)).toBeDefined();
    expect(digest(zh)).toBe(digest(evidenceHtml(f.caseFile.db, V(1), layout)));
    const later = { ...cn, clauses: cn.clauses.map((c) => ({ ...c, effective_from: '2026-05-01' })) };
    saveRulePack(f.caseFile.db, later, 'edited', 'test');
    const edited = runRules(f.caseFile, {});
    expect(edited.run.params.confirmation_required_from).toBe('2026-05-01');
    expect(edited.counts.missing_after_sales_confirmation).toBe(0);
    // A parameter the run names itself wins over the pack.
    expect(runRules(f.caseFile, { confirmation_required_from: '2026-01-01' }).counts.missing_after_sales_confirmation).toBe(1);
  });
});
