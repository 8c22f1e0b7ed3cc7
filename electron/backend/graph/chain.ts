import type Database from 'better-sqlite3';
import type { ChainGap, ChainHolder, ChainLink, EvidenceRef, PartyRole, VehicleChain } from '../../../shared/contract/chain';
import { ZeroMileError } from '../../../shared/errors';
import { WMI_MAKERS } from '../../../shared/data/wmi';
import { normalizeHeader, normalizeName } from '../../../shared/text';
import { readVehicleRecords, type VehicleRecords } from './chain-records';
import { daysHeld, evidenceOf } from './evidence';
import { buildTimeline } from './timeline';

/** A change of hands read from one record, before holders are numbered. */
type Handover = {
  date: string;
  /** Order within a day: sale, registration, export, shipment. */
  rank: number;
  id: number;
  from: PartyKey | null;
  to: PartyKey;
  kind: ChainLink['kind'];
  /** A sale's invoice type ('new', 'used' or null). */
  invoice_type?: string | null;
  price: number | null;
  currency: string | null;
  evidence: EvidenceRef;
};
/** `bare`: the record names the party without an identifier (consignees never have one). */
type PartyKey = { party_id: number | null; name: string; bare: boolean; foreign?: boolean; exporter?: boolean };

const keyOf = (p: PartyKey) => (p.party_id !== null ? `#${p.party_id}` : `name:${p.name}`);

function handovers(r: VehicleRecords): Handover[] {
  const out: Handover[] = [];
  for (const s of r.sales) {
    out.push({ date: s.invoice_date, rank: 0, id: s.id, from: { party_id: s.seller_party_id, name: s.seller, bare: s.seller_id === null },
      to: { party_id: s.buyer_party_id, name: s.buyer, bare: s.buyer_id === null }, kind: 'sale', invoice_type: s.invoice_type, price: s.price, currency: s.currency ?? (s.price === null ? null : 'CNY'),
      evidence: evidenceOf('sales', s) });
  }
  for (const g of r.registrations) {
    if (g.event === 'deregistration') continue;
    out.push({ date: g.registration_date, rank: 1, id: g.id, from: null, to: { party_id: g.owner_party_id, name: g.owner, bare: g.owner_id === null },
      kind: 'registration', price: null, currency: null, evidence: evidenceOf('registrations', g) });
  }
  for (const e of r.exports) {
    out.push({ date: e.declaration_date, rank: 2, id: e.id, from: null, to: { party_id: e.exporter_party_id, name: e.exporter, bare: e.exporter_id === null, exporter: true },
      kind: 'export', price: null, currency: null, evidence: evidenceOf('exports', e) });
    if (e.consignee !== null) {
      out.push({ date: e.declaration_date, rank: 2, id: e.id, from: { party_id: e.exporter_party_id, name: e.exporter, bare: e.exporter_id === null },
        to: { party_id: e.consignee_party_id, name: e.consignee, bare: true, foreign: true }, kind: 'export',
        price: e.declared_value, currency: e.currency ?? (e.declared_value === null ? null : 'CNY'), evidence: evidenceOf('exports', e) });
    }
  }
  for (const s of r.shipments) {
    if (s.consignee === null) continue;
    out.push({ date: s.departure_date, rank: 3, id: s.id, from: null, to: { party_id: s.consignee_party_id, name: s.consignee, bare: true, foreign: true },
      kind: 'shipment', price: null, currency: null, evidence: evidenceOf('shipments', s) });
  }
  return out.sort((a, b) => a.date.localeCompare(b.date) || a.rank - b.rank || a.id - b.id);
}

/**
 * The ownership chain of a vehicle: one holder per party, in the order they first held it
 * (maker first, when known), the links between them with date, price and the record behind
 * each, and the timeline of every record. A link is drawn only where one record names both ends
 * (a sale's seller and buyer, a declaration's exporter and consignee); a registration, export or
 * shipment naming a party that is not the current holder makes it the holder with the hand-over
 * left open (a gap): nothing is invented.
 */
