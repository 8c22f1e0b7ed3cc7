import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withCheckDigit } from '../../shared/vin';
import { withUsccCheck } from '../../shared/party-id';

/**
 * Documents for the document tests and bench: invoices, declarations and certificates laid out in
 * HTML with Chinese text, printed to PDF by headless Chromium (fonts-noto-cjk) and rendered to PNG
 * (with noise) for OCR. Files are cached by content hash in one temp folder, so a test run prints
 * each document once.
 */
export const FIXTURE_DIR = join(tmpdir(), 'zeromile-document-fixtures');
/** Part of every cache key: bump it when the rendering (scale, noise) changes, not only the HTML. */
const RENDER_VERSION = 'v2 scale 1.5, 400 specks';

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export const VIN_NEW = withCheckDigit('LGXCE4CB0N2123456');
export const VIN_USED = withCheckDigit('LVVDB21B0PD654321');
export const VIN_EXPORT = withCheckDigit('LGWEF4A50RH100234');
export const SELLER_ID = withUsccCheck('91440300MA5F0XXQ1'.replace(/X/g, '2'));
export const BUYER_ID = withUsccCheck('91310115MA1K4Q8G2'.replace(/[QG]/g, '3'));
export const EXPORTER_ID = BUYER_ID;

export type Row = readonly (readonly string[])[];

function page(title: string, rows: Row, extra = ''): string {
  const body = rows.map((cells) => `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><style>
    body { font-family: 'Noto Sans CJK SC', 'Noto Sans', sans-serif; margin: 24px; font-size: 13px; color: #111; }
    h1 { font-size: 24px; text-align: center; letter-spacing: 2px; }
    table { border-collapse: collapse; width: 100%; }
    td { border: 1px solid #333; padding: 6px 7px; white-space: nowrap; }
    .mark { color: #b00; font-weight: bold; font-size: 18px; }
  </style></head><body><h1>${title}</h1>${extra}<table>${body}</table></body></html>`;
}

export const NEW_INVOICE = {
  invoice_code: '144002410071', invoice_no: '04471320', invoice_date: '2024-03-05', vin: VIN_NEW, seller: '比亚迪汽车销售有限公司', seller_id: SELLER_ID,
  buyer: '上海远航国际贸易有限公司', buyer_id: BUYER_ID, price: 189800,
};

export function newInvoiceHtml(): string {
  const v = NEW_INVOICE;
  return page('机动车销售统一发票', [
    ['发票代码', v.invoice_code, '发票号码', v.invoice_no],
    ['开票日期', '2024年3月5日', '机器编号', '661234567890'],
    ['购买方名称及身份证号码/组织机构代码', v.buyer, '纳税人识别号', v.buyer_id],
    ['车辆类型', '轿车', '厂牌型号', '比亚迪牌 BYD7152WT6HEVC2'],
    ['车辆识别代号/车架号码', v.vin, '发动机号码', 'BYD472QA 2300451'],
    ['价税合计', '壹拾捌万玖仟捌佰元整', '小写', '¥189,800.00'],
    ['销货单位名称', v.seller, '电话', '0755-89888888'],
    ['纳税人识别号', v.seller_id, '账号', '4000 0213 0920 0123 456'],
  ]);
}

export const USED_INVOICE = {
  invoice_code: '131002412345', invoice_no: '00218844', invoice_date: '2024-03-12', vin: VIN_USED, seller: '上海远航国际贸易有限公司', seller_id: BUYER_ID,
  buyer: '霍尔果斯丝路汽车出口有限公司', buyer_id: withUsccCheck('91654004MA78K2L31'), price: 150000,
};

export function usedInvoiceHtml(): string {
  const v = USED_INVOICE;
  return page('二手车销售统一发票', [
    ['发票代码', v.invoice_code, '发票号码', v.invoice_no],
    ['开票日期', '2024-03-12', '车牌照号', '沪A·D12345'],
    ['买方单位/个人', v.buyer, '单位代码/身份证号码', v.buyer_id],
    ['卖方单位/个人', v.seller, '单位代码/身份证号码', v.seller_id],
    ['车架号/车辆识别代码', v.vin, '厂牌型号', '奇瑞牌 SQR7150J'],
    ['车价合计', '壹拾伍万元整', '小写', '¥150,000.00'],
  ], '<p class="mark">出口 零税率</p>');
}

export const EXPORT_DECLARATION = {
  declaration_no: '220120240001234567', declaration_date: '2024-03-20', export_date: '2024-03-22', vin: VIN_EXPORT,
  exporter: '上海远航国际贸易有限公司', exporter_id: EXPORTER_ID, consignee: 'AVTO IMPORT LLC',
  destination_country: 'RU', port: '满洲里', declared_value: 21500,
};

export function exportDeclarationHtml(): string {
  const v = EXPORT_DECLARATION;
  return page('中华人民共和国海关出口货物报关单', [
    ['预录入编号', '220120240001234567', '海关编号', v.declaration_no],
    ['境内发货人', `${v.exporter} (${v.exporter_id})`, '出境关别', '满洲里海关'],
    ['出口日期', '2024年3月22日', '申报日期', '2024年3月20日'],
    ['境外收货人', v.consignee, '运输方式', '铁路运输'],
    ['运抵国(地区)', '俄罗斯', '离境口岸', v.port],
    ['车辆识别代号', v.vin, '行驶里程', '12 公里'],
    ['总价', '21,500.00', '币制', '美元'],
  ]);
}

export const CERTIFICATE = {
  vin: VIN_EXPORT,
  owners: [
    { owner: '长城汽车股份有限公司', owner_id: withUsccCheck('91130600105941843'), registration_date: '2024-02-26' },
    { owner: '上海远航国际贸易有限公司', owner_id: EXPORTER_ID, registration_date: '2024-03-01' },
  ],
};

export function certificateHtml(): string {
  const [first, second] = CERTIFICATE.owners;
  return page('机动车登记证书', [
    ['注册登记', ''],
    ['机动车所有人/身份证明名称/号码', `${first!.owner}/统一社会信用代码/${first!.owner_id}`],
    ['登记机关', '保定市公安局交通警察支队车辆管理所', '登记日期', '2024-02-26'],
    ['机动车登记编号', '冀F·A1234', '车辆识别代号/车架号', CERTIFICATE.vin],
    ['转移登记', ''],
    ['机动车所有人/身份证明名称/号码', `${second!.owner}/统一社会信用代码/${second!.owner_id}`],
    ['登记机关', '上海市公安局交通警察总队车辆管理所', '登记日期', '2024-03-01'],
  ]);
}

/** A page with text but no layout and no VIN: kept and searchable, says it names no vehicle. */
export function plainLetterHtml(): string {
  return page('情况说明', [['本公司车辆出口业务说明，详见附件。'], ['联系人：王经理']]);
}

export type RenderedFixture = { pdf: string; png: string };

/** Prints each HTML to PDF and (unless `png: false`) PNG, cached by content; the PNG gets speckle noise for OCR realism. */
export async function renderFixtures(items: Record<string, string>, options: { png?: boolean } = {}): Promise<Record<string, RenderedFixture>> {
  const withPng = options.png ?? true;
  mkdirSync(FIXTURE_DIR, { recursive: true });
  const out: Record<string, RenderedFixture> = {};
  const missing: [string, string, RenderedFixture][] = [];
  for (const [name, html] of Object.entries(items)) {
    const hash = createHash('sha256').update(RENDER_VERSION).update(html).digest('hex').slice(0, 16);
    const files = { pdf: join(FIXTURE_DIR, `${name}-${hash}.pdf`), png: join(FIXTURE_DIR, `${name}-${hash}.png`) };
    out[name] = files;
    if (!existsSync(files.pdf) || (withPng && !existsSync(files.png))) missing.push([name, html, files]);
  }
  if (missing.length === 0) return out;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 900, height: 700 }, deviceScaleFactor: 1.5 });
    const tab = await context.newPage();
    for (const [, html, files] of missing) {
      await tab.setContent(noisy(html, false), { waitUntil: 'load' });
      await tab.pdf({ path: files.pdf, format: 'A4', printBackground: true });
      if (!withPng) continue;
      await tab.setContent(noisy(html, true), { waitUntil: 'load' });
      writeFileSync(files.png, await tab.screenshot({ fullPage: true, type: 'png' }));
    }
  } finally {
    await browser.close();
  }
  return out;
}

