import { createWriteStream } from 'node:fs';
import { withPersonIdCheck, withUsccCheck } from '../../shared/party-id';
import { withCheckDigit } from '../../shared/vin';
import { createRng } from '../../electron/backend/demo/random';

/**
 * A realistic invoice export (机动车销售统一发票 ledger, as a tax bureau hands it over): Chinese
 * headers, makers' dealers selling to trading companies and private buyers, prices with thousands
 * separators, an extra remarks column, mixed date spellings, and one row in a thousand with a
 * mistyped VIN. Deterministic (a seeded generator), so runs compare.
 */
export const SALES_HEADER = ['发票号码', '开票日期', '车辆识别代号/车架号码', '销货单位名称', '销货单位纳税人识别号', '购买方名称', '购买方身份证号码/组织机构代码', '价税合计', '发票类型', '备注'];

const WMIS = ['LGX', 'LS5', 'LVV', 'LGW', 'LSV', 'LFV', 'LGB', 'LSG'];
const MAKERS = ['比亚迪', '长安', '奇瑞', '长城', '上汽大众', '一汽大众', '东风日产', '上汽通用'];
const CITIES = ['深圳', '广州', '重庆', '芜湖', '保定', '上海', '长春', '武汉', '成都', '西安'];
const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

function rng(seed: number): () => number {
  // The demo generator's seeded generator: one implementation for every generated input.
  return createRng(seed).next;
}

function csvCell(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export async function writeSalesCsv(path: string, rows: number, seed = 2026): Promise<void> {
  const random = rng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const chars = (alphabet: string, n: number) => Array.from({ length: n }, () => pick(alphabet.split(''))).join('');
  const dealers = Array.from({ length: 300 }, (_, i) => ({
    name: `${pick(CITIES)}${MAKERS[i % MAKERS.length]}汽车销售服务有限公司${i}`, id: withUsccCheck(`91${chars('0123456789', 6)}${chars(USCC_CHARS, 9)}`),
  }));
  const traders = Array.from({ length: 5000 }, (_, i) => ({
    name: `${pick(CITIES)}市${i}号国际贸易有限公司`, id: withUsccCheck(`91${chars('0123456789', 6)}${chars(USCC_CHARS, 9)}`),
  }));
  const persons = Array.from({ length: 30000 }, (_, i) => ({
    name: `个人买方${i}`,
    id: withPersonIdCheck(`440301${1960 + (i % 40)}${String(1 + (i % 12)).padStart(2, '0')}${10 + (i % 19)}${String(Math.floor(i / 40) % 1000).padStart(3, '0')}`),
  }));
  // About 1.6 sales per vehicle: a vehicle sold by a dealer, some resold by a trader.
  const vehicles = Math.max(1, Math.round(rows / 1.6));
  // The same vehicle number always gives the same VIN (its own small generator, seeded by the number).
  const vinOf = (n: number) => {
    const own = rng(n * 7919 + seed);
    const c = () => VIN_CHARS[Math.floor(own() * VIN_CHARS.length)]!;
    const body = `${WMIS[n % WMIS.length]!}${c()}${c()}${c()}${c()}${c()}0R${c()}${String(n).padStart(6, '0')}`;
    return withCheckDigit(body);
  };
  const out = createWriteStream(path, { highWaterMark: 1024 * 1024 });
  const write = (line: string) => (out.write(line) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve())));
  await write(`${SALES_HEADER.join(',')}\r\n`);
  let buffer = '';
  for (let i = 0; i < rows; i++) {
    const vehicle = Math.floor(random() * vehicles);
    let vin = vinOf(vehicle);
    if (random() < 0.001) vin = vin.slice(0, 8) + (vin[8] === '1' ? '2' : '1') + vin.slice(9);
    const resale = random() < 0.4;
    const seller = resale ? pick(traders) : pick(dealers);
    const buyer = random() < 0.5 ? pick(traders) : pick(persons);
    const month = 1 + Math.floor(random() * 12);
    const day = 1 + Math.floor(random() * 28);
    const year = 2024 + Math.floor(random() * 2);
    const date = random() < 0.8 ? `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` : random() < 0.5 ? `${year}/${month}/${day}` : `${year}年${month}月${day}日`;
    const price = (80_000 + Math.floor(random() * 300_000)).toLocaleString('en-US') + '.00';
    const cells = [`${44000000 + i}`, date, vin, seller.name, seller.id, buyer.name, buyer.id, price, resale ? '二手车销售统一发票' : '机动车销售统一发票', random() < 0.1 ? '出口, 备案' : ''];
    buffer += `${cells.map(csvCell).join(',')}\r\n`;
    if (buffer.length > 512 * 1024) { await write(buffer); buffer = ''; }
  }
  await write(buffer);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}
