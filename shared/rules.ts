import { z } from 'zod';
import { ZeroMileError } from './errors';

/**
 * The detection rules of DOMAIN.md: ids, severities, parameters with their defaults, and the
 * descriptions shown to analysts in English and Chinese. Every number a rule uses is a parameter
 * so the analyst can change it per run; the run records the parameters it used.
 */

export const RULE_IDS = [
  'zero_mileage_export',
  'early_export',
  'missing_after_sales_confirmation',
  'rapid_resale',
  'odometer_rollback',
  'duplicate_export',
  'timeline_conflict',
  'undervalued_export',
  'trade_intermediary',
  'destination_brand_restriction',
  'destination_min_use',
  'conflicting_sources',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export const SEVERITIES = ['high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Whether a rule's flag names a vehicle (vin) or a party (party_id). */
export type RuleSubject = 'vehicle' | 'party';

export type RuleParams = {
  /** Highest odometer reading (km) on the declaration that still counts as zero mileage; empty counts too. */
  zero_mileage_max_km: number;
  /** Most days from the latest initial registration to the export declaration. */
  zero_mileage_max_days: number;
  /** Declarations dated on or after this day need a maker's after-sales confirmation. */
  confirmation_required_from: string;
  /** Exports within this many days of first registration need the confirmation. */
  confirmation_max_days: number;
  /** Most days between two consecutive sales (seller not the maker). */
  rapid_resale_days: number;
  /** How far (km) a reading may fall below the highest earlier one before it is a rollback. */
  rollback_tolerance_km: number;
  /** Declared value below this share of the latest domestic sale price is undervalued. */
  undervalued_ratio: number;
  /** How far back (days) the latest domestic sale is looked for. */
  undervalued_lookback_days: number;
  /** Fewest vehicles a party must have bought new to be judged. */
  intermediary_min_vehicles: number;
  /** Share of those vehicles exported (or sold to an exporter) that makes an intermediary. */
  intermediary_export_share: number;
  /** Most days from buying to export (or sale to an exporter). */
  intermediary_max_days: number;
};
export type RuleParamName = keyof RuleParams;

export const DEFAULT_RULE_PARAMS: Readonly<RuleParams> = Object.freeze({
  zero_mileage_max_km: 500,
  zero_mileage_max_days: 180,
  confirmation_required_from: '2026-01-01',
  confirmation_max_days: 180,
  rapid_resale_days: 30,
  rollback_tolerance_km: 100,
  undervalued_ratio: 0.5,
  undervalued_lookback_days: 365,
  intermediary_min_vehicles: 10,
  intermediary_export_share: 0.5,
  intermediary_max_days: 180,
});

/**
 * The zero-mileage window (days after the first registration) of a run, from its stored parameters
 * (rule_runs.params, JSON): what its zero_mileage_export and early_export flags were judged by, so
 * the timelines drawn beside them shade the same days. The default when there is no run or the
 * parameters lack it (stored as they were given).
 */
export function runWindowDays(params: string | null | undefined): number {
  if (!params) return DEFAULT_RULE_PARAMS.zero_mileage_max_days;
  try {
    const days = (JSON.parse(params) as Partial<Record<RuleParamName, unknown>>).zero_mileage_max_days;
    return typeof days === 'number' && Number.isInteger(days) && days >= 0 ? days : DEFAULT_RULE_PARAMS.zero_mileage_max_days;
  } catch {
    return DEFAULT_RULE_PARAMS.zero_mileage_max_days;
  }
}

type ParamSpec =
  | { kind: 'integer'; min: number; max: number; unit: 'km' | 'days' | 'vehicles' }
  | { kind: 'number'; min: number; max: number; unit: 'km' | 'ratio' }
  | { kind: 'date' };

export const RULE_PARAM_SPECS: Readonly<Record<RuleParamName, ParamSpec>> = {
  zero_mileage_max_km: { kind: 'number', min: 0, max: 1_000_000, unit: 'km' },
  zero_mileage_max_days: { kind: 'integer', min: 0, max: 36_500, unit: 'days' },
  confirmation_required_from: { kind: 'date' },
  confirmation_max_days: { kind: 'integer', min: 0, max: 36_500, unit: 'days' },
  rapid_resale_days: { kind: 'integer', min: 0, max: 36_500, unit: 'days' },
  rollback_tolerance_km: { kind: 'number', min: 0, max: 1_000_000, unit: 'km' },
  undervalued_ratio: { kind: 'number', min: 0, max: 1, unit: 'ratio' },
  undervalued_lookback_days: { kind: 'integer', min: 0, max: 36_500, unit: 'days' },
  intermediary_min_vehicles: { kind: 'integer', min: 1, max: 100_000_000, unit: 'vehicles' },
  intermediary_export_share: { kind: 'number', min: 0, max: 1, unit: 'ratio' },
  intermediary_max_days: { kind: 'integer', min: 0, max: 36_500, unit: 'days' },
};

/**
 * The catalogue key of a rule parameter's label (param.*, in the case catalogues), as the Rule runs
 * screen and the printed run line name a run's parameters; null for a name that is none of them
 * (a pack's own parameter), which is shown as written.
 */
export function ruleParamLabelKey(name: string): `param.${RuleParamName}` | null {
  return Object.hasOwn(RULE_PARAM_SPECS, name) ? `param.${name as RuleParamName}` : null;
}

export const RULE_PARAM_NAMES = Object.keys(RULE_PARAM_SPECS) as RuleParamName[];

export type RuleDefinition = {
  id: RuleId;
  severity: Severity;
  subject: RuleSubject;
  params: readonly RuleParamName[];
  title: { en: string; zh: string };
  description: { en: string; zh: string };
};

const rule = (def: RuleDefinition): RuleDefinition => def;

export const RULES: Readonly<Record<RuleId, RuleDefinition>> = {
  zero_mileage_export: rule({
    id: 'zero_mileage_export', severity: 'high', subject: 'vehicle',
    params: ['zero_mileage_max_km', 'zero_mileage_max_days'],
    title: { en: 'Zero-mileage export', zh: '零公里出口' },
    description: {
      en: 'Export declaration with odometer ≤ zero_mileage_max_km (or empty), within zero_mileage_max_days of the latest initial registration on or before it.',
      zh: '出口报关单行驶里程不超过 zero_mileage_max_km（或为空），且距其之前最近一次注册登记不超过 zero_mileage_max_days 天。',
    },
  }),
  early_export: rule({
    id: 'early_export', severity: 'medium', subject: 'vehicle',
    params: ['zero_mileage_max_km', 'zero_mileage_max_days'],
    title: { en: 'Early export', zh: '短期出口' },
    description: {
      en: 'Exported within zero_mileage_max_days of the latest initial registration, odometer above zero_mileage_max_km.',
      zh: '注册登记后 zero_mileage_max_days 天内出口，行驶里程超过 zero_mileage_max_km。',
    },
  }),
  missing_after_sales_confirmation: rule({
    id: 'missing_after_sales_confirmation', severity: 'high', subject: 'vehicle',
    params: ['confirmation_required_from', 'confirmation_max_days'],
    title: { en: 'Missing after-sales confirmation', zh: '缺少售后维修服务确认书' },
    description: {
      en: 'Declared on or after confirmation_required_from, within confirmation_max_days of first registration, with no maker confirmation naming the destination country.',
      zh: '申报日期不早于 confirmation_required_from，注册登记后 confirmation_max_days 天内出口，且无列明目的国的生产企业售后维修服务确认书。',
    },
  }),
  rapid_resale: rule({
    id: 'rapid_resale', severity: 'medium', subject: 'vehicle',
    params: ['rapid_resale_days'],
    title: { en: 'Rapid resale', zh: '快速转售' },
    description: {
      en: 'Two sales, neither by the maker (by its USCC, else by name), next to each other in date order among such sales and at most rapid_resale_days apart. With no maker on record every sale counts.',
      zh: '卖方均非生产企业（按统一社会信用代码，否则按名称）的两次销售，在此类销售中按日期相邻，间隔不超过 rapid_resale_days 天。无生产企业记录时，每次销售均计入。',
    },
  }),
  odometer_rollback: rule({
    id: 'odometer_rollback', severity: 'high', subject: 'vehicle',
    params: ['rollback_tolerance_km'],
    title: { en: 'Odometer rollback', zh: '里程回调' },
    description: {
      en: 'An odometer reading more than rollback_tolerance_km below the highest reading dated before it.',
      zh: '某次里程读数比此前最高读数低超过 rollback_tolerance_km 公里。',
    },
  }),
  duplicate_export: rule({
    id: 'duplicate_export', severity: 'high', subject: 'vehicle',
    params: [],
    title: { en: 'Duplicate export', zh: '重复出口' },
    description: {
      en: 'The vehicle is on two or more export declarations with different numbers.',
      zh: '同一车辆出现在两份或以上不同编号的出口报关单上。',
    },
  }),
  timeline_conflict: rule({
    id: 'timeline_conflict', severity: 'medium', subject: 'vehicle',
    params: [],
    title: { en: 'Timeline conflict', zh: '时间线矛盾' },
    description: {
      en: 'A sale or registration dated after the export declaration, or an export before the production date.',
      zh: '销售或登记日期晚于出口申报日期，或出口早于生产日期。',
    },
  }),
  undervalued_export: rule({
    id: 'undervalued_export', severity: 'low', subject: 'vehicle',
    params: ['undervalued_ratio', 'undervalued_lookback_days'],
    title: { en: 'Undervalued export', zh: '低报出口' },
    description: {
      en: 'Declared value below undervalued_ratio of the latest domestic sale price in the undervalued_lookback_days before.',
      zh: '申报金额低于此前 undervalued_lookback_days 天内最近一次国内销售价格的 undervalued_ratio。',
    },
  }),
  trade_intermediary: rule({
    id: 'trade_intermediary', severity: 'medium', subject: 'party',
    params: ['intermediary_min_vehicles', 'intermediary_export_share', 'intermediary_max_days'],
    title: { en: 'Trade intermediary', zh: '贸易中间商' },
    description: {
      en: 'A party that bought at least intermediary_min_vehicles vehicles new and exported, or sold to an exporter, at least intermediary_export_share of them within intermediary_max_days of buying.',
      zh: '新车购入不少于 intermediary_min_vehicles 辆，且其中不低于 intermediary_export_share 在购入后 intermediary_max_days 天内出口或售予出口商的主体。',
    },
  }),
  destination_brand_restriction: rule({
    id: 'destination_brand_restriction', severity: 'high', subject: 'vehicle',
    params: [],
    title: { en: 'Destination brand restriction', zh: '目的国品牌限制' },
    description: {
      en: 'Exported as used to a country whose rule pack lists the vehicle\'s brand as officially distributed there, on a declaration inside the clause\'s dates.',
      zh: '以二手车名义出口至某国，而该国规则包将该车品牌列为当地官方经销品牌，且申报日期在条款有效期内。',
    },
  }),
  destination_min_use: rule({
    id: 'destination_min_use', severity: 'high', subject: 'vehicle',
    params: [],
    title: { en: 'Below destination minimum use', zh: '未达目的国最低使用期限' },
    description: {
      en: 'Exported as used to a country whose rule pack sets a minimum use, fewer days after first registration (or fewer km) than it requires, on a declaration inside the clause\'s dates.',
      zh: '以二手车名义出口至规定最低使用期限的国家，但距首次注册登记的天数（或行驶里程）低于其规则包要求，且申报日期在条款有效期内。',
    },
  }),
  conflicting_sources: rule({
    id: 'conflicting_sources', severity: 'medium', subject: 'vehicle',
    params: [],
    title: { en: 'Conflicting sources', zh: '来源相互矛盾' },
    description: {
      en: 'Two documents tell the same fact (same invoice, declaration, registration, bill of lading or confirmation for the vehicle) with different values; both values are kept and both rows cited.',
      zh: '两份文件记载同一事实（同一车辆的同一发票、报关单、登记、提单或确认书）但数值不同；两个数值均予保留，并引用两行来源。',
    },
  }),
};


/** One parameter's schema, from its spec; the messages name the parameter, as analysts type it in --params or the form. */
function paramSchema(name: RuleParamName): z.ZodType<number | string> {
  const spec = RULE_PARAM_SPECS[name];
  if (spec.kind === 'date') {
    return z.string({ error: `${name} must be a date written YYYY-MM-DD` })
      .regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${name} must be a date written YYYY-MM-DD` })
      .refine((value) => {
        const probe = new Date(`${value}T00:00:00Z`);
        return !Number.isNaN(probe.getTime()) && probe.toISOString().slice(0, 10) === value;
      }, { error: (issue) => `${name} is not a calendar date: ${String(issue.input)}` });
  }
  let schema = z.number({ error: (issue) => `${name} must be a number, got ${JSON.stringify(issue.input)}` })
    .refine(Number.isFinite, { error: (issue) => `${name} must be a number, got ${String(issue.input)}` });
  if (spec.kind === 'integer') schema = schema.refine(Number.isInteger, { error: (issue) => `${name} must be a whole number of ${spec.unit}, got ${String(issue.input)}` });
  return schema.refine((value) => value >= spec.min && value <= spec.max, { error: (issue) => `${name} must be between ${spec.min} and ${spec.max}, got ${String(issue.input)}` });
}

/**
 * Rule parameters as a run is asked for them (the rules:run handler, the CLI's --params file, the
 * UI form): any subset of the known names, each checked against its spec; an unknown name is refused.
 */
export const ruleParamsInput = z.object(
  Object.fromEntries(RULE_PARAM_NAMES.map((name) => [name, paramSchema(name).optional()])) as { [K in RuleParamName]: z.ZodOptional<z.ZodType<RuleParams[K]>> },
).strict();

/**
 * Checks a parameters object (as read from --params FILE.json or sent by the UI) and fills in
 * the defaults. An unknown name or a bad value is a `bad_argument` error naming it.
 */
export function validateRuleParams(input: unknown): RuleParams {
  if (input === undefined || input === null) return { ...DEFAULT_RULE_PARAMS };
  if (typeof input !== 'object' || Array.isArray(input)) throw new ZeroMileError('bad_argument', 'Rule parameters must be an object of name: value.');
  const result = ruleParamsInput.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    if (issue.code === 'unrecognized_keys') {
      throw new ZeroMileError('bad_argument', `Unknown rule parameter "${issue.keys[0]}". Known: ${RULE_PARAM_NAMES.join(', ')}.`);
    }
    throw new ZeroMileError('bad_argument', `Bad rule parameter ${issue.message}.`);
  }
  const given = Object.fromEntries(Object.entries(result.data).filter(([, value]) => value !== undefined));
  return { ...DEFAULT_RULE_PARAMS, ...given } as RuleParams;
}