export function buildChain(db: Database.Database, vin: string): VehicleChain {
  const r = readVehicleRecords(db, vin);
  const recordCount = r.vehicleRecords.length + r.sales.length + r.registrations.length + r.exports.length + r.shipments.length + r.confirmations.length;
  if (!r.vehicle && recordCount === 0) throw new ZeroMileError('not_found', `No vehicle ${vin} in this case file.`);

  const holders: ChainHolder[] = [];
  const links: ChainLink[] = [];
  const gaps: ChainGap[] = [];
  const index = new Map<string, number>();
  const facts: { foreign: boolean; exporter: boolean; fromMaker: boolean }[] = [];
  /** Per holder, the records that name it without an identifier (its by_name, if it has one). */
  const bare: EvidenceRef[][] = [];
  /** The holder the vehicle is with, as the hand-overs are walked. */
  let current: number | null = null;
  /**
   * The holder of a party named by a record (`record`: the record that names it). A party the
   * case keeps apart from the current holder only because one of the two has no identifier (王伟
   * buys with his ID number, the registration names 王伟 without one) is taken as that holder here,
   * in this vehicle's chain alone, and the record without the identifier is listed as matched by
   * name only: the chain stays whole and says what it rests on.
   */
  const holderOf = (p: PartyKey, record: EvidenceRef | null, acquired: string | null, price: number | null, evidence: EvidenceRef | null): number => {
    const key = keyOf(p);
    let at = index.get(key) ?? sameNameAsCurrent(p);
    if (at !== undefined) {
      if (p.foreign) facts[at]!.foreign = true;
      if (p.exporter) facts[at]!.exporter = true;
      index.set(key, at);
    } else {
      const party = r.party(p.party_id);
      holders.push({ party_id: p.party_id, name: party?.name ?? p.name, role: 'trader', party_code: party?.party_id ?? null, acquired, price, days_held: null, evidence, by_name: [] });
      facts.push({ foreign: Boolean(p.foreign), exporter: Boolean(p.exporter), fromMaker: false });
      bare.push([]);
      at = holders.length - 1;
      index.set(key, at);
    }
    if (p.bare && record !== null && !bare[at]!.some((e) => e.record_kind === record.record_kind && e.record_id === record.record_id)) bare[at]!.push(record);
    return at;
  };
  const sameNameAsCurrent = (p: PartyKey): number | undefined => {
    const holder = current === null ? undefined : holders[current];
    const party = r.party(p.party_id);
    if (!holder || !party || holder.party_id === null || normalizeName(holder.name) !== normalizeName(party.name)) return undefined;
    if ((holder.party_code === null) === (party.party_id === null)) return undefined;
    // The holder becomes the identified party of the two.
    if (holder.party_code === null) Object.assign(holder, { party_id: party.id, name: party.name, party_code: party.party_id });
    return current!;
  };

  const makerId = r.vehicle?.manufacturer_party_id ?? r.vehicleRecords.find((v) => v.manufacturer_party_id !== null)?.manufacturer_party_id ?? null;
  const makerRecord = r.vehicleRecords.find((v) => v.manufacturer !== null || v.manufacturer_party_id !== null);
  let makerIndex: number | null = null;
  if (makerId !== null || makerRecord) {
    const production = r.vehicle?.production_date ?? r.vehicleRecords.find((v) => v.production_date)?.production_date ?? null;
    const makerEvidence = makerRecord ? evidenceOf('vehicles', makerRecord) : null;
    makerIndex = holderOf({ party_id: makerId, name: makerRecord?.manufacturer ?? r.vehicle?.maker ?? 'maker', bare: makerRecord?.manufacturer_id === null },
      makerEvidence, production, null, makerEvidence);
  }

  const sorted = handovers(r);
  if (makerIndex === null) {
    const first = sorted[0];
    // No maker on record: a vehicle whose records begin with a sale, not on a used-car invoice,
    // by a seller named as the maker its VIN's WMI decodes to (比亚迪汽车工业有限公司 for LGX) starts
    // with its maker. Its buyer bought from the maker, as with a maker on record.
    if (first?.kind === 'sale' && first.from && first.invoice_type !== 'used' && namesWmiMaker(first.from.name, vin)) {
      makerIndex = holderOf(first.from, first.evidence, null, null, null);
      // Not a recorded fact: the screens, zeromile chain and the evidence sheet say it came from the WMI.
      holders[makerIndex]!.maker_from_wmi = { wmi: vin.slice(0, 3), names: WMI_MAKERS[vin.slice(0, 3)]! };
    }
  }
  current = makerIndex;
  for (const h of sorted) {
    const from = h.from ? holderOf(h.from, h.evidence, null, null, null) : current;
    const to: number = holderOf(h.to, h.evidence, h.date, h.price, h.evidence);
    if (h.to.foreign) facts[to]!.foreign = true;
    if (h.to.exporter) facts[to]!.exporter = true;
    if (from !== null && from === makerIndex && h.kind === 'sale') facts[to]!.fromMaker = true;
    if (from === to) { current = to; continue; }
    if (h.from && from !== null) {
      links.push({ from, to, date: h.date, price: h.price, currency: h.currency, days_held: daysHeld(holders[from]!.acquired, h.date), kind: h.kind, evidence: h.evidence });
    } else {
      gaps.push({ from, to, date: h.date, kind: h.kind as ChainGap['kind'], evidence: h.evidence });
    }
    current = to;
  }

  holders.forEach((holder, i) => {
    // An identified party named by a record without its identifier: matched by name only.
    holder.by_name = holder.party_code === null ? [] : bare[i]!;
    holder.role = roleOf(i, makerIndex, facts[i]!, r.party(holder.party_id)?.is_person === 1);
    // Held until the vehicle next left it, by a link or an open hand-over.
    const out = [...links, ...gaps].filter((l) => l.from === i).sort((a, b) => a.date.localeCompare(b.date))[0];
    holder.days_held = out ? daysHeld(holder.acquired, out.date) : null;
  });
  const v = r.vehicle;
  return {
    vin,
    vehicle: {
      maker: v?.maker ?? null, model_year: v?.model_year ?? null, make: v?.make ?? null, model: v?.model ?? null,
      fuel_type: v?.fuel_type ?? null, production_date: v?.production_date ?? r.vehicleRecords.find((x) => x.production_date)?.production_date ?? null,
    },
    holders,
    links,
    gaps,
    timeline: buildTimeline(r),
  };
}

