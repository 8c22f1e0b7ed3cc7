import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openCaseFile, type CaseFile } from '../../electron/backend/casefile/open-case-file';
import { MIGRATIONS } from '../../electron/backend/casefile/migrations/index';
import { appendAudit } from '../../electron/backend/casefile/audit';
import { commitFacts } from '../../electron/backend/casefile/fact-digests';
import { registerCommitDetail } from '../../electron/backend/casefile/register-outside';

/**
 * The bench case in a new case file at `path`. With ZEROMILE_BENCH_CACHE=DIR the built case is
 * kept in DIR (keyed by size, schema and this generator, so a schema change builds it afresh)
 * and later runs copy it instead of building it again: at 1,000,000 vehicles that saves minutes
 * when iterating on the rules. `buildMs` is then the copy's time.
 */
export function openRulesBenchCase(path: string, vehicles: number): { caseFile: CaseFile; records: number; buildMs: number; cached: boolean } {
  const clock = performance.now();
  const cacheDir = process.env.ZEROMILE_BENCH_CACHE;
  if (!cacheDir) {
    const caseFile = openCaseFile(path, { create: { title: 'rules bench' } });
    const { records } = writeRulesBenchCase(caseFile.db, vehicles);
    return { caseFile, records, buildMs: performance.now() - clock, cached: false };
  }
  // The page size of a new case file is part of the key: openCaseFile chooses it, not the schema.
  const probe = join(cacheDir, `probe-${process.pid}.zmcase`);
  mkdirSync(cacheDir, { recursive: true });
  const probeFile = openCaseFile(probe, { create: { title: 'probe' } });
  const pageSize = probeFile.db.pragma('page_size', { simple: true }) as number;
  probeFile.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(probe + suffix, { force: true });
  const key = createHash('sha256').update(MIGRATIONS.map((m) => m.up).join('\n')).update(writeRulesBenchCase.toString())
    .update(String(pageSize)).digest('hex').slice(0, 12);
  const cached = join(cacheDir, `rules-bench-${vehicles}-${key}.zmcase`);
  const hit = existsSync(cached);
  if (!hit) {
    const building = `${cached}.building`;
    rmSync(building, { force: true });
    const fresh = openCaseFile(building, { create: { title: 'rules bench' } });
    writeRulesBenchCase(fresh.db, vehicles);
    // One self-contained file: the WAL folded back in before it is copied.
    fresh.db.pragma('wal_checkpoint(TRUNCATE)');
    fresh.db.pragma('journal_mode = DELETE');
    fresh.close();
    renameSync(building, cached);
  }
  copyFileSync(cached, path);
  // Written to disk before the run, so the run's own fsyncs do not also flush this copy.
  const fd = openSync(path, 'r+');
  fsyncSync(fd);
  closeSync(fd);
  const caseFile = openCaseFile(path, { check: 'none' });
  const records = countRecords(caseFile.db);
  return { caseFile, records, buildMs: performance.now() - clock, cached: hit };
}

function countRecords(db: Database.Database): number {
  return db.prepare(`SELECT (SELECT count(*) FROM vehicle_records) + (SELECT count(*) FROM sales) + (SELECT count(*) FROM registrations)
    + (SELECT count(*) FROM exports) + (SELECT count(*) FROM shipments) + (SELECT count(*) FROM confirmations) AS n`).pluck().get() as number;
}

/**
 * A large case written with set-based INSERT ... SELECT (faster than demo + import, which takes
 * minutes at this size): `vehicles` vehicles, about 4.3 records each. Values come from the
 * vehicle number by fixed arithmetic, so every run builds the same case:
 * - every vehicle: a vehicle record, a maker -> dealer sale, an initial registration;
 * - half of them: dealer -> trader sale, then exported within 0-199 days (a quarter by the trader,
 *   a quarter sold on to an exporter first); odometer 0-1199 km; value 30-120% of the price;
 * - a few: a second declaration (1 in 1000), a rolled-back odometer (1 in 500), a maker's
 *   after-sales confirmation (1 in 8 exports).
 */
