import { codeGiven } from '../../../shared/citation';
import type { EvidenceRef, TimelineEvent } from '../../../shared/contract/chain';
import { CASE_EN } from '../../../shared/i18n/case-en';
import { message, renderMessage, type Message, type MessageParam } from '../../../shared/i18n/message';
import { invoiceCited, type RecordKind } from '../../../shared/record-kinds';
import type { SaleRow, VehicleRecords } from './chain-records';
import { evidenceOf, type ProvenanceRow } from './evidence';

const KIND_ORDER: Record<TimelineEvent['kind'], number> = {
  production: 0, sale: 1, registration: 2, transfer: 3, deregistration: 4, confirmation: 5, export: 6, shipment: 7,
};

// Cents kept: an evidence line quotes the amount its source gives (148,000.50 was printed as 148001).
const money = (value: number | null, currency: string | null): Message | null =>
  (value === null ? null : message('timeline.money', { currency: currency ?? 'CNY', amount: Math.round(value * 100) / 100 }));

const optional = (key: string, name: string, value: string | null | undefined): Message | null =>
  (value ? message(key, { [name]: value }) : null);

const vocab = (prefix: string, value: string | null, known: readonly string[]): MessageParam =>
  (value !== null && known.includes(value) ? message(`${prefix}.${value}`) : value);

function registrationWhere(city: string | null, plate: string | null): Message | null {
  if (city && plate) return message('timeline.where_city_plate', { city, plate });
  if (city) return message('timeline.where_city', { city });
  if (plate) return message('timeline.where_plate', { plate });
  return null;
}

/**
 * A sale's invoice as the timeline cites it: code and number. A code given by a later source (the
 * sale's own row had none, a further row of the same invoice has one) carries a mark naming that
 * row's file and row, whose evidence is among the line's sources: the code is that row's word.
 */
function saleInvoice(s: SaleRow, sources: readonly EvidenceRef[]): MessageParam {
  const source = s.code_source === null ? undefined : sources.find((e) => e.record_id === s.code_source);
  return codeGiven(invoiceCited(s.invoice_no, s.cited_code), source);
}

/**
 * Every record of the vehicle as one dated line, in date order (ties: the order things happen in).
 * Each line is a message (detail_msg) the screen and print render in the reader's language; detail
 * is its English text, for the command line and JSON.
 */
export function buildTimeline(r: VehicleRecords): TimelineEvent[] {
  const events: (TimelineEvent & { id: number })[] = [];
  const further = (kind: RecordKind, row: { id: number }) => r.sourcesOf(kind, row.id).map((s) => evidenceOf(kind, s));
  const push = (event: Omit<TimelineEvent, 'detail' | 'detail_msg'> & { id: number }, detail: Message) => {
    // Values the record's row read differently from its cells: marked on the line (most lines have none, and no key).
    const marks = event.evidence.record_id > 0 ? r.marksOf(rowOf.get(event.evidence)!) : [];
    events.push({ ...event, detail: renderMessage(detail, CASE_EN), detail_msg: detail, ...(marks.length > 0 ? { marks } : {}) });
  };
  // The provenance row each event's evidence came from, for its marks.
  const rowOf = new Map<EvidenceRef, ProvenanceRow>();
  const evidence = (kind: RecordKind, row: ProvenanceRow): EvidenceRef => {
    const ref = evidenceOf(kind, row);
    rowOf.set(ref, row);
    return ref;
  };
  for (const v of r.vehicleRecords) {
    if (!v.production_date) continue;
    push({ id: v.id, date: v.production_date, kind: 'production', party: v.manufacturer, odometer_km: null, evidence: evidence('vehicles', v), sources: further('vehicles', v) },
      v.manufacturer ? message('timeline.produced_by', { maker: v.manufacturer }) : message('timeline.produced'));
  }
  for (const s of r.sales) {
    const key = s.invoice_type === 'used' ? 'timeline.sale_used' : s.invoice_type === 'new' ? 'timeline.sale_new' : 'timeline.sale';
    const sources = further('sales', s);
    push({ id: s.id, date: s.invoice_date, kind: 'sale', party: s.buyer, odometer_km: null, evidence: evidence('sales', s), sources },
      // A VAT invoice is its code and number together: two of one number are told apart by the code.
      message(key, { invoice_no: saleInvoice(s, sources), seller: s.seller, buyer: s.buyer, money: money(s.price, s.currency) }));
  }
  for (const g of r.registrations) {
    const kind = g.event === 'transfer' ? 'transfer' : g.event === 'deregistration' ? 'deregistration' : 'registration';
    push({ id: g.id, date: g.registration_date, kind, party: g.owner, odometer_km: g.odometer_km, evidence: evidence('registrations', g), sources: further('registrations', g) },
      message(`timeline.${kind}`, { owner: g.owner, where: registrationWhere(g.city, g.plate) }));
  }
  for (const c of r.confirmations) {
    push({ id: c.id, date: c.issued_date, kind: 'confirmation', party: c.maker, odometer_km: null, evidence: evidence('confirmations', c), sources: further('confirmations', c) },
      message('timeline.confirmation', { countries: c.countries.split(',').filter(Boolean).join(', ') }));
  }
  for (const e of r.exports) {
    push({ id: e.id, date: e.declaration_date, kind: 'export', party: e.exporter, odometer_km: e.odometer_km, evidence: evidence('exports', e), sources: further('exports', e) },
      message('timeline.export', {
        declaration_no: e.declaration_no, exporter: e.exporter, consignee: e.consignee ?? message('timeline.unnamed_consignee'),
        destination: e.destination_country, via: optional('timeline.via', 'port', e.port), money: money(e.declared_value, e.currency),
      }));
  }
  for (const s of r.shipments) {
    push({ id: s.id, date: s.departure_date, kind: 'shipment', party: s.consignee, odometer_km: null, evidence: evidence('shipments', s), sources: further('shipments', s) },
      message('timeline.shipment', {
        mode: s.mode ? message('timeline.by_mode', { mode: vocab('mode', s.mode, ['sea', 'rail', 'road', 'air']) }) : null, bl_no: s.bl_no,
        from: optional('timeline.from_port', 'port', s.port_of_loading), to: optional('timeline.to_port', 'port', s.port_of_discharge),
      }));
  }
  events.sort((a, b) => a.date.localeCompare(b.date) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.id - b.id);
  return events.map(({ id: _id, ...event }) => event);
}
