import { withPersonIdCheck } from '../../../shared/party-id';
import { withCheckDigit } from '../../../shared/vin';
import { isoOf } from './calendar';
import {
  emptyHistory, type ConfirmationRow, type ExportRow, type RegistrationRow, type SaleRow, type VehicleHistory,
} from './records';
import type { Rng } from './random';
import { CARRIERS, COLOURS, CONSIGNEES, ROUTES, personName, type Maker, type Model, type Party, type World } from './world';

/** Which file a row should go to when the scenario cares, and its English spellings. */
export type RowHint = { file?: string; en?: Record<string, string> };

/** Numbering shared by all vehicles of one demo; generation is sequential, so it is deterministic. */
export type Counters = { invoice: number; declaration: number; waybill: number; confirmation: number };

export type BuildContext = { world: World; counters: Counters };

const YEAR_CODES = 'ABCDEFGHJKLMNPRSTVWXY123456789';
const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
const PERSON_BIRTH_BASE = -3653; // 1960-01-01

/** A VIN for vehicle `index`: positions 11-17 encode the index, so VINs never collide. */
export function demoVin(maker: Maker, model: Model, modelYear: number, index: number): string {
  const plant = VIN_CHARS[Math.floor(index / 1_000_000) % VIN_CHARS.length]!;
  const serial = String(index % 1_000_000).padStart(6, '0');
  return withCheckDigit(`${maker.wmi}${model.vds}0${YEAR_CODES[modelYear - 2010]!}${plant}${serial}`);
}

/** Collects one vehicle's records; days are day numbers (see calendar.ts). */
export class VehicleBuilder {
  readonly h: VehicleHistory;
  readonly hints = new Map<object, RowHint>();
  maker!: Maker;
  model!: Model;
  produced = 0;
  /** The odometer reading the car has now. */
  km = 0;
  private plate: string | null = null;
  private plateCity: string | null = null;

  constructor(readonly ctx: BuildContext, readonly index: number, readonly rng: Rng) {
    this.h = emptyHistory('');
  }

  get world(): World { return this.ctx.world; }

  /** Chooses maker and model, and writes the vehicle's master record. */
  car(produced: number, maker?: Maker): void {
    const rng = this.rng;
    this.maker = maker ?? rng.weighted(this.world.makerWeights);
    this.model = rng.pick(this.maker.models);
    this.produced = produced;
    const iso = isoOf(produced);
    const year = Number(iso.slice(0, 4));
    const month = Number(iso.slice(5, 7));
    const modelYear = month >= 9 && rng.chance(0.6) ? year + 1 : year;
    const vin = demoVin(this.maker, this.model, modelYear, this.index);
    this.h.vin = vin;
    const row = {
      vin, make: this.maker.brand, model: this.model.name, fuel_type: this.model.fuel, production_date: iso,
      manufacturer: this.maker.name, manufacturer_id: this.maker.id,
    };
    this.h.vehicles.push(row);
    this.hints.set(row, { en: { manufacturer: this.maker.nameEn!, make: this.maker.brandEn, colour: rng.pick(COLOURS) } });
  }

  dealer(): Party { return this.rng.pick(this.world.dealers.get(this.maker)!); }
  trader(): Party { return this.rng.pick(this.world.traders); }
  exporter(): Party { return this.rng.pick(this.world.exporters); }
  traderExporter(): Party { return this.rng.pick(this.world.traderExporters); }

  /** A private buyer living where `near` is; `slot` tells apart the persons of one vehicle. */
  person(slot: number, near: Party): Party {
    // Birth date and sequence number are a permutation of (vehicle, slot): no two persons share an id.
    const u = this.index * 4 + slot;
    const birth = isoOf(PERSON_BIRTH_BASE + ((u * 7_919) % 16_000)).replaceAll('-', '');
    const seq = String((Math.floor(u / 16_000) * 37 + 101) % 1000).padStart(3, '0');
    return { name: personName(this.rng), id: withPersonIdCheck(`${near.city.region}${birth}${seq}`), city: near.city };
  }

  /** The model's list price times a factor in [lo, hi), rounded to 100 CNY. */
  price(lo: number, hi: number): number {
    return Math.round((this.model.price * this.rng.between(lo, hi)) / 100) * 100;
  }

  /** What a used car of this model fetches on `day`: about 12% a year off the list price. */
  usedPrice(day: number): number {
    const years = Math.max(0, (day - this.produced) / 365);
    return Math.round((this.model.price * Math.max(0.3, 0.95 - 0.12 * years) * this.rng.between(0.95, 1.05)) / 100) * 100;
  }

