import { dayOf } from './calendar';
import type { RowHint, VehicleBuilder } from './vehicle-builder';
import type { Party } from './world';

/**
 * The ways a car passes from maker to owner or abroad, as building blocks of the scenarios.
 * Each returns the facts a scenario needs to state what it planted.
 */
export const LAST_DAY = dayOf('2026-11-20');
export const EXPORTS_FROM = dayOf('2024-01-10');
export const CONFIRMATIONS_FROM = dayOf('2026-01-01');

const hundreds = (x: number): number => Math.round(x / 100) * 100;

/** Maker -> dealer -> private buyer, registered; sometimes sold on privately years later. Never exported. */
export function retail(b: VehicleBuilder, o: { gap?: number; makerSaleHint?: RowHint } = {}): void {
  const rng = b.rng;
  b.car(rng.int(dayOf('2022-01-05'), dayOf('2026-06-30')));
  const dealer = b.dealer();
  const wholesale = b.produced + rng.int(3, 40);
  b.sale(wholesale, b.maker, dealer, b.price(0.88, 0.94), 'new', o.makerSaleHint);
  const buyer = b.person(0, dealer);
  const sold = wholesale + (o.gap ?? rng.int(2, 90));
  b.sale(sold, dealer, buyer, b.price(0.95, 1.02), 'new');
  const registered = sold + rng.int(0, 7);
  b.register(registered, 'initial', buyer, rng.int(3, 40));
  if (rng.chance(0.3)) {
    const resold = registered + rng.int(300, 1200);
    if (resold + 10 <= LAST_DAY) {
      const next = b.person(1, dealer);
      b.sale(resold, buyer, next, b.usedPrice(resold), 'used');
      b.register(resold + rng.int(0, 10), 'transfer', next, b.km + (resold - registered) * rng.int(25, 55));
    }
  }
}

/** A car driven for years, sold to a licensed exporter, re-registered to it, de-registered and exported. */
export function usedExport(b: VehicleBuilder, o: { rollbackKm?: number } = {}): void {
  const rng = b.rng;
  const exported = rng.int(EXPORTS_FROM, LAST_DAY - 10);
  const registered = exported - rng.int(700, 2200);
  const sold = registered - rng.int(0, 7);
  const wholesale = sold - rng.int(2, 90);
  b.car(wholesale - rng.int(3, 40));
  const dealer = b.dealer();
  b.sale(wholesale, b.maker, dealer, b.price(0.88, 0.94), 'new');
  let owner = b.person(0, dealer);
  b.sale(sold, dealer, owner, b.price(0.95, 1.02), 'new');
  b.register(registered, 'initial', owner, rng.int(3, 40));
  let lastRegistered = registered;
  if (rng.chance(0.4)) {
    const day = registered + Math.round((exported - registered) * rng.between(0.3, 0.6));
    const next = b.person(1, dealer);
    b.sale(day, owner, next, b.usedPrice(day), 'used');
    b.register(day, 'transfer', next, b.km + (day - registered) * rng.int(25, 50));
    owner = next;
    lastRegistered = day;
  }
  const exporter = b.exporter();
  const soldAbroad = exported - rng.int(5, 30);
  const price = b.usedPrice(soldAbroad);
  b.sale(soldAbroad, owner, exporter, price, 'used');
  b.register(soldAbroad + rng.int(0, 2), 'transfer', exporter, b.km + (soldAbroad - lastRegistered) * rng.int(25, 50));
  b.register(exported - rng.int(1, 2), 'deregistration', exporter, b.km + rng.int(0, 20));
  // A rolled-back reading is never below zero: an import rejects one (no odometer can read it), and the
  // demo's rows must all be what it counts as imported. At 0 it is still rolled back by the whole reading.
  const km = o.rollbackKm === undefined ? b.km + rng.int(0, 30) : Math.max(0, b.km - o.rollbackKm);
  b.exportCar(exported, exporter, { km, value: hundreds(price * rng.between(0.85, 1.05)), condition: 'used' });
}

