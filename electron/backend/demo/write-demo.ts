import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RejectReason } from '../../../shared/contract/import';
import { ZeroMileError } from '../../../shared/errors';
import { RECORD_KINDS, type RecordKind } from '../../../shared/record-kinds';
import { BAD_ROWS, type BadRow } from './bad-rows';
import { zeroMileage } from './chains';
import { FILES, FILE_IDS, cellsOf, headersOf, type FileId, type FileSpec } from './layout';
import { PartyTally, type PartyFinding } from './party-tally';
import { createRng, mixSeed, seedFrom } from './random';
import type { RowOf, VehicleHistory } from './records';
import { PARTY_PLANTS, SCENARIOS, SCENARIO_WEIGHTS, partyVehicles, type Intent } from './scenarios';
import { CsvSink, XlsxSink } from './sinks';
import { ALL_RULES, TRUTH_PARAMS, VEHICLE_RULES, evaluateVehicle, partyKey, type DemoRule } from './truth';
import { PACK_RULES_IN_TRUTH, evaluatePackRules } from './pack-truth';
import { SAMPLE_PACKS, samplePackFile } from './sample-packs';
import { VehicleBuilder, type BuildContext } from './vehicle-builder';
import { buildWorld } from './world';

export const DEFAULT_DEMO_VEHICLES = 2_000;
export const DEFAULT_DEMO_SEED = 1;
export const MIN_DEMO_VEHICLES = 100;
export const TRUTH_FILE = 'ground-truth.json';

export type DemoOptions = {
  vehicles?: number;
  seed?: number | string;
  /** Rows of the XLSX at most (the rest of the exports go to CSV). */
  xlsxRows?: number;
  onProgress?: (done: number, total: number) => void;
};

export type DemoFile = {
  file: string; id: FileId; kind: RecordKind; format: 'csv' | 'xlsx'; encoding: string; header_language: 'zh' | 'en';
  date_style: string; rows: number; imported: number; rejected: number; bytes: number; sha256: string;
};
export type DemoReject = { file: string; row: number; reason: RejectReason; column: string; value: string };

/** ground-truth.json: what the rules with default parameters must find, and what the import must count. */
export type GroundTruth = {
  generator: 'zeromile demo';
  format: 1;
  seed: number;
  vehicles: number;
  params: typeof TRUTH_PARAMS;
  files: DemoFile[];
  /** Filled sample rule packs (sample-packs.ts) written beside the files; the pack rules' truth assumes they are imported. */
  packs: { file: string; id: string; version: number }[];
  /** Records the import must keep, per kind (rejected rows excluded). */
  records: Record<RecordKind, number>;
  rejects: DemoReject[];
  /** Per rule the exact set that must be flagged: VINs, and for trade_intermediary party ids. */
  rules: Record<DemoRule, string[]>;
  counts: Record<DemoRule, number>;
  parties: PartyFinding[];
  /** The vehicles at fixed positions: one of every scenario and the party plants, with what the truth flags. */
  plants: { scenario: string; vin: string; rules: string[] }[];
  planted_parties: { plant: string; party_id: string | null; name: string; flagged: boolean }[];
  scenarios: Record<string, number>;
  /** Must be empty: vehicles whose outcome depends on how a rule is read, scenarios that planted something else. */
  ambiguous: string[];
  intent_mismatches: string[];
};
/** The truth plus where it was written and what it cost (wall and CPU time of this process). */
export type DemoManifest = GroundTruth & { dir: string; truth_file: string; elapsed_ms: number; cpu_ms: number };

type Fixed = { name: string; build: (b: VehicleBuilder) => Intent };

function routeOf(kind: RecordKind, row: object, b: VehicleBuilder, xlsxFull: boolean): FileId {
  const hinted = b.hints.get(row)?.file as FileId | undefined;
  if (hinted) return hinted;
  const i = b.index;
  switch (kind) {
    case 'vehicles': return b.maker.index < 4 ? 'vehicles-zh' : 'vehicles-en';
    case 'sales': return i % 5 === 2 ? 'sales-en' : (row as RowOf['sales']).invoice_type === 'used' ? 'sales-used-zh' : 'sales-new-zh';
    case 'registrations': return i % 4 === 1 ? 'registrations-en' : 'registrations-zh';
    case 'exports': return i % 3 === 0 && !xlsxFull ? 'exports-xlsx' : i % 3 === 1 ? 'exports-en' : 'exports-zh';
    case 'shipments': return (row as RowOf['shipments']).mode === 'sea' ? 'shipments-en' : 'shipments-zh';
    case 'confirmations': return 'confirmations-zh';
    default: {
      const never: never = kind;
      throw new Error(`unknown kind ${String(never)}`);
    }
  }
}