export function writeRulesBenchCase(db: Database.Database, vehicles: number): { records: number } {
  const step = (sql: string) => db.exec(sql);
  db.transaction(() => {
    step(`INSERT INTO documents (id, file_name, size, media_type, sha256, kind, imported_at) VALUES
      (1, 'vehicles.csv', 0, 'text/csv', printf('%064d', 1), 'vehicles', '2026-01-01'),
      (2, 'sales.csv', 0, 'text/csv', printf('%064d', 2), 'sales', '2026-01-01'),
      (3, 'registrations.csv', 0, 'text/csv', printf('%064d', 3), 'registrations', '2026-01-01'),
      (4, 'exports.csv', 0, 'text/csv', printf('%064d', 4), 'exports', '2026-01-01'),
      (5, 'confirmations.csv', 0, 'text/csv', printf('%064d', 5), 'confirmations', '2026-01-01')`);
    // Parties: 1-10 makers, 11-210 dealers, 211-710 traders, 711-810 exporters, 811-1010 consignees.
    // Their normalised names as the resolver writes them (ASCII: lower case), so search finds them by name.
    step(`WITH RECURSIVE p(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM p WHERE i < 1010),
      named AS (SELECT i, CASE WHEN i <= 10 THEN 'Maker ' WHEN i <= 210 THEN 'Dealer ' WHEN i <= 710 THEN 'Trader ' WHEN i <= 810 THEN 'Exporter ' ELSE 'Consignee ' END || i AS name FROM p)
      INSERT INTO parties (id, name, norm_name, country)
      SELECT i, name, lower(name), CASE WHEN i > 810 THEN 'RU' END FROM named`);
    step(`CREATE TEMP TABLE bench_v AS
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${vehicles})
      SELECT i, 'LGX' || printf('%014d', i) AS vin, 1 + i % 10 AS maker, 11 + i % 200 AS dealer, 211 + i % 500 AS trader,
             711 + i % 100 AS exporter, 811 + i % 200 AS consignee,
             julianday('2023-06-01') + (i * 7919) % 900 AS prod, 100000 + (i * 31) % 200000 AS price FROM n`);
    // Brands for the rule packs' brand clause (the demo's sample RU pack lists Chery and Haval).
    step(`INSERT INTO vehicles (id, vin, wmi, maker, make, production_date, manufacturer_party_id)
      SELECT i, vin, 'LGX', 'BYD', CASE i % 3 WHEN 0 THEN 'BYD' WHEN 1 THEN 'Chery' ELSE 'Haval' END, date(prod), maker FROM temp.bench_v`);
    step(`INSERT INTO vehicle_records (document_id, row_no, raw, vin, production_date, manufacturer, manufacturer_party_id)
      SELECT 1, i + 1, '{}', vin, date(prod), 'Maker ' || maker, maker FROM temp.bench_v`);
    step(`INSERT INTO sales (document_id, row_no, raw, invoice_no, invoice_date, vin, seller, seller_party_id, buyer, buyer_party_id, price, invoice_type)
      SELECT 2, i + 1, '{}', 'S1-' || i, date(prod + 10 + i % 20), vin, 'Maker ' || maker, maker, 'Dealer ' || dealer, dealer, price, 'new' FROM temp.bench_v
      UNION ALL
      SELECT 2, ${vehicles} + i + 1, '{}', 'S2-' || i, date(prod + 10 + i % 20 + i % 7), vin, 'Dealer ' || dealer, dealer, 'Trader ' || trader, trader, price + 2000, 'new'
      FROM temp.bench_v WHERE i % 2 = 0
      UNION ALL
      SELECT 2, 2 * ${vehicles} + i + 1, '{}', 'S3-' || i, date(prod + 10 + i % 20 + i % 7 + 5), vin, 'Trader ' || trader, trader, 'Exporter ' || exporter, exporter, price - 1000, 'used'
      FROM temp.bench_v WHERE i % 4 = 2`);
    step(`INSERT INTO registrations (document_id, row_no, raw, registration_date, event, vin, owner, owner_party_id, city, odometer_km)
      SELECT 3, i + 1, '{}', date(prod + 12 + i % 20 + i % 7), 'initial', vin,
             CASE WHEN i % 2 = 0 THEN 'Trader ' || trader ELSE 'Dealer ' || dealer END, CASE WHEN i % 2 = 0 THEN trader ELSE dealer END,
             'City ' || (i % 300), CASE WHEN i % 500 = 0 THEN 900 ELSE i % 50 END FROM temp.bench_v`);
    step(`INSERT INTO exports (document_id, row_no, raw, declaration_no, declaration_date, vin, exporter, exporter_party_id, consignee, consignee_party_id,
        destination_country, declared_value, odometer_km, condition)
      SELECT 4, i + 1, '{}', 'D-' || i, date(prod + 12 + i % 20 + i % 7 + (i * 13) % 200), vin,
             CASE WHEN i % 4 = 0 THEN 'Trader ' || trader ELSE 'Exporter ' || exporter END, CASE WHEN i % 4 = 0 THEN trader ELSE exporter END,
             'Consignee ' || consignee, consignee, substr('RUKZUZAEKG', 1 + 2 * (i % 5), 2), price * (0.3 + (i % 10) / 10.0),
             CASE WHEN i % 500 = 0 THEN 20 ELSE (i * 7) % 1200 END, CASE WHEN i % 8 = 0 THEN 'new' ELSE 'used' END
      FROM temp.bench_v WHERE i % 2 = 0
      UNION ALL
      SELECT 4, ${vehicles} + i + 1, '{}', 'D2-' || i, date(prod + 12 + i % 20 + i % 7 + (i * 13) % 200 + 3), vin, 'Exporter ' || exporter, exporter,
             'Consignee ' || consignee, consignee, 'RU', price, 30, 'used'
      FROM temp.bench_v WHERE i % 1000 = 0`);
    step(`INSERT INTO confirmations (document_id, row_no, raw, vin, issued_date, maker, countries)
      SELECT 5, i + 1, '{}', vin, date(prod + 30), 'Maker ' || maker, ',' || substr('RUKZUZAEKG', 1 + 2 * (i % 5), 2) || ',' FROM temp.bench_v WHERE i % 16 = 0`);
    step('DROP TABLE temp.bench_v');
  })();
  db.exec('ANALYZE');
  auditBenchImports(db);
  return { records: countRecords(db) };
}