export type NewExportOptions = {
  exportBetween?: [number, number];
  valueRatio?: [number, number];
  exactHalf?: boolean;
  justBelowHalf?: boolean;
  /** Production date this many days after the export (a conflict). */
  producedAfter?: number;
  producedOnExportDay?: boolean;
  /** An initial registration this many days after the export. */
  registeredAfter?: number;
};

/** Maker (or its dealer) -> licensed exporter, exported new without any registration. */
export function newExport(b: VehicleBuilder, o: NewExportOptions = {}): void {
  const rng = b.rng;
  const [from, to] = o.exportBetween ?? [EXPORTS_FROM, LAST_DAY - 10];
  const exported = rng.int(from, to);
  const exporter = b.exporter();
  let price: number;
  const priced = (p: number): number => (o.exactHalf || o.justBelowHalf ? Math.round(p / 200) * 200 : p);
  if (o.producedOnExportDay || o.producedAfter !== undefined) {
    b.car(o.producedOnExportDay ? exported : exported + o.producedAfter!);
    price = priced(b.price(0.9, 0.96));
    b.sale(o.producedOnExportDay ? exported : exported - rng.int(2, 10), b.maker, exporter, price, 'new');
  } else if (rng.chance(0.5)) {
    const sold = exported - rng.int(3, 40);
    b.car(sold - rng.int(3, 30));
    price = priced(b.price(0.9, 0.96));
    b.sale(sold, b.maker, exporter, price, 'new');
  } else {
    const sold = exported - rng.int(3, 40);
    const wholesale = sold - rng.int(1, 30);
    b.car(wholesale - rng.int(3, 30));
    const dealer = b.dealer();
    b.sale(wholesale, b.maker, dealer, b.price(0.88, 0.94), 'new');
    price = priced(b.price(0.93, 0.99));
    b.sale(sold, dealer, exporter, price, 'new');
  }
  const [lo, hi] = o.valueRatio ?? [0.88, 1.0];
  const value = o.exactHalf ? price / 2 : o.justBelowHalf ? price / 2 - 100 : hundreds(price * rng.between(lo, hi));
  b.exportCar(exported, exporter, { km: rng.chance(0.5) ? null : rng.int(0, 15), value, condition: 'new' });
  if (o.registeredAfter !== undefined) b.register(exported + o.registeredAfter, 'initial', b.person(0, exporter), null);
}

export type ZeroOptions = {
  exportDay?: number;
  /** Days from the initial registration to the export. */
  days?: number;
  /** Odometer at export; undefined = a typical 20-300 km or empty. */
  km?: number | null;
  undervalued?: boolean;
  /** The trader exports itself instead of selling to a licensed exporter. */
  selfExport?: boolean;
  trader?: Party;
  confirm?: 'random' | 'dest' | 'multi' | 'wrong' | 'none';
  /** The trader's sale to the exporter is dated this many days after the export (0 = same day). */
  saleAfterExport?: number;
  /** A transfer registration this many days after the export instead of a de-registration before it. */
  transferAfterExport?: number;
  duplicate?: 'new_number' | 'same_number';
  /** The trader invoices the exporter far below what it paid; the export is declared near that invoice. */
  underInvoice?: boolean;
};

export type ZeroFacts = { exported: number; days: number; km: number | null; confirmsDestination: boolean };

/**
 * The scheme: dealer -> trading company (new), registered to it so the car becomes "used",
 * sold on to an exporter (or exported by the trader), de-registered and exported within days.
 */
