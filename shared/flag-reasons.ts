import { joinMessages, message, type Message, type MessageParam } from './i18n/message';
import { citedOf, codeGiven } from './citation';
import { invoiceCited } from './record-kinds';

/**
 * A flag's one-line reason as a message, derived at read time from the facts every rule already
 * stores with its flag (json_object in the rule's SQL): the rule run's hot path writes nothing more,
 * and flags of every earlier run read in either language. Null when the facts lack what the reason
 * needs (flags written before a rule stored it): the reason text stored with the flag is shown then.
 */
type Facts = Record<string, unknown>;

const text = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
/** A km figure or amount as the rules print it: whole numbers. */
const whole = (v: unknown): string | null => (num(v) === null ? null : Math.round(num(v)!).toFixed(0));
const has = (f: Facts, ...keys: string[]) => keys.every((k) => f[k] !== undefined);

/** Registration events and record vocabulary as messages (event.initial → 注册登记). */
export const eventMessage = (event: string | null): MessageParam =>
  (event === 'initial' || event === 'transfer' || event === 'deregistration' ? message(`event_code.${event}`) : event);

const odometer = (km: unknown): Message => (num(km) === null ? message('reason.no_odometer') : message('reason.odometer', { km: whole(km) }));

/**
 * A count of days as the rules write it (rules/rule.ts DAYS_TEXT): `one` for a single day, else 'N days'; 天 in Chinese.
 * The screens and printed pages say a parameter's days with it too ('reason.one_day': 'at least 1 day of use').
 */
export const dayCount = (d: unknown, one: 'reason.a_day' | 'reason.one_day' = 'reason.a_day'): Message =>
  (num(d) === 1 ? message(one) : message('reason.days', { days: text(d) }));

const pack = (f: Facts): Message => message('reason.pack', { pack: text(f.pack), version: text(f.pack_version), clause: text(f.clause) });

const days = (from: unknown, to: unknown): number | null => {
  const a = typeof from === 'string' ? Date.parse(`${from}T00:00:00Z`) : NaN;
  const b = typeof to === 'string' ? Date.parse(`${to}T00:00:00Z`) : NaN;
  return Number.isNaN(a) || Number.isNaN(b) ? null : Math.trunc((b - a) / 86_400_000);
};

type Builder = (f: Facts) => Message | null;

