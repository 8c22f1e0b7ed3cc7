import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runRules } from '../../../electron/backend/rules/runner';
import { createFixture, fixtureVin, type Fixture } from '../../support/record-fixture';
import { flagsOf } from '../../support/flag-query';
import { flagReason } from '../../../shared/flag-reasons';
import { CASE_EN } from '../../../shared/i18n/case-en';
import { CASE_ZH } from '../../../shared/i18n/case-zh';
import { renderMessage } from '../../../shared/i18n/message';

let f: Fixture;
beforeEach(() => { f = createFixture(); });
afterEach(() => f.remove());

/** `bought` vehicles bought new by `party` on 2024-01-01; the first `exported` leave after `days` days. */
function trader(party: string, start: number, bought: number, moved: number, days: number, how: 'export' | 'sell' = 'export') {
  for (let i = 0; i < bought; i++) {
    const vin = fixtureVin(start + i);
    f.vehicle(vin, { manufacturer: 'BYD Auto' });
    f.sale({ vin, date: '2024-01-01', seller: 'BYD Auto', buyer: party, type: 'new' });
    if (i >= moved) continue;
    const date = new Date(Date.UTC(2024, 0, 1 + days)).toISOString().slice(0, 10);
    if (how === 'export') f.export({ vin, date, exporter: party });
    else f.sale({ vin, date, seller: party, buyer: 'Export House', type: 'used' });
  }
}

describe('trade_intermediary', () => {
  it('flags parties with at least 10 new vehicles and half of them exported within 180 days', () => {
    trader('Inside Co', 0, 10, 5, 180); // 10 bought, 5 (50%) at 180 days: flagged
    trader('Few Co', 100, 9, 9, 1); // only 9 bought
    trader('Slow Co', 200, 10, 5, 181); // 181 days: outside
    trader('Half Less Co', 300, 10, 4, 10); // 40%
    trader('Seller Co', 400, 10, 6, 20, 'sell'); // sold to a party that exports
    f.vehicle(fixtureVin(999));
    f.export({ vin: fixtureVin(999), date: '2024-02-01', exporter: 'Export House' });
    // Seller Co has a USCC; the fixture's other parties are known by name only.
    f.caseFile.db.prepare("UPDATE parties SET party_id = '91310000MA1FL8XQ3X', id_kind = 'uscc', id_valid = 1 WHERE id = ?").run(f.party('Seller Co'));
    const { run } = runRules(f.caseFile, {});
    const flags = flagsOf(f.caseFile.db, run.id, 'trade_intermediary');
    const names = flags.map((x) => x.exporter).sort();
    expect(names).toEqual(['Inside Co', 'Seller Co']);
    const inside = flags.find((x) => x.exporter === 'Inside Co')!;
    expect(inside.vin).toBeNull();
    expect(inside.party_id).toBe(f.party('Inside Co'));
    expect(inside.flag_key).toBe(`trade_intermediary:${f.party('Inside Co')}`);
    // A party without a USCC or ID number is every record of its name: the reason says the flag rests on a name.
    expect(inside.reason).toBe('bought 10 vehicles new; exported or sold to an exporter 5 of them (50%) within 180 days; known by name only (no USCC or ID number), so these may be the records of several parties of that name');
    // Seller Co is identified, but none of its records carries its USCC: all were matched to it by name.
    expect(flags.find((x) => x.exporter === 'Seller Co')!.reason).toBe('bought 10 vehicles new; exported or sold to an exporter 6 of them (60%) within 180 days; 16 of these records name it without its USCC or ID number (matched by name only)');
    // The reader's language gives the same words from the facts.
    for (const flag of flags) expect(renderMessage(flagReason('trade_intermediary', flag.facts)!, CASE_EN)).toBe(flag.reason);
    expect(renderMessage(flagReason('trade_intermediary', flags.find((x) => x.exporter === 'Seller Co')!.facts)!, CASE_ZH))
      .toBe('购入新车 10 辆；其中 6 辆（60%）在 180 天内出口或售予出口商；其中 16 条记录未载明其统一社会信用代码或身份证号（仅凭名称匹配）');
    expect(inside.evidence.filter((e) => e.startsWith('sales:'))).toHaveLength(10);
    expect(inside.evidence.filter((e) => e.startsWith('exports:'))).toHaveLength(5);
    const stricter = runRules(f.caseFile, { intermediary_export_share: 0.51, intermediary_min_vehicles: 10, intermediary_max_days: 180 });
    expect(flagsOf(f.caseFile.db, stricter.run.id, 'trade_intermediary').map((x) => x.exporter)).toEqual(['Seller Co']);
  });
});