export function zeroMileage(b: VehicleBuilder, o: ZeroOptions = {}): ZeroFacts {
  const rng = b.rng;
  const days = o.days ?? rng.int(3, 90);
  const exported = o.exportDay ?? rng.int(EXPORTS_FROM, LAST_DAY - 10);
  const registered = exported - days;
  const bought = registered - rng.int(0, 5);
  const wholesale = bought - rng.int(1, 20);
  b.car(wholesale - rng.int(3, 30));
  const dealer = b.dealer();
  const trader = o.trader ?? (o.selfExport ? b.traderExporter() : b.trader());
  b.sale(wholesale, b.maker, dealer, b.price(0.88, 0.94), 'new');
  const paid = b.price(0.93, 0.98);
  b.sale(bought, dealer, trader, paid, 'new');
  const firstKm = rng.chance(0.3) ? null : rng.int(0, 15);
  b.register(registered, 'initial', trader, firstKm);
  let exporter = trader;
  let basis = paid;
  if (!o.selfExport) {
    exporter = b.exporter();
    const soldDay = o.saleAfterExport !== undefined ? exported + o.saleAfterExport
      : registered + rng.int(1, Math.max(1, Math.min(20, days - 2)));
    const invoiced = o.underInvoice ? hundreds(paid * 0.4) : b.price(0.95, 1.05);
    b.sale(soldDay, trader, exporter, invoiced, 'used');
    basis = o.underInvoice ? invoiced : o.saleAfterExport ? paid : Math.max(paid, invoiced);
  }
  const km = o.km === undefined ? (rng.chance(0.2) ? null : rng.int(20, 300)) : o.km;
  if (o.transferAfterExport === undefined) {
    const deregistered = Math.max(registered + 1, exported - rng.int(1, 2));
    b.register(deregistered, 'deregistration', trader, km === null ? null : Math.max(firstKm ?? 0, km - rng.int(0, 5)));
  }
  const value = o.underInvoice ? hundreds(basis * rng.between(1.0, 1.2))
    : hundreds(basis * (o.undervalued ? rng.between(0.3, 0.45) : rng.between(0.85, 1.0)));
  const hint: RowHint | undefined = o.duplicate === 'same_number' ? { file: 'exports-zh' } : undefined;
  const declaration = b.exportCar(exported, exporter, { km, value, condition: 'used', ...(hint ? { hint } : {}) });
  const country = declaration.destination_country;
  if (o.duplicate === 'same_number') {
    const copy = { ...declaration };
    b.h.exports.push(copy);
    b.hints.set(copy, { file: 'exports-en', en: b.hints.get(declaration)?.en ?? {} });
  } else if (o.duplicate === 'new_number') {
    b.exportCar(exported + rng.int(1, 10), exporter, {
      km: km === null ? null : km + rng.int(1, 30), value, condition: 'used', country, ship: false,
    });
  }
  if (o.transferAfterExport !== undefined) {
    b.register(exported + o.transferAfterExport, 'transfer', b.person(1, trader), km === null ? null : km + rng.int(50, 500));
  }
  const mode = o.confirm ?? 'random';
  let confirmsDestination = false;
  if (mode !== 'none' && (exported >= CONFIRMATIONS_FROM || mode !== 'random')) {
    const issued = Math.max(registered, exported - rng.int(2, 15));
    if (mode === 'dest' || (mode === 'random' && rng.chance(0.5))) {
      b.confirm(issued, [country]);
      confirmsDestination = true;
    } else if (mode === 'multi') {
      b.confirm(issued, [b.otherCountry(country), country]);
      confirmsDestination = true;
    } else if (mode === 'wrong') {
      b.confirm(issued, [b.otherCountry(country)]);
    }
  }
  return { exported, days, km, confirmsDestination };
}

/** A retail car exported by a licensed exporter without any sale invoice to it, `gap` days after the retail sale. */
export function exportedWithoutInvoice(b: VehicleBuilder, gap: number): void {
  const rng = b.rng;
  const exported = rng.int(EXPORTS_FROM, LAST_DAY - 10);
  const sold = exported - gap;
  const wholesale = sold - rng.int(2, 60);
  b.car(wholesale - rng.int(3, 30));
  const dealer = b.dealer();
  b.sale(wholesale, b.maker, dealer, b.price(0.88, 0.94), 'new');
  const owner = b.person(0, dealer);
  const price = b.price(0.95, 1.02);
  b.sale(sold, dealer, owner, price, 'new');
  const registered = sold + rng.int(0, 7);
  b.register(registered, 'initial', owner, rng.int(3, 40));
  const deregistered = exported - rng.int(1, 3);
  b.register(deregistered, 'deregistration', owner, b.km + (deregistered - registered) * rng.int(20, 40));
  b.exportCar(exported, b.exporter(), { km: b.km + rng.int(0, 20), value: hundreds(price * rng.between(0.25, 0.4)), condition: 'used' });
}

