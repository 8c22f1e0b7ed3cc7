import { z } from 'zod';

/**
 * Rule packs (DOMAIN.md "Rule packs"): the law of the exporting and the importing country as data.
 * A pack is one file per jurisdiction; each clause names the rule it drives, its parameters, the
 * dates it is in force and its source. A parameter nobody has confirmed is left empty (null, or an
 * empty brand list), and the clause stays inactive until an analyst fills it in: the UI shows it
 * as inactive rather than hiding it. This schema checks pack files on import and every edit; its
 * JSON Schema is published as resources/rule-packs/rule-pack.schema.json (a test keeps the two equal).
 */

export const PACK_RULES = ['destination_brand_restriction', 'destination_min_use', 'missing_after_sales_confirmation'] as const;
export type PackRule = (typeof PACK_RULES)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written YYYY-MM-DD').refine((value) => {
  const probe = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(probe.getTime()) && probe.toISOString().slice(0, 10) === value;
}, 'not a calendar date');
const text = (max: number) => z.string().trim().min(1).max(max);
const bilingual = z.object({ en: text(300), zh: text(300) }).strict();
const country = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166 alpha-2 code in capitals');

const clauseBase = {
  /** Unique within the pack; flags and the audit log name it. */
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, ".", "_" or "-", at most 64'),
  title: bilingual,
  /** First day the clause applies to a declaration; null: since ever. */
  effective_from: isoDate.nullable(),
  /** Last day the clause applies to a declaration; null: still in force. */
  effective_to: isoDate.nullable(),
  /** The regulation's name, or the document the analyst read it in. */
  source: text(1000),
};

export const brandRestrictionClause = z.object({
  ...clauseBase,
  rule: z.literal('destination_brand_restriction'),
  params: z.object({
    /** Brands (makes) officially distributed in the pack's country, as the vehicle records write them; empty: unconfirmed. */
    brands: z.array(text(100)).max(1000),
  }).strict(),
}).strict();

export const minUseClause = z.object({
  ...clauseBase,
  rule: z.literal('destination_min_use'),
  params: z.object({
    /** Fewest days from first registration to the declaration for a car to count as used; null: unconfirmed. */
    min_days: z.number().int().min(1).max(36_500).nullable(),
    /** Lowest odometer reading (km) for a car to count as used; null: not part of the clause. */
    min_km: z.number().min(1).max(1_000_000).nullable(),
  }).strict(),
}).strict();

export const confirmationClause = z.object({
  ...clauseBase,
  rule: z.literal('missing_after_sales_confirmation'),
  params: z.object({
    /** Exports within this many days of first registration need the maker's confirmation. */
    max_days: z.number().int().min(0).max(36_500).nullable(),
  }).strict(),
}).strict();

export const packClause = z.discriminatedUnion('rule', [brandRestrictionClause, minUseClause, confirmationClause]);
export type PackClause = z.infer<typeof packClause>;

export const rulePack = z.object({
  /** The file format; 1 is the only one so far. */
  format: z.literal(1),
  /** The jurisdiction's code: the exporting country (CN) or the importing one (RU, JO…). */
  id: country,
  name: bilingual,
  /** The publisher's version of the pack (the case counts its own revisions apart). */
  version: z.number().int().min(1).max(1_000_000),
  clauses: z.array(packClause).max(200),
}).strict().superRefine((pack, ctx) => {
  const seen = new Set<string>();
  pack.clauses.forEach((clause, index) => {
    if (seen.has(clause.id)) ctx.addIssue({ code: 'custom', path: ['clauses', index, 'id'], message: `clause id "${clause.id}" appears twice` });
    seen.add(clause.id);
    if (clause.effective_from && clause.effective_to && clause.effective_to < clause.effective_from) {
      ctx.addIssue({ code: 'custom', path: ['clauses', index, 'effective_to'], message: 'ends before it starts' });
    }
  });
});
export type RulePack = z.infer<typeof rulePack>;

/** Where a bad value is, as people read it: `clauses[0].params.brands[2]`. */
export function issuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  return out || '(the pack)';
}

export type PackCheck = { ok: true; pack: RulePack } | { ok: false; problems: string[] };

/** Checks a pack as parsed from JSON; each problem names the path of the bad field, in plain words. */
export function checkRulePack(value: unknown): PackCheck {
  const result = rulePack.safeParse(value, { reportInput: true });
  if (result.success) return { ok: true, pack: result.data };
  return { ok: false, problems: result.error.issues.slice(0, 20).map((issue) => packProblem(issue).slice(0, 200)) };
}