/** Words of a dealer's or trader's name (比亚迪汽车销售有限公司, BYD Auto Sales Co): a company of the maker's group that sells, not the maker. */
const SELLER_WORDS = /销售|经销|贸易|商贸|服务|专营|特约|4s|sales|dealer|trade|trading|service|retail/;

/**
 * Whether a party is named as the maker the VIN's WMI decodes to (its English or Chinese name,
 * compared without case, spaces or punctuation: 比亚迪汽车工业有限公司, BYD Auto Industry Co., Ltd.
 * for LGX), and not as one of its sales companies.
 */
function namesWmiMaker(name: string, vin: string): boolean {
  const names = WMI_MAKERS[vin.slice(0, 3)];
  if (!names) return false;
  const compact = (text: string) => normalizeHeader(text).replace(/[,，、·・&'"]/g, '');
  const party = compact(name);
  if (SELLER_WORDS.test(party)) return false;
  return names.some((maker) => {
    const m = compact(maker);
    return m.length >= 2 && party.includes(m);
  });
}

function roleOf(i: number, makerIndex: number | null, f: { foreign: boolean; exporter: boolean; fromMaker: boolean }, person: boolean): PartyRole {
  if (i === makerIndex) return 'maker';
  if (f.foreign) return 'foreign_buyer';
  if (f.exporter) return 'exporter';
  if (person) return 'owner';
  return f.fromMaker ? 'dealer' : 'trader';
}
