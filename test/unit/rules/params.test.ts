import { describe, expect, it } from 'vitest';
import { DEFAULT_RULE_PARAMS, RULE_IDS, RULE_PARAM_NAMES, RULES, ruleParamsInput, validateRuleParams } from '../../../shared/rules';

describe('validateRuleParams', () => {
  it('fills in the defaults of DOMAIN.md', () => {
    expect(validateRuleParams(undefined)).toEqual(DEFAULT_RULE_PARAMS);
    expect(validateRuleParams({}).zero_mileage_max_km).toBe(500);
    expect(validateRuleParams({}).zero_mileage_max_days).toBe(180);
    expect(validateRuleParams({}).rapid_resale_days).toBe(30);
    expect(validateRuleParams({}).rollback_tolerance_km).toBe(100);
    expect(validateRuleParams({ rapid_resale_days: 7 }).rapid_resale_days).toBe(7);
  });

  it('names an unknown parameter or a bad value', () => {
    expect(() => validateRuleParams({ zero_milage_max_km: 1 })).toThrow(/"zero_milage_max_km"/);
    expect(() => validateRuleParams({ zero_mileage_max_days: 1.5 })).toThrow(/zero_mileage_max_days must be a whole number/);
    expect(() => validateRuleParams({ zero_mileage_max_km: '500' })).toThrow(/zero_mileage_max_km must be a number/);
    expect(() => validateRuleParams({ undervalued_ratio: 1.2 })).toThrow(/undervalued_ratio must be between 0 and 1/);
    expect(() => validateRuleParams({ confirmation_required_from: '2026-02-30' })).toThrow(/confirmation_required_from is not a calendar date/);
    expect(() => validateRuleParams([1])).toThrow(/must be an object/);
  });

  it('is one zod schema, the same for the rules:run handler and the CLI', () => {
    expect(ruleParamsInput.safeParse({ rapid_resale_days: 7 }).success).toBe(true);
    const bad = ruleParamsInput.safeParse({ rapid_resale_days: 7.5 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe('rapid_resale_days must be a whole number of days, got 7.5');
    expect(ruleParamsInput.safeParse({ nope: 1 }).success).toBe(false);
  });

  it('describes every rule in both languages with known parameters', () => {
    for (const id of RULE_IDS) {
      const rule = RULES[id];
      expect(rule.id).toBe(id);
      expect(rule.title.en && rule.title.zh && rule.description.en && rule.description.zh).toBeTruthy();
      for (const name of rule.params) expect(RULE_PARAM_NAMES).toContain(name);
    }
  });
});
