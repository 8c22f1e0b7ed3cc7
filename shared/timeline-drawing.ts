import type { ChainHolder, TimelineEvent, TimelineEventKind, VehicleChain } from './contract/chain';
import { CASE_EN } from './i18n/case-en';
import { message, renderMessage, type Message } from './i18n/message';
import { daysBetween } from './dates';
import { DEFAULT_RULE_PARAMS } from './rules';
import { citedPlace } from './citation';

/**
 * A vehicle's records on one time axis, as geometry only (no DOM, no markup): the screen draws it
 * with React and the evidence sheet as SVG text, from the same numbers. One lane per holder (the
 * party an event belongs to: the buyer of a sale, the owner of a registration, the exporter of a
 * declaration, the consignee of a shipment), a connector across lanes for each hand-over (dashed
 * where the records leave it open), the odometer readings as a line in a band of their own, and
 * the zero-mileage window (the days after the first registration within which an export counts as
 * zero-mileage) shaded. x is in plot units from the first day shown; lanes stack from y = 0.
 */
export type TimelineMark = {
  /** Index into chain.timeline: the event, its record and document. */
  event: number;
  kind: TimelineEventKind;
  x: number;
  y: number;
  lane: number;
};
export type TimelineLane = { name: string; role: ChainHolder['role'] | null; y: number; height: number };
export type TimelineConnector = { x: number; y1: number; y2: number; open: boolean; date: string };
export type TimelineTick = { x: number; label: string };
export type TimelineDrawing = {
  width: number;
  /** Lanes, then the odometer band (when any reading), then the axis. */
  height: number;
  from: string;
  to: string;
  lanes: TimelineLane[];
  marks: TimelineMark[];
  connectors: TimelineConnector[];
  ticks: TimelineTick[];
  axisY: number;
  odometer: { top: number; bottom: number; maxKm: number; points: OdometerPoint[] } | null;
  /** The zero-mileage window; `cut` when it runs on past the plot's end. */
  window: { x1: number; x2: number; from: string; to: string; days: number; cut: boolean } | null;
};

/**
 * A reading on the odometer line and where its label goes: beside the dot, above or below it, to
 * its right (`start`) or left (`end`), and stacked further off when readings close in time would
 * put their labels one over another; `leader` when it sits off its dot (a line joins them).
 */
export type OdometerPoint = {
  x: number; y: number; km: number; event: number;
  label: { x: number; y: number; anchor: 'start' | 'end'; leader: boolean };
};

/**
 * How big a reading's label prints: its width in plot units (from its text) and the height of its
 * line box, about 1.45 times the font size with the Noto fonts (Chinese ones are the tallest), four
 * fifths of it above the baseline.
 */
export type LabelSize = { width: (km: number) => number; height: number };

/**
 * About how wide `text` prints at `fontPx`, a little more rather than less: Chinese characters an
 * em, digits and Latin letters about 0.6 of one, spaces, commas and points less.
 */