/**
 * Writes the demo's source files and ground-truth.json into `dir`, streaming: one vehicle is made,
 * written, judged and forgotten at a time. Deterministic for a seed (the XLSX differs only in its
 * zip timestamps).
 */
export async function writeDemo(dir: string, options: DemoOptions = {}): Promise<DemoManifest> {
  const started = Date.now();
  const cpuStarted = process.cpuUsage();
  const total = options.vehicles ?? DEFAULT_DEMO_VEHICLES;
  const seed = seedFrom(options.seed ?? DEFAULT_DEMO_SEED);
  if (!Number.isInteger(total) || total < MIN_DEMO_VEHICLES || total > 20_000_000) {
    throw new ZeroMileError('bad_argument', `--vehicles must be a whole number from ${MIN_DEMO_VEHICLES} to 20000000, not ${total}`);
  }
  mkdirSync(dir, { recursive: true });
  const world = buildWorld(seed);
  const ctx: BuildContext = { world, counters: { invoice: 0, declaration: 0, waybill: 0, confirmation: 0 } };

  const csv = new Map<FileId, CsvSink>();
  let xlsx: XlsxSink | null = null;
  for (const id of FILE_IDS) {
    const spec: FileSpec = FILES[id];
    const path = join(dir, spec.file);
    if (spec.format === 'xlsx') {
      const dateColumns = spec.columns.map(([h], k) => (h === '出口日期' ? k : -1)).filter((k) => k >= 0);
      xlsx = new XlsxSink(path, headersOf(spec), options.xlsxRows ?? 2_000, dateColumns);
    } else {
      csv.set(id, new CsvSink(path, spec.encoding, spec.eol, headersOf(spec)));
    }
  }
  const sinkRows = (id: FileId): number => (id === 'exports-xlsx' ? xlsx!.rows : csv.get(id)!.rows);
  const write = (id: FileId, cells: (string | number | null)[]): void => {
    if (id === 'exports-xlsx') xlsx!.write(cells);
    else csv.get(id)!.write(cells);
  };

  const fixed: Fixed[] = [
    ...SCENARIOS.map((s) => ({ name: s.name, build: s.build })),
    ...partyVehicles(world).map((p) => ({ name: p.plant.name, build: p.build })),
  ];
  const fixedAt = new Map<number, Fixed>();
  fixed.forEach((f, k) => fixedAt.set(Math.floor((k * total) / fixed.length), f));
  const badAt = new Map<number, BadRow[]>();
  BAD_ROWS.forEach((bad, k) => {
    const at = Math.floor(((k + 0.5) * total) / BAD_ROWS.length);
    badAt.set(at, [...(badAt.get(at) ?? []), bad]);
  });

  const rules = Object.fromEntries(ALL_RULES.map((r) => [r, [] as string[]])) as Record<DemoRule, string[]>;
  const records = Object.fromEntries(RECORD_KINDS.map((k) => [k, 0])) as Record<RecordKind, number>;
  const tally = new PartyTally(new Set(world.exporterParties.map((p) => partyKey(p.name, p.id))));
  const scenarios: Record<string, number> = {};
  const plants: GroundTruth['plants'] = [];
  const ambiguous: string[] = [];
  const mismatches: string[] = [];
  const rejects: DemoReject[] = [];

  const writeVehicle = (b: VehicleBuilder): void => {
    for (const kind of RECORD_KINDS) {
      for (const row of b.h[kind] as object[]) {
        const id = routeOf(kind, row, b, xlsx!.full);
        write(id, cellsOf(FILES[id] as FileSpec, row as RowOf[RecordKind], b.hints.get(row)));
        records[kind]++;
      }
    }
  };
  const writeBadRow = (bad: BadRow, k: number): void => {
    const donor = new VehicleBuilder(ctx, total + k, createRng(mixSeed(seed, 0xbad, k)));
    zeroMileage(donor, { confirm: 'dest' });
    const spec = FILES[bad.file] as FileSpec;
    const rows = donor.h[spec.kind] as object[];
    const row = rows[rows.length - 1]!;
    const cells = cellsOf(spec, row as RowOf[RecordKind], donor.hints.get(row));
    const column = headersOf(spec).indexOf(bad.header);
    if (column < 0) throw new Error(`bad row: no column ${bad.header} in ${spec.file}`);
    cells[column] = bad.spoil(String(cells[column] ?? ''));
    write(bad.file, cells);
    rejects.push({ file: spec.file, row: sinkRows(bad.file) + 1, reason: bad.reason, column: bad.header, value: String(cells[column]) });
  };

  for (let i = 0; i < total; i++) {
    const rng = createRng(mixSeed(seed, i));
    const b = new VehicleBuilder(ctx, i, rng);
    const planted = fixedAt.get(i);
    const scenario = planted ?? rng.weighted(SCENARIO_WEIGHTS);
    const intent = scenario.build(b);
    writeVehicle(b);
    // The port as the row's file writes it (layout.ts: the English customs file spells it in English).
    const verdict = evaluateVehicle(b.h, (row) => (b.hints.get(row)?.file === 'exports-en' ? b.hints.get(row)?.en?.port ?? row.port : row.port));
    for (const rule of verdict.rules) rules[rule].push(b.h.vin);
    for (const rule of evaluatePackRules(b.h, SAMPLE_PACKS)) rules[rule].push(b.h.vin);
    for (const rule of verdict.ambiguous) ambiguous.push(`${b.h.vin} ${scenario.name} ${rule}`);
    for (const [rule, expected] of Object.entries(intent)) {
      if (verdict.rules.includes(rule as (typeof VEHICLE_RULES)[number]) !== expected) {
        mismatches.push(`${b.h.vin} ${scenario.name} ${rule}: planted ${expected}, evaluated ${!expected}`);
      }
    }
    tally.add(b.h as VehicleHistory);
    scenarios[scenario.name] = (scenarios[scenario.name] ?? 0) + 1;
    if (planted) plants.push({ scenario: scenario.name, vin: b.h.vin, rules: verdict.rules });
    for (const bad of badAt.get(i) ?? []) writeBadRow(bad, BAD_ROWS.indexOf(bad));
    if ((i + 1) % 20_000 === 0) {
      options.onProgress?.(i + 1, total);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  options.onProgress?.(total, total);

  const parties = tally.finish();
  for (const key of parties.ambiguous) ambiguous.push(`party ${key} trade_intermediary`);
  rules.trade_intermediary = parties.flagged.map((p) => p.party_id ?? p.party);
  const plantedParties = PARTY_PLANTS.map((plant) => {
    const party = world.plantedTraders[plant.party];
    const flagged = parties.flagged.some((f) => f.party === partyKey(party.name, party.id));
    if (flagged !== plant.flagged) mismatches.push(`party ${party.name} ${plant.name}: planted ${plant.flagged}, evaluated ${flagged}`);
    return { plant: plant.name, party_id: party.id, name: party.name, flagged };
  });

  const files: DemoFile[] = [];
  for (const id of FILE_IDS) {
    const spec: FileSpec = FILES[id];
    let rows: number;
    let sha256: string;
    let bytes: number;
    if (id === 'exports-xlsx') {
      rows = xlsx!.rows;
      ({ sha256, bytes } = await xlsx!.close());
    } else {
      const sink = csv.get(id)!;
      rows = sink.rows;
      sha256 = sink.close();
      bytes = sink.bytes;
    }
    const rejected = rejects.filter((r) => r.file === spec.file).length;
    files.push({
      file: spec.file, id, kind: spec.kind, format: spec.format, encoding: spec.encoding, header_language: spec.language,
      date_style: spec.dates, rows, imported: rows - rejected, rejected, bytes, sha256,
    });
  }
  for (const rule of [...VEHICLE_RULES, ...PACK_RULES_IN_TRUTH]) rules[rule].sort();
  const packs = SAMPLE_PACKS.map((pack) => {
    writeFileSync(join(dir, samplePackFile(pack)), `${JSON.stringify(pack, null, 2)}\n`);
    return { file: samplePackFile(pack), id: pack.id, version: pack.version };
  });
  const truth: GroundTruth = {
    generator: 'zeromile demo', format: 1, seed, vehicles: total, params: TRUTH_PARAMS, files, packs, records, rejects, rules,
    counts: Object.fromEntries(ALL_RULES.map((r) => [r, rules[r].length])) as Record<DemoRule, number>,
    parties: parties.flagged, plants, planted_parties: plantedParties, scenarios, ambiguous, intent_mismatches: mismatches,
  };
  writeFileSync(join(dir, TRUTH_FILE), `${JSON.stringify(truth, null, 2)}\n`);
  const cpu = process.cpuUsage(cpuStarted);
  return { ...truth, dir, truth_file: join(dir, TRUTH_FILE), elapsed_ms: Date.now() - started, cpu_ms: Math.round((cpu.user + cpu.system) / 1000) };
}