  sale(day: number, seller: Party, buyer: Party, price: number, type: 'new' | 'used', hint?: RowHint): SaleRow {
    const row: SaleRow = {
      invoice_no: String(10_000_000 + (this.ctx.counters.invoice++ % 90_000_000)), invoice_date: isoOf(day), vin: this.h.vin,
      seller: seller.name, seller_id: seller.id, buyer: buyer.name, buyer_id: buyer.id, price, invoice_type: type,
    };
    this.h.sales.push(row);
    const en = seller.nameEn ? { seller: seller.nameEn } : undefined;
    if (hint || en) this.hints.set(row, { ...hint, ...(en ? { en } : {}) });
    return row;
  }

  register(day: number, event: RegistrationRow['event'], owner: Party, km: number | null, hint?: RowHint): RegistrationRow {
    if (km !== null) this.km = Math.max(this.km, km);
    if (event !== 'deregistration' && (this.plate === null || this.plateCity !== owner.city.name || event === 'initial')) {
      this.plate = this.newPlate(owner);
      this.plateCity = owner.city.name;
    }
    const row: RegistrationRow = {
      registration_date: isoOf(day), event, vin: this.h.vin, owner: owner.name, owner_id: owner.id,
      plate: this.plate, city: owner.city.name, province: owner.city.province, odometer_km: km,
    };
    this.h.registrations.push(row);
    if (hint) this.hints.set(row, hint);
    return row;
  }

  private newPlate(owner: Party): string {
    const rng = this.rng;
    const electric = this.model.fuel === 'BEV' || this.model.fuel === 'PHEV';
    const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
    const tail = electric
      ? `${rng.pick(['D', 'F'])}${String(rng.int(0, 99_999)).padStart(5, '0')}`
      : `${rng.pick([...letters])}${String(rng.int(0, 9999)).padStart(4, '0')}`;
    return `${owner.city.plate}·${tail}`;
  }

  /** An export declaration and, unless told otherwise, the shipment that carried the car. */
  exportCar(day: number, exporter: Party, o: {
    km: number | null; value: number; condition: 'new' | 'used'; country?: string; hint?: RowHint; no?: string; ship?: boolean;
  }): ExportRow {
    const rng = this.rng;
    if (o.km !== null) this.km = Math.max(this.km, o.km);
    const country = o.country ?? rng.pick(exporter.markets ?? ['RU']);
    const route = rng.pick(ROUTES[country]!);
    const consignee = rng.pick(CONSIGNEES[country]!);
    const iso = isoOf(day);
    const no = o.no ?? `${route.customs}${iso.slice(0, 4)}1${String(this.ctx.counters.declaration++ % 1_000_000_000).padStart(9, '0')}`;
    const row: ExportRow = {
      declaration_no: no, declaration_date: iso, vin: this.h.vin, exporter: exporter.name, exporter_id: exporter.id,
      consignee, destination_country: country, port: route.port, declared_value: o.value, odometer_km: o.km, condition: o.condition,
    };
    this.h.exports.push(row);
    this.hints.set(row, { ...o.hint, en: { port: route.portEn } });
    if (o.ship !== false) {
      const seq = this.ctx.counters.waybill++;
      const departure = day + rng.int(1, 7);
      const shipment = {
        bl_no: route.mode === 'sea' ? `COSU${String(6_000_000_000 + seq)}` : `ZT${isoOf(departure).slice(0, 4)}${String(seq).padStart(8, '0')}`,
        departure_date: isoOf(departure), vin: this.h.vin, carrier: rng.pick(CARRIERS[route.mode]), mode: route.mode,
        port_of_loading: route.loading, port_of_discharge: route.discharge, consignee,
      };
      this.h.shipments.push(shipment);
    }
    return row;
  }

  confirm(day: number, countries: string[]): ConfirmationRow {
    const row: ConfirmationRow = { vin: this.h.vin, issued_date: isoOf(day), maker: this.maker.name, countries };
    this.h.confirmations.push(row);
    this.hints.set(row, { en: { number: `QR${isoOf(day).slice(0, 4)}${String(this.ctx.counters.confirmation++).padStart(6, '0')}` } });
    return row;
  }

  /** A country the exporter's confirmation does not name: for the planted wrong confirmations. */
  otherCountry(country: string): string {
    return country === 'KZ' ? 'RU' : 'KZ';
  }
}