/** Registered, de-registered, registered again well over a year later and exported soon after. */
export function reRegisteredExport(b: VehicleBuilder): void {
  const rng = b.rng;
  const exported = rng.int(dayOf('2025-06-01'), dayOf('2025-12-01'));
  const reRegistered = exported - rng.int(10, 40);
  const bought = reRegistered - rng.int(400, 700);
  const wholesale = bought - rng.int(1, 20);
  b.car(wholesale - rng.int(3, 30));
  const dealer = b.dealer();
  const trader = b.traderExporter();
  b.sale(wholesale, b.maker, dealer, b.price(0.88, 0.94), 'new');
  const paid = b.price(0.93, 0.98);
  b.sale(bought, dealer, trader, paid, 'new');
  b.register(bought + 1, 'initial', trader, rng.int(5, 15));
  b.register(bought + 8, 'deregistration', trader, b.km + rng.int(1, 10));
  b.register(reRegistered, 'initial', trader, b.km + rng.int(1, 10));
  b.exportCar(exported, trader, { km: b.km + rng.int(5, 30), value: hundreds(paid * rng.between(0.85, 0.95)), condition: 'used' });
}

/** Dealer -> trading company -> private buyer, both as new cars, `gap` days apart; registered to the buyer. */
export function resoldNew(b: VehicleBuilder, gap: number): void {
  const rng = b.rng;
  b.car(rng.int(dayOf('2023-01-01'), dayOf('2026-06-30')));
  const dealer = b.dealer();
  const trader = b.trader();
  const wholesale = b.produced + rng.int(3, 30);
  b.sale(wholesale, b.maker, dealer, b.price(0.88, 0.94), 'new');
  const bought = wholesale + rng.int(1, 20);
  b.sale(bought, dealer, trader, b.price(0.93, 0.98), 'new');
  const buyer = b.person(0, trader);
  b.sale(bought + gap, trader, buyer, b.price(0.98, 1.05), 'new');
  b.register(bought + gap + rng.int(0, 5), 'initial', buyer, rng.int(3, 40));
}

/** A trading company buys a car new and keeps it: registered to it, never exported. */
export function keptByTrader(b: VehicleBuilder, trader: Party): void {
  const rng = b.rng;
  const bought = rng.int(EXPORTS_FROM, LAST_DAY - 30);
  const wholesale = bought - rng.int(1, 20);
  b.car(wholesale - rng.int(3, 30));
  const dealer = b.dealer();
  b.sale(wholesale, b.maker, dealer, b.price(0.88, 0.94), 'new');
  b.sale(bought, dealer, trader, b.price(0.93, 0.98), 'new');
  b.register(bought + rng.int(0, 5), 'initial', trader, rng.int(0, 15));
}

/** A trading company buys a car new, registers it, and sells it to an exporter exactly `held` days later. */
export function heldThenSold(b: VehicleBuilder, trader: Party, held: number): void {
  const rng = b.rng;
  const soldDay = rng.int(EXPORTS_FROM + held, LAST_DAY - 10);
  const bought = soldDay - held;
  const wholesale = bought - rng.int(1, 20);
  b.car(wholesale - rng.int(3, 30));
  const dealer = b.dealer();
  b.sale(wholesale, b.maker, dealer, b.price(0.88, 0.94), 'new');
  b.sale(bought, dealer, trader, b.price(0.93, 0.98), 'new');
  b.register(bought + rng.int(1, 5), 'initial', trader, rng.int(0, 15));
  const exporter = b.exporter();
  const price = b.price(0.9, 1.0);
  b.sale(soldDay, trader, exporter, price, 'used');
  b.register(soldDay + 1, 'deregistration', trader, b.km + rng.int(50, 400));
  b.exportCar(soldDay + rng.int(2, 5), exporter, { km: b.km + rng.int(1, 20), value: hundreds(price * rng.between(0.85, 1.0)), condition: 'used' });
}