/**
 * Makes a case written by writeRulesBenchCase one that `zeromile verify` accepts: its five
 * documents had placeholder hashes, no bytes and no import entries, so verify found 10 problems
 * (exit 3). Each such document gets as its bytes a manifest saying how its rows were written, the
 * manifest's real SHA-256 and size, and the import entry an import writes (the document's hash and
 * size, and the digests of its rows, the parties and the vehicles). Documents that already have an
 * import entry are left alone, so an older bench case (ZEROMILE_SCALE_CASE) can be brought up to date.
 */
const RECORD_TABLES = ['vehicle_records', 'sales', 'registrations', 'exports', 'confirmations'];

export function auditBenchImports(db: Database.Database): number {
  const imported = new Set((db.prepare("SELECT subject FROM audit_log WHERE action = 'import.file'").pluck().all() as string[]));
  const documents = db.prepare('SELECT id, file_name, kind FROM documents ORDER BY id').all() as { id: number; file_name: string; kind: string }[];
  let audited = 0;
  let shared: ReturnType<typeof commitFacts> | null = null;
  db.transaction(() => {
    for (const doc of documents) {
      const stored = db.prepare('SELECT sha256 FROM documents WHERE id = ?').pluck().get(doc.id) as string;
      if (imported.has(stored)) continue;
      const table = doc.kind === 'vehicles' ? 'vehicle_records' : doc.kind;
      const rows = RECORD_TABLES.includes(table) ? db.prepare(`SELECT count(*) FROM "${table}" WHERE document_id = ?`).pluck().get(doc.id) as number : 0;
      const bytes = Buffer.from(`ZeroMile rules bench case: the ${rows} rows of ${doc.file_name} (document ${doc.id}) were written by SQL `
        + '(test/bench/rules-bench-case.ts writeRulesBenchCase), not read from a file. This text stands for the file.\n', 'utf8');
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      db.prepare('DELETE FROM document_chunks WHERE document_id = ?').run(doc.id);
      db.prepare('INSERT INTO document_chunks (document_id, seq, bytes) VALUES (?, 0, ?)').run(doc.id, bytes);
      db.prepare('UPDATE documents SET sha256 = ?, size = ? WHERE id = ?').run(sha256, bytes.length, doc.id);
      appendAudit(db, {
        action: 'import.file', subject: sha256, actor: 'rules bench',
        detail: {
          file: doc.file_name, kind: doc.kind, rows, document: doc.id, sha256, size: bytes.length, facts: { ...commitFacts(db, [`document:${doc.id}`]), ...(shared ??= commitFacts(db, ['parties', 'vehicles'])) },
          ...registerCommitDetail(db, 'import.file', []),
        },
      });
      audited++;
    }
  })();
  return audited;
}
