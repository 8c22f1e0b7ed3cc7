import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openCaseFile, type CaseFile } from '../../../electron/backend/casefile/open-case-file';
import { withPersonIdCheck, withUsccCheck } from '../../../shared/party-id';
import { withCheckDigit } from '../../../shared/vin';
import { tempDir } from '../../support/paths';

/** A valid VIN per number, from a few Chinese WMIs (BYD, Changan, Chery). */
export function vinNo(n: number, wmi = 'LGX'): string {
  return withCheckDigit(`${wmi}CE4CB0R${String(n).padStart(7, '0')}`);
}

/** The same VIN with a wrong check digit. */
export function badVin(n: number): string {
  const vin = vinNo(n);
  return vin.slice(0, 8) + (vin[8] === '1' ? '2' : '1') + vin.slice(9);
}

export const SELLER_USCC = withUsccCheck('91440300MA5DABCD0');
export const BUYER_USCC = withUsccCheck('91500000MA60XYW01');
export const PERSON_ID = withPersonIdCheck('44030119850101123');

export type Workspace = { dir: string; caseFile: CaseFile; file(name: string, content: string | Buffer): string; done(): void };

/** A temp folder with a fresh case file in it. */
export function workspace(): Workspace {
  const temp = tempDir('zeromile-import-');
  const caseFile = openCaseFile(join(temp.dir, 'test.zmcase'), { create: { title: 'import test' } });
  return {
    dir: temp.dir,
    caseFile,
    file(name, content) {
      const path = join(temp.dir, name);
      writeFileSync(path, content);
      return path;
    },
    done() {
      caseFile.close();
      temp.remove();
    },
  };
}

/** Edits the case with another connection, as the sqlite3 shell would, and opens it again. */
export function editOutside(ws: Workspace, sql: string): void {
  const path = join(ws.dir, 'test.zmcase');
  ws.caseFile.close();
  const raw = new Database(path);
  raw.exec(sql);
  raw.close();
  ws.caseFile = openCaseFile(path);
}

export function count(caseFile: CaseFile, table: string): number {
  return (caseFile.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

export function csv(rows: string[][]): string {
  return rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c)).join(',')).join('\r\n') + '\r\n';
}

/** Sales of one seller to one buyer, numbered from `from`: each import adds vehicles and touches the same two parties. */
export function registerSalesFile(from: number, count: number): string {
  const header = ['发票号码', '开票日期', 'VIN', '销货单位名称', '销货单位纳税人识别号', '购买方名称', '购买方纳税人识别号', '价税合计'];
  return csv([header, ...Array.from({ length: count }, (_, i) =>
    [`7003${String(from + i).padStart(5, '0')}`, '2024-04-05', vinNo(from + i), '深圳市前海贸易有限公司', SELLER_USCC, '重庆两江汽车贸易有限公司', BUYER_USCC, '88000'])]);
}

/**
 * Register rows changed as `.dbconfig enable_trigger off` in the sqlite3 shell leaves them: no
 * register trigger fired and the schema cookie as it was (better-sqlite3 cannot turn triggers off;
 * in unsafe mode it may put the cookie back, as the shell may).
 */
export function editUnnoticed(raw: Database.Database, edit: string): void {
  raw.unsafeMode(true);
  const cookie = raw.pragma('schema_version', { simple: true }) as number;
  const triggers = raw.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'register_blocks_%'").all() as { name: string; sql: string }[];
  raw.exec(`${triggers.map((t) => `DROP TRIGGER ${t.name};`).join(' ')} ${edit}; ${triggers.map((t) => `${t.sql};`).join(' ')}`);
  raw.pragma(`schema_version = ${cookie}`);
}