export function textWidth(text: string, fontPx: number): number {
  let em = 0;
  for (const ch of text) em += ch.charCodeAt(0) >= 0x2e80 ? 1 : /[\s,.·:;'|!il]/.test(ch) ? 0.32 : 0.62;
  return Math.ceil(em * fontPx);
}

export type TimelineOptions = {
  /** Plot width: at least this (default 720), more for long histories up to `maxWidth`. */
  minWidth?: number;
  maxWidth?: number;
  /** Plot units per day before the width is capped (default 4). */
  perDay?: number;
  /** Days after the first registration an export counts as zero-mileage (default: the rule's). */
  windowDays?: number;
  /** The days the axis spans (several vehicles on one axis); default: the vehicle's records. */
  range?: { from: string; to: string };
  /** One lane for the whole vehicle, no hand-overs nor odometer band: a row of a party's timeline. */
  compact?: boolean;
  /** The size of the odometer readings' labels (default: "12,345 km" at 11 px). */
  odometerLabels?: LabelSize;
};

/** Marks closer than this on one lane stack into levels, each level this much lower. */
const MARK_SPACING = 18;
const LEVEL_H = 24;
const LANE_PAD = 16;
const ODOMETER_H = 70;
const AXIS_H = 28;

export const EVENT_SHAPES: Readonly<Record<TimelineEventKind, { colour: string; shape: 'square' | 'circle' | 'diamond' | 'cross' | 'triangle' | 'ship' | 'star' }>> = {
  production: { colour: '#1f6feb', shape: 'square' },
  sale: { colour: '#2da44e', shape: 'circle' },
  registration: { colour: '#9a6700', shape: 'diamond' },
  transfer: { colour: '#9a6700', shape: 'diamond' },
  deregistration: { colour: '#57606a', shape: 'cross' },
  confirmation: { colour: '#0969da', shape: 'star' },
  export: { colour: '#cf222e', shape: 'triangle' },
  shipment: { colour: '#8250df', shape: 'ship' },
};

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const norm = (name: string | null) => (name ?? '').trim().toLowerCase();

/** The holder each event belongs to, from the chain's own links and gaps (same record), else by name. */
function laneOfEvents(chain: VehicleChain): (number | string)[] {
  const byRecord = new Map<string, number>();
  const key = (kind: string, id: number) => `${kind}:${id}`;
  for (const gap of chain.gaps) byRecord.set(key(gap.evidence.record_kind, gap.evidence.record_id), gap.to);
  for (const link of chain.links) {
    // A declaration is the exporter's event; a sale is the buyer's.
    byRecord.set(key(link.evidence.record_kind, link.evidence.record_id), link.kind === 'export' ? link.from : link.to);
  }
  const byName = new Map<string, number>();
  chain.holders.forEach((h, i) => { if (!byName.has(norm(h.name))) byName.set(norm(h.name), i); });
  const maker = chain.holders.findIndex((h) => h.role === 'maker');
  return chain.timeline.map((e: TimelineEvent) => {
    const known = byRecord.get(key(e.evidence.record_kind, e.evidence.record_id));
    if (known !== undefined) return known;
    if ((e.kind === 'production' || e.kind === 'confirmation') && maker >= 0) return maker;
    return byName.get(norm(e.party)) ?? (e.party ?? '—');
  });
}

/** Month ticks (every n months so labels keep ~90 units apart). */
function monthTicks(from: string, to: string, x: (date: string) => number, width: number): TimelineTick[] {
  const months = (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7)) + 1;
  const step = [1, 2, 3, 6, 12, 24].find((s) => (width / months) * s >= 90) ?? 24;
  const ticks: TimelineTick[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  for (let i = 0; i <= months; i++) {
    const date = `${y}-${String(m).padStart(2, '0')}-01`;
    if (date >= from && date <= to && (m - 1) % step === 0) ticks.push({ x: x(date), label: date.slice(0, 7) });
    m += 1;
    if (m > 12) { m = 1; y += 1; }
  }
  return ticks;
}

export function drawTimeline(chain: VehicleChain, options: TimelineOptions = {}): TimelineDrawing {
  const events = chain.timeline;
  const windowDays = options.windowDays ?? DEFAULT_RULE_PARAMS.zero_mileage_max_days;
  const firstRegistration = events.find((e) => e.kind === 'registration')?.date ?? null;
  const windowEnd = firstRegistration ? addDays(firstRegistration, windowDays) : null;
  // The axis spans the records; a window running on past the last record is cut at the plot's end
  // (its end date is in its tooltip), so 180 empty days do not squeeze the records into a corner.
  const dates = events.map((e) => e.date).sort();
  // A few days either side, so the first and last marks are not cut by the frame.
  const from = options.range?.from ?? addDays(dates[0] ?? '2000-01-01', -7);
  const to = options.range?.to ?? addDays(dates[dates.length - 1] ?? '2000-01-01', 7);
  const days = Math.max(1, daysBetween(from, to));
  const width = Math.round(Math.min(options.maxWidth ?? 2400, Math.max(options.minWidth ?? 720, days * (options.perDay ?? 4))));
  const x = (date: string) => Math.round((daysBetween(from, date) / days) * width * 10) / 10;

  // Lanes: every holder in chain order, then any party the records name that is not a holder.
  const laneKeys = options.compact ? events.map(() => 0) : laneOfEvents(chain);
  const names: { name: string; role: ChainHolder['role'] | null }[] = options.compact ? [{ name: chain.vin, role: null }] : chain.holders.map((h) => ({ name: h.name, role: h.role }));
  const extra = new Map<string, number>();
  const laneIndex = laneKeys.map((k) => {
    if (typeof k === 'number') return k;
    if (!extra.has(k)) { extra.set(k, names.length); names.push({ name: k, role: null }); }
    return extra.get(k)!;
  });

  // Marks on one lane closer than MARK_SPACING go one level lower.
  // A party's rows carry no numbers (their marks are cited in tooltips): marks may sit closer.
  const spacing = options.compact ? 12 : MARK_SPACING;
  const levelH = options.compact ? 14 : LEVEL_H;
  const level: number[] = [];
  const levelsOf = names.map(() => 1);
  const lastX = names.map(() => [] as number[]);
  events.forEach((e, i) => {
    const lane = laneIndex[i]!;
    const at = x(e.date);
    let l = 0;
    while (lastX[lane]![l] !== undefined && at - lastX[lane]![l]! < spacing) l++;
    lastX[lane]![l] = at;
    level.push(l);
    levelsOf[lane] = Math.max(levelsOf[lane]!, l + 1);
  });
  let y = 0;
  const lanes: TimelineLane[] = names.map((n, i) => {
    const height = LANE_PAD + levelsOf[i]! * levelH;
    const lane = { ...n, y, height };
    y += height;
    return lane;
  });
  const marks: TimelineMark[] = events.map((e, i) => {
    const lane = lanes[laneIndex[i]!]!;
    return { event: i, kind: e.kind, x: x(e.date), y: lane.y + LANE_PAD / 2 + levelH / 2 + level[i]! * levelH, lane: laneIndex[i]! };
  });
  const laneMid = (i: number) => lanes[i]!.y + LANE_PAD / 2 + LEVEL_H / 2;
  const connectors: TimelineConnector[] = options.compact ? [] : [
    ...chain.links.map((l) => ({ x: x(l.date), y1: laneMid(l.from), y2: laneMid(l.to), open: false, date: l.date })),
    ...chain.gaps.filter((g) => g.from !== null).map((g) => ({ x: x(g.date), y1: laneMid(g.from!), y2: laneMid(g.to), open: true, date: g.date })),
  ];

  const readings = events.map((e, i) => ({ e, i })).filter(({ e }) => e.odometer_km !== null);
  let odometer: TimelineDrawing['odometer'] = null;
  if (readings.length > 0 && !options.compact) {
    const top = y + 8;
    const bottom = top + ODOMETER_H - 16;
    const most = Math.max(...readings.map(({ e }) => e.odometer_km!));
    const maxKm = most <= 0 ? 100 : niceCeiling(most);
    const dots = readings.map(({ e, i }) => ({ x: x(e.date), y: Math.round((bottom - (e.odometer_km! / maxKm) * (bottom - top)) * 10) / 10, km: e.odometer_km!, event: i }));
    const size = options.odometerLabels ?? { width: (km: number) => textWidth(`${km.toLocaleString('en')} km`, 11), height: 16 };
    const placed = placeLabels(dots, size, width);
    // Labels stacked past the band (readings close in time, near its top or bottom) widen it, so
    // they never reach the lanes above or the axis below; most cases keep the band as it was.
    const above = Math.max(0, top - 16 - Math.min(...placed.map((p) => p.label.y - 0.8 * size.height)));
    const below = Math.max(0, Math.max(...placed.map((p) => p.label.y + 0.2 * size.height)) - (bottom + 10));
    const shift = (n: number) => Math.round((n + above) * 10) / 10;
    odometer = {
      top: shift(top), bottom: shift(bottom), maxKm,
      points: placed.map((p) => ({ ...p, y: shift(p.y), label: { ...p.label, y: shift(p.label.y) } })),
    };
    y += ODOMETER_H + above + below;
  }
  const axisY = y + 4;
  return {
    width,
    height: axisY + AXIS_H,
    from,
    to,
    lanes,
    marks,
    connectors,
    ticks: monthTicks(from, to, x, width),
    axisY,
    odometer,
    window: firstRegistration && windowEnd
      ? { x1: x(firstRegistration), x2: Math.min(width, x(windowEnd)), from: firstRegistration, to: windowEnd, days: windowDays, cut: windowEnd > to }
      : null,
  };
}

type Box = { x1: number; x2: number; y1: number; y2: number };
const overlaps = (a: Box, b: Box) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

/**
 * Each reading's label in the first free place, in date order: above its dot to the right, then
 * to the left, below to the right, to the left, then a line further off each way, and so on; a
 * place is free when its box meets no label already placed and no other reading's dot, and stays
 * inside the plot (its 12 units of margin included). Readings days apart on a long history sit a
 * few units apart, and their labels, all drawn above-right, printed over each other (291291 km km).
 */
function placeLabels(dots: { x: number; y: number; km: number; event: number }[], size: LabelSize, width: number): OdometerPoint[] {
  const h = size.height;
  const taken: Box[] = [];
  const dotBoxes = dots.map((d) => ({ x1: d.x - 3, x2: d.x + 3, y1: d.y - 3, y2: d.y + 3 }));
  return dots.map((d, i) => {
    const w = size.width(d.km);
    const places: OdometerPoint['label'][] = [];
    for (let k = 0; k < 40; k++) {
      const up = d.y - 4 - k * h;
      const down = d.y + 0.8 * h + 3 + k * h;
      for (const y of [up, down]) {
        places.push({ x: d.x + 5, y, anchor: 'start', leader: k > 0 }, { x: d.x - 5, y, anchor: 'end', leader: k > 0 });
      }
    }
    const boxOf = (l: OdometerPoint['label']): Box => {
      const x1 = l.anchor === 'start' ? l.x : l.x - w;
      return { x1, x2: x1 + w, y1: l.y - 0.8 * h, y2: l.y + 0.2 * h };
    };
    const fits = (l: OdometerPoint['label']) => {
      const b = boxOf(l);
      return b.x1 >= -12 && b.x2 <= width + 12 && !taken.some((t) => overlaps(b, t)) && !dotBoxes.some((dot, j) => j !== i && overlaps(b, dot));
    };
    const label = places.find(fits) ?? places[0]!;
    taken.push(boxOf(label));
    return { ...d, label };
  });
}

/** 1, 2 or 5 times a power of ten, at least n. */
function niceCeiling(n: number): number {
  const p = 10 ** Math.floor(Math.log10(n));
  return ([1, 2, 5, 10].find((m) => m * p >= n) ?? 10) * p;
}

/** One axis for several vehicles: from a week before the first record of any to a week after the last. */
export function sharedRange(chains: readonly VehicleChain[]): { from: string; to: string } | null {
  const dates = chains.flatMap((c) => c.timeline.map((e) => e.date)).sort();
  if (dates.length === 0) return null;
  return { from: addDays(dates[0]!, -7), to: addDays(dates[dates.length - 1]!, 7) };
}

/** The outline of an event's mark centred on (x, y), radius r, as SVG path data. */
export function markPath(kind: TimelineEventKind, x: number, y: number, r = 6): string {
  const p = (n: number) => Math.round(n * 10) / 10;
  switch (EVENT_SHAPES[kind].shape) {
    case 'square': return `M${p(x - r)},${p(y - r)}h${2 * r}v${2 * r}h${-2 * r}z`;
    case 'circle': return `M${p(x - r)},${p(y)}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0z`;
    case 'diamond': return `M${p(x)},${p(y - r - 1)}L${p(x + r + 1)},${p(y)}L${p(x)},${p(y + r + 1)}L${p(x - r - 1)},${p(y)}z`;
    case 'cross': return `M${p(x - r)},${p(y - r + 2)}l2,-2l${r - 2},${r - 2}l${r - 2},${-(r - 2)}l2,2l${-(r - 2)},${r - 2}l${r - 2},${r - 2}l-2,2l${-(r - 2)},${-(r - 2)}l${-(r - 2)},${r - 2}l-2,-2l${r - 2},${-(r - 2)}z`;
    case 'triangle': return `M${p(x)},${p(y - r - 1)}L${p(x + r + 1)},${p(y + r)}L${p(x - r - 1)},${p(y + r)}z`;
    case 'ship': return `M${p(x - r - 1)},${p(y - r + 2)}L${p(x + r + 1)},${p(y)}L${p(x - r - 1)},${p(y + r - 2)}z`;
    case 'star': {
      const points = Array.from({ length: 10 }, (_, i) => {
        const a = -Math.PI / 2 + (i * Math.PI) / 5;
        const radius = i % 2 === 0 ? r + 1 : (r + 1) / 2.4;
        return `${p(x + radius * Math.cos(a))},${p(y + radius * Math.sin(a))}`;
      });
      return `M${points.join('L')}z`;
    }
  }
}

/** Renders a message of the case catalogue; English unless the caller renders in the reader's language. */
export type RenderMessage = (m: Message) => string;
const english: RenderMessage = (m) => renderMessage(m, CASE_EN);


/** Where a fact was read: its record's document and row or page, then every further source ("; also …"). */
export function sourcesCitation(e: Pick<TimelineEvent, 'evidence' | 'sources'>, render: RenderMessage = english): string {
  return render(message('cite.first', { file: e.evidence.file_name, place: citedPlace(e.evidence) }))
    + e.sources.map((s) => render(message('cite.also', { file: s.file_name, place: citedPlace(s) }))).join('');
}

/** One line naming an event and where it was read: the mark's tooltip on screen and in print. */
export function eventCitation(e: TimelineEvent, render: RenderMessage = english): string {
  return render(message('cite.event', { date: e.date, detail: e.detail, km: e.odometer_km !== null ? message('cite.km', { km: e.odometer_km }) : null, sources: sourcesCitation(e, render) }));
}