const KINDS: Record<string, string> = {
  object: 'an object ({…})', array: 'a list ([…])', string: 'text in quotes', number: 'a number', int: 'a whole number', boolean: 'true or false',
};
const shown = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
};
const kindOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object'
    : typeof value === 'string' ? `the text ${shown(value)}` : typeof value === 'number' ? `the number ${value}` : shown(value);

/**
 * One problem of a pack file as an analyst reads it: where (`clauses[0].rule`), and what is wrong
 * in plain words ("is missing", "must be a whole number, not the text \"5\"") rather than the
 * schema library's text ("Invalid input: expected int, received string").
 */
export function packProblem(issue: z.core.$ZodIssue): string {
  const path = issuePath(issue.path);
  const where = path === '(the pack)' ? 'the pack' : path;
  const input = (issue as { input?: unknown }).input;
  const not = input === undefined ? '' : `, not ${shown(input)}`;
  switch (issue.code) {
    case 'invalid_type': {
      const kind = KINDS[issue.expected] ?? issue.expected;
      if (input === undefined) return `${where} is missing (it must be ${kind})`;
      return `${where} must be ${kind}, not ${kindOf(input)}`;
    }
    case 'invalid_value': {
      const allowed = issue.values.map(shown).join(' or ');
      return input === undefined ? `${where} is missing (it must be ${allowed})` : `${where} must be ${allowed}${not}`;
    }
    case 'unrecognized_keys':
      return `${where} has ${issue.keys.length === 1 ? 'a field' : 'fields'} a rule pack does not have: ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? `${where} is empty` : `${where} must be at least ${issue.minimum} characters long`;
      if (issue.origin === 'array') return `${where} must have at least ${issue.minimum} ${Number(issue.minimum) === 1 ? 'item' : 'items'}`;
      return `${where} must be at least ${issue.minimum}${not}`;
    case 'too_big':
      if (issue.origin === 'string') return `${where} is longer than ${issue.maximum} characters`;
      if (issue.origin === 'array') return `${where} has more than ${issue.maximum} items`;
      return `${where} must be at most ${issue.maximum}${not}`;
    case 'invalid_format':
      // Our own words for each format (a date written YYYY-MM-DD, an ISO 3166 alpha-2 code in capitals).
      return `${where} must be ${issue.message}${not}`;
    case 'invalid_union': {
      const { options, discriminator } = issue as { options?: unknown[]; discriminator?: string };
      if (discriminator && options) {
        // The input reported is the clause; the value wrong is its discriminator field.
        const value = input !== null && typeof input === 'object' ? (input as Record<string, unknown>)[discriminator] : undefined;
        const list = options.map(String).join(', ');
        return value === undefined ? `${where} is missing (it must be one of the rules a pack clause can use: ${list})`
          : `${where} is ${shown(value)}, not one of the rules a pack clause can use (${list})`;
      }
      return `${where} is not in any of the forms a rule pack allows`;
    }
    default:
      return `${where}: ${issue.message}`;
  }
}

/**
 * Whether a clause can flag anything. `missing_parameter`: a parameter the clause needs is
 * unconfirmed (empty), so it stays off. `active` clauses apply only to declarations inside their
 * dates; `ended` and `not_yet` say where today lies, for the analyst (the clause still applies to
 * the declarations dated inside its period).
 */
export type ClauseState = 'active' | 'missing_parameter' | 'ended' | 'not_yet';

export function clauseHasParameters(clause: PackClause): boolean {
  switch (clause.rule) {
    case 'destination_brand_restriction': return clause.params.brands.length > 0;
    case 'destination_min_use': return clause.params.min_days !== null || clause.params.min_km !== null;
    case 'missing_after_sales_confirmation': return clause.params.max_days !== null;
    default: {
      const never: never = clause;
      throw new Error(`unknown clause rule ${String(never)}`);
    }
  }
}

export function clauseState(clause: PackClause, today: string): ClauseState {
  if (!clauseHasParameters(clause)) return 'missing_parameter';
  if (clause.effective_to !== null && today > clause.effective_to) return 'ended';
  if (clause.effective_from !== null && today < clause.effective_from) return 'not_yet';
  return 'active';
}