/** Adds fixed-seed grey speckles over the page (for the OCR copy only). */
function noisy(html: string, speckle: boolean): string {
  if (!speckle) return html;
  let seed = 7;
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const dots = Array.from({ length: 400 }, () =>
    `<i style="position:absolute;left:${(rand() * 880).toFixed(0)}px;top:${(rand() * 640).toFixed(0)}px;width:2px;height:2px;background:#999"></i>`).join('');
  return html.replace('</body>', `${dots}</body>`);
}

/**
 * A PDF whose trailer names an /Encrypt dictionary (standard handler, revision 2) whose user
 * password is not empty: readers ask for the password before anything else.
 */
export function passwordProtectedPdf(): Buffer {
  const hex = (seed: string) => createHash('sha256').update(seed).digest('hex');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
    '<< /Length 0 >>\nstream\n\nendstream',
    `<< /Filter /Standard /V 1 /R 2 /O <${hex('owner')}> /U <${hex('user')}> /P -44 >>`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((obj, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${obj}\nendobj\n`;
  });
  const xrefAt = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  const id = hex('id').slice(0, 32);
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 5 0 R /ID [<${id}> <${id}>] >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** Bytes that start like a PDF and then are nothing of the kind. */
export function corruptPdf(): Buffer {
  return Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog', 'latin1'), createHash('sha512').update('noise').digest()]);
}

/**
 * A page that is a picture (a scan): printed to PDF, its only text is the small footer a scanning app
 * adds (扫描全能王 CamScanner), so reading it needs OCR all the same.
 */
export function scannedPageHtml(png: Buffer, footer = '扫描全能王 CamScanner'): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>body { margin: 0; font-family: 'Noto Sans CJK SC', sans-serif; } img { width: 100%; }
    p { font-size: 9px; color: #666; text-align: right; margin: 2px 8px; }</style></head>
    <body><img src="data:image/png;base64,${png.toString('base64')}"><p>${footer}</p></body></html>`;
}

/** Many invoices, one per page, each with its own VIN and number: the text-PDF bench document. */
export function invoiceBookHtml(pages: number): string {
  const one = newInvoiceHtml();
  const style = one.slice(one.indexOf('<style>'), one.indexOf('</style>') + 8);
  const body = one.slice(one.indexOf('<body>') + 6, one.indexOf('</body>'));
  const sheets = Array.from({ length: pages }, (_, i) => {
    const vin = withCheckDigit(`LGXCE4CB0N2${String(200000 + i).padStart(6, '0')}`);
    const number = String(10000000 + i);
    return `<section style="page-break-after: always">${body.replace(NEW_INVOICE.vin, vin).replace(NEW_INVOICE.invoice_no, number)}</section>`;
  });
  return `<!doctype html><html><head><meta charset="utf-8">${style}</head><body>${sheets.join('\n')}</body></html>`;
}