const BUILDERS: Record<string, Builder> = {
  zero_mileage_export: (f) => (has(f, 'days') ? message('reason.registration_to_export', { gap: dayCount(f.days), odometer: odometer(f.odometer_km) }) : null),
  early_export: (f) => (has(f, 'days') ? message('reason.registration_to_export', { gap: dayCount(f.days), odometer: odometer(f.odometer_km) }) : null),
  missing_after_sales_confirmation: (f) => (has(f, 'destination', 'declaration_date', 'days', 'pack')
    ? message('reason.missing_confirmation', { destination: text(f.destination), date: text(f.declaration_date), gap: dayCount(f.days), pack: pack(f) }) : null),
  rapid_resale: (f) => {
    const a = f.first_sale as Facts | undefined;
    const b = f.second_sale as Facts | undefined;
    if (!a || !b || !has(f, 'days')) return null;
    const sameDay = num(f.days) === 0;
    const parties = {
      first_seller: text(a.seller), first_buyer: text(a.buyer), first_invoice: codeGiven(invoiceCited(text(a.invoice_no), text(a.invoice_code)), citedOf(a.invoice_code_given)), first_date: text(a.date),
      second_seller: text(b.seller), second_buyer: text(b.buyer), second_invoice: codeGiven(invoiceCited(text(b.invoice_no), text(b.invoice_code)), citedOf(b.invoice_code_given)), second_date: text(b.date),
    };
    // handed_on and maker_on_record are stored since the reason named both sales' parties: a flag
    // of an earlier run says nothing of either rather than guess.
    const chain = f.handed_on !== false ? null
      : sameDay ? message('reason.resale_unlinked_same_day')
        : message('reason.resale_other_seller', { second_seller: parties.second_seller, first_buyer: parties.first_buyer });
    const maker = f.maker_on_record === false ? message('reason.resale_no_maker') : null;
    return message(sameDay ? 'reason.rapid_resale_same_day' : 'reason.rapid_resale', { gap: dayCount(f.days), ...parties, chain, maker });
  },
  odometer_rollback: (f) => {
    const peak = f.peak as Facts | undefined;
    if (!peak || !has(f, 'reading_km', 'reading_date', 'drop_km', 'prior_max_km')) return null;
    return message('reason.odometer_rollback', {
      km: whole(f.reading_km), date: text(f.reading_date), drop: whole(f.drop_km), peak: whole(f.prior_max_km), peak_date: text(peak.date),
    });
  },
  duplicate_export: (f) => (Array.isArray(f.numbers) && has(f, 'declarations', 'first_date', 'last_date')
    ? message('reason.duplicate_export', { count: text(f.declarations), numbers: f.numbers.map(String).join(', '), first: text(f.first_date), last: text(f.last_date) })
    : null),
  timeline_conflict: (f) => {
    // record_no, event and against_no are stored since the flag reasons became messages.
    if (!has(f, 'record_kind', 'date', 'against_date', 'days', 'record_no')) return null;
    const more = num(f.conflicts) !== null && num(f.conflicts)! > 1 ? message('reason.and_more', { count: num(f.conflicts)! - 1 }) : null;
    const common = { date: text(f.date), gap: dayCount(f.days), more };
    switch (f.record_kind) {
      case 'sales': return message('reason.sale_after_export', { ...common, invoice_no: codeGiven(invoiceCited(text(f.record_no), text(f.record_code)), citedOf(f.record_code_given)), declaration_no: text(f.against_no), export_date: text(f.against_date) });
      case 'registrations': return message('reason.registration_after_export', { ...common, event: eventMessage(text(f.event)), declaration_no: text(f.against_no), export_date: text(f.against_date) });
      case 'exports': return message('reason.export_before_production', { ...common, declaration_no: text(f.record_no), production_date: text(f.against_date) });
      default: return null;
    }
  },
  undervalued_export: (f) => {
    if (!has(f, 'declared_value', 'sale_price', 'sale_date', 'invoice_no')) return null;
    const declared = num(f.declared_value);
    const price = num(f.sale_price);
    return message('reason.undervalued_export', {
      currency: text(f.currency) ?? 'CNY', declared: whole(declared), percent: declared !== null && price ? Math.round((100 * declared) / price) : null,
      price: whole(price), date: text(f.sale_date), invoice_no: codeGiven(invoiceCited(text(f.invoice_no), text(f.invoice_code)), citedOf(f.invoice_code_given)),
    });
  },
  trade_intermediary: (f) => (has(f, 'bought_new', 'moved', 'share', 'max_days')
    ? message('reason.trade_intermediary', {
      bought: text(f.bought_new), moved: text(f.moved), percent: Math.round(100 * (num(f.share) ?? 0)), gap: dayCount(f.max_days),
      // Flags of runs before the fact was kept say nothing either way.
      name_only: f.identified === false ? message('reason.intermediary_name_only')
        : (num(f.by_name_records) ?? 0) > 0 ? message('reason.intermediary_by_name', { count: text(f.by_name_records) }) : null,
    })
    : null),
  destination_brand_restriction: (f) => (has(f, 'destination', 'declaration_date', 'declaration_no', 'make', 'pack')
    ? message('reason.brand_restriction', { destination: text(f.destination), date: text(f.declaration_date), declaration_no: text(f.declaration_no), make: text(f.make), pack: pack(f) })
    : null),
  destination_min_use: (f) => {
    if (!has(f, 'destination', 'declaration_date', 'declaration_no', 'pack')) return null;
    const since = f.registration_date ? days(f.registration_date, f.declaration_date) : null;
    const minDays = num(f.min_days);
    const minKm = num(f.min_km);
    const minimum = minDays !== null && minKm !== null ? message('reason.min_use_days_km', { period: dayCount(minDays, 'reason.one_day'), km: whole(minKm) })
      : minDays !== null ? dayCount(minDays, 'reason.one_day') : minKm !== null ? message('reason.min_use_km', { km: whole(minKm) }) : '';
    return message('reason.min_use', {
      destination: text(f.destination), date: text(f.declaration_date), declaration_no: text(f.declaration_no),
      use: since === null ? message('reason.no_registration') : message('reason.days_after_registration', { gap: dayCount(since) }), minimum, pack: pack(f),
    });
  },
  conflicting_sources: (f) => {
    const conflicts = f.conflicts as Facts[] | undefined;
    // what and values are stored since the flag reasons became messages.
    if (!Array.isArray(conflicts) || conflicts.length === 0 || conflicts.some((c) => !Array.isArray(c.values))) return null;
    const list = conflicts.map((c) => message('reason.source_conflict', {
      what: sourceWhat(c),
      values: joinMessages((c.values as unknown[][]).filter(Array.isArray).map((v) =>
        message('reason.value_pair', { field: message(`fact.${String(v[0])}`), record: text(v[1]), source: text(v[2]) })), 'reason.values'),
    }));
    const joined = joinMessages(list, 'reason.list');
    return message('reason.conflicting_sources', { count: conflicts.length, list: joined });
  },
};

function sourceWhat(c: Facts): Message {
  switch (c.record_kind) {
    case 'sales': return message('reason.what_invoice', { no: codeGiven(invoiceCited(text(c.key_no), text(c.key_code)), citedOf(c.key_code_given)) });
    case 'exports': return message('reason.what_declaration', { no: text(c.key_no) });
    case 'shipments': return message('reason.what_bill', { no: text(c.key_no) });
    case 'registrations': return message('reason.what_registration', {
      event: eventMessage(text(c.key_event)), date: text(c.key_date), plate: c.key_plate ? message('reason.what_plate', { plate: text(c.key_plate) }) : null,
    });
    default: return message('reason.what_confirmation', { date: text(c.key_date), countries: text(c.key_countries) });
  }
}

/** The flag's reason as a message, or null to show its stored text. */
export function flagReason(rule: string, facts: unknown): Message | null {
  let f = facts;
  if (typeof f === 'string') {
    try { f = JSON.parse(f) as unknown; } catch { return null; }
  }
  if (!f || typeof f !== 'object' || Array.isArray(f)) return null;
  try {
    return BUILDERS[rule]?.(f as Facts) ?? null;
  } catch {
    return null;
  }
}
