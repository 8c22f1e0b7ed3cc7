import { loadImage } from '@napi-rs/canvas';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import type { ProposedFields } from '../../shared/document-fields';
import { withUsccCheck } from '../../shared/party-id';
import { withCheckDigit } from '../../shared/vin';
import { turned } from './scan-sources';
import { seededRandom } from './seeded-random';

const run = promisify(execFile);

/**
 * Vehicle sales invoices (机动车销售统一发票, 二手车销售统一发票) laid out as offices print them, drawn
 * from a seed: the code and number on one line or on two, the price as `¥189,800.00`, `￥１８９，８００．００`
 * (full-width), `189800.00元`, `¥ 189,800` or `18.98万元`, with or without the amount in words, the date in three
 * styles, the parties under either set of labels. Each comes with the sale a reader should propose.
 * `broken`: the code printed one digit short, which a reader must leave empty with its reason.
 */
export type InvoiceForm = { name: string; html: string; truth: ProposedFields; broken?: 'short_code' };

const CAPITALS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];

/** An amount in whole yuan as capital numerals (`189800` -> `壹拾捌万玖仟捌佰元整`). */
export function yuanInWords(yuan: number): string {
  const part = (n: number) => {
    let out = '';
    let zero = false;
    [1000, 100, 10, 1].forEach((unit, i) => {
      const d = Math.floor(n / unit) % 10;
      if (d === 0) { zero = out !== ''; return; }
      if (zero) out += '零';
      zero = false;
      out += CAPITALS[d]! + ['仟', '佰', '拾', ''][i]!;
    });
    return out;
  };
  const high = Math.floor(yuan / 10_000);
  const low = yuan % 10_000;
  const lowWords = part(low);
  return `${high > 0 ? `${part(high)}万` : ''}${high > 0 && low > 0 && low < 1000 ? '零' : ''}${lowWords}元整`;
}

