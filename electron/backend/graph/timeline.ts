import type { TimelineEvent } from '../../../shared/contract/chain';
import type { RecordKind } from '../../../shared/record-kinds';
import type { VehicleRecords } from './chain-records';
import { evidenceOf } from './evidence';

const KIND_ORDER: Record<TimelineEvent['kind'], number> = {
  production: 0, sale: 1, registration: 2, transfer: 3, deregistration: 4, confirmation: 5, export: 6, shipment: 7,
};

const money = (value: number | null, currency: string | null) => (value === null ? '' : `, ${currency ?? 'CNY'} ${Math.round(value)}`);

/** Every record of the vehicle as one dated line, in date order (ties: the order things happen in). */
export function buildTimeline(r: VehicleRecords): TimelineEvent[] {
  const events: (TimelineEvent & { id: number })[] = [];
  const further = (kind: RecordKind, row: { id: number }) => r.sourcesOf(kind, row.id).map((s) => evidenceOf(kind, s));
  for (const v of r.vehicleRecords) {
    if (!v.production_date) continue;
    events.push({ id: v.id, date: v.production_date, kind: 'production', party: v.manufacturer, odometer_km: null,
      detail: `produced${v.manufacturer ? ` by ${v.manufacturer}` : ''}`, evidence: evidenceOf('vehicles', v), sources: further('vehicles', v) });
  }
  for (const s of r.sales) {
    events.push({ id: s.id, date: s.invoice_date, kind: 'sale', party: s.buyer, odometer_km: null,
      detail: `${s.invoice_type === 'used' ? 'used-car' : s.invoice_type === 'new' ? 'new-car' : ''} invoice ${s.invoice_no}: ${s.seller} to ${s.buyer}${money(s.price, s.currency)}`.trim(),
      evidence: evidenceOf('sales', s), sources: further('sales', s) });
  }
  for (const g of r.registrations) {
    const kind = g.event === 'transfer' ? 'transfer' : g.event === 'deregistration' ? 'deregistration' : 'registration';
    const where = [g.city, g.plate ? `plate ${g.plate}` : null].filter(Boolean).join(', ');
    events.push({ id: g.id, date: g.registration_date, kind, party: g.owner, odometer_km: g.odometer_km,
      detail: `${kind === 'registration' ? 'initial registration' : kind} to ${g.owner}${where ? ` (${where})` : ''}`, evidence: evidenceOf('registrations', g), sources: further('registrations', g) });
  }
  for (const c of r.confirmations) {
    events.push({ id: c.id, date: c.issued_date, kind: 'confirmation', party: c.maker, odometer_km: null,
      detail: `after-sales confirmation for ${c.countries.split(',').filter(Boolean).join(', ')}`, evidence: evidenceOf('confirmations', c), sources: further('confirmations', c) });
  }
  for (const e of r.exports) {
    events.push({ id: e.id, date: e.declaration_date, kind: 'export', party: e.exporter, odometer_km: e.odometer_km,
      detail: `export declaration ${e.declaration_no} by ${e.exporter} to ${e.consignee ?? 'unnamed consignee'} (${e.destination_country})${e.port ? ` via ${e.port}` : ''}${money(e.declared_value, e.currency)}`,
      evidence: evidenceOf('exports', e), sources: further('exports', e) });
  }
  for (const s of r.shipments) {
    events.push({ id: s.id, date: s.departure_date, kind: 'shipment', party: s.consignee, odometer_km: null,
      detail: `shipped${s.mode ? ` by ${s.mode}` : ''} on ${s.bl_no}${s.port_of_loading ? ` from ${s.port_of_loading}` : ''}${s.port_of_discharge ? ` to ${s.port_of_discharge}` : ''}`,
      evidence: evidenceOf('shipments', s), sources: further('shipments', s) });
  }
  events.sort((a, b) => a.date.localeCompare(b.date) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.id - b.id);
  return events.map(({ id: _id, ...event }) => event);
}