const fullWidth = (text: string) => text.replace(/[0-9.,]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
const grouped = (yuan: number) => yuan.toLocaleString('en-US');

const STYLE = `<style>
  body { font-family: 'Noto Sans CJK SC', 'Noto Sans', sans-serif; margin: 24px; font-size: 14px; color: #111; }
  h1 { font-size: 24px; text-align: center; letter-spacing: 3px; margin-bottom: 4px; }
  .head { display: flex; justify-content: flex-end; gap: 28px; margin: 4px 0 8px; }
  .head div { white-space: nowrap; }
  table { border-collapse: collapse; width: 100%; }
  td { border: 1px solid #333; padding: 6px 7px; white-space: nowrap; }
</style>`;

const SELLERS = ['比亚迪汽车销售有限公司', '深圳市前海远景汽车贸易有限公司', '重庆长安汽车销售有限公司'];
const BUYERS = ['上海远航国际贸易有限公司', '霍尔果斯丝路汽车出口有限公司', '广州南沙国际车贸有限公司'];
const SELLER_IDS = ['91440300MA5F02201', '91440300MA5DABCD0', '91500000MA60XYW01'].map(withUsccCheck);
const BUYER_IDS = ['91310115MA1K43832', '91654004MA78K2L31', '91440115MA9W12345'].map(withUsccCheck);

/** The n-th invoice of a seed: every choice drawn from it, so a failure names the seed and the number. */
export function invoiceForm(seed: number, n: number, options: { broken?: 'short_code' } = {}): InvoiceForm {
  const random = seededRandom(seed * 1000 + n);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  // The layout's choices turn with n from offsets the seed draws: any run of 4 numbers prints every way.
  const offsets = seededRandom(seed);
  const turn = <T>(items: readonly T[]): T => items[(n + Math.floor(offsets() * items.length)) % items.length]!;
  const used = turn([false, true, false]);
  const code = `${pick(['1440', '1310', '1500', '1100'])}${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
  const printedCode = options.broken === 'short_code' ? code.slice(0, 11) : code;
  const invoiceNo = String(Math.floor(random() * 1e8)).padStart(8, '0');
  const vin = withCheckDigit(`${pick(['LGXCE4CB', 'LVVDB21B', 'LGWEF4A5'])}0${pick(['N', 'P', 'R'])}${pick(['2', 'D', 'H'])}${String(100000 + Math.floor(random() * 899999))}`);
  const [month, day] = [1 + Math.floor(random() * 12), 1 + Math.floor(random() * 28)];
  const date = `2024-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const printedDate = turn([`2024年${month}月${day}日`, date, fullWidth(`2024年${month}月${day}日`)]);
  const yuan = 10_000 * (5 + Math.floor(random() * 40)) + 100 * Math.floor(random() * 100);
  const sellerAt = Math.floor(random() * SELLERS.length);
  const seller = SELLERS[sellerAt]!;
  const sellerId = SELLER_IDS[sellerAt]!;
  const buyer = BUYERS[(sellerAt + 1) % BUYERS.length]!;
  const buyerId = BUYER_IDS[(sellerAt + 1) % BUYERS.length]!;
  const figures = turn([`¥${grouped(yuan)}.00`, `￥${fullWidth(`${grouped(yuan)}.00`)}`, `${yuan}.00元`, `¥ ${grouped(yuan)}`, `${yuan / 10_000}万元`]);
  const words = turn([true, true, false]);
  const oneLine = turn([true, false]);
  const codeCells = oneLine
    ? `<div class="head"><div>发票代码 ${printedCode}</div><div>发票号码 ${invoiceNo}</div></div>`
    : `<div class="head"><div>发票代码 ${printedCode}</div></div><div class="head"><div>发票号码 ${invoiceNo}</div></div>`;
  const priceRow = words ? ['价税合计(大写)', yuanInWords(yuan), '(小写)', figures] : [used ? '车价合计' : '价税合计', figures, '', ''];
  const rows: string[][] = used
    ? [
      ['开票日期', printedDate, '车牌照号', '沪A·D12345'],
      ['买方单位/个人', buyer, '单位代码/身份证号码', buyerId],
      ['卖方单位/个人', seller, '单位代码/身份证号码', sellerId],
      ['车架号/车辆识别代码', vin, '厂牌型号', '奇瑞牌 SQR7150J'],
      priceRow.map((cell) => cell.replace('价税合计', '车价合计')),
    ]
    : [
      ['开票日期', printedDate, '机器编号', '661234567890'],
      [pick(['购买方名称', '购货单位']), buyer, '纳税人识别号', buyerId],
      ['车辆类型', '轿车', '厂牌型号', '比亚迪牌 BYD7152WT6HEVC2'],
      ['车辆识别代号/车架号码', vin, '发动机号码', 'BYD472QA 2300451'],
      priceRow,
      [pick(['销货单位名称', '销售方名称']), seller, '电话', '0755-89888888'],
      ['纳税人识别号', sellerId, '账号', '4000 0213 0920 0123 456'],
    ];
  const table = `<table>${rows.map((cells) => `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</table>`;
  const title = used ? '二手车销售统一发票' : '机动车销售统一发票';
  const html = `<!doctype html><html><head><meta charset="utf-8">${STYLE}</head><body><h1>${title}</h1>${codeCells}${table}</body></html>`;
  const truth: ProposedFields = {
    invoice_no: invoiceNo, invoice_date: date, vin, seller, seller_id: sellerId, buyer, buyer_id: buyerId, price: yuan,
    currency: 'CNY', invoice_type: used ? 'used' : 'new', ...(options.broken ? {} : { invoice_code: code }),
  };
  return { name: `invoice-${seed}-${n}${options.broken ? `-${options.broken}` : ''}`, html, truth, ...(options.broken ? { broken: options.broken } : {}) };
}

/** How a scan reaches the analyst: resolution, and how it lies in the image (degrees clockwise). */
export type ScanCondition = { dpi: number; degrees: 0 | 90 | 180 | 270 };

/** A greyscale JPEG of the PDF's first page at `dpi`, turned; cached beside the PDF. */
export async function scanInvoice(pdf: string, scan: ScanCondition): Promise<Buffer> {
  const out = pdf.replace(/\.pdf$/, `.${scan.dpi}dpi-${scan.degrees}.jpg`);
  if (existsSync(out)) return readFileSync(out);
  const prefix = pdf.replace(/\.pdf$/, `.${scan.dpi}dpi`);
  await run('pdftoppm', ['-r', String(scan.dpi), '-gray', '-png', '-f', '1', '-l', '1', '-singlefile', pdf, prefix]);
  const bytes = turned(await loadImage(readFileSync(`${prefix}.png`)), scan.degrees).toBuffer('image/jpeg', 75);
  writeFileSync(out, bytes);
  return bytes;
}
