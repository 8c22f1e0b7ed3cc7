import { withUsccCheck } from '../../shared/party-id';
import { withCheckDigit } from '../../shared/vin';
import type { ProposedFields } from '../../shared/document-fields';
import { BUYER_ID, VIN_EXPORT } from './document-fixtures';

/**
 * Forms laid out as they are printed in practice (issue 18): the customs declaration as a grid of
 * cells with the label above the value; the registration certificate with numbered labels, a label
 * wrapped over two lines and a transfer section of two more owners; an English commercial invoice
 * and a bill of lading. Each comes with the records a reader should propose from it.
 */
export type PracticeForm = { name: string; layout: string; html: string; truth: ProposedFields[] };

const STYLE = `<style>
  body { font-family: 'Noto Sans CJK SC', 'Noto Sans', sans-serif; margin: 24px; font-size: 13px; color: #111; }
  h1 { font-size: 22px; text-align: center; letter-spacing: 4px; }
  h2 { font-size: 14px; margin: 10px 0 4px; }
  table { border-collapse: collapse; width: 100%; }
  td { border: 1px solid #333; padding: 4px 6px; vertical-align: top; white-space: nowrap; }
  .l { font-size: 11px; color: #333; }
  .v { font-size: 13px; padding-top: 2px; }
  .narrow { width: 110px; white-space: normal; }
  .small td { font-size: 11px; padding: 3px 4px; }
</style>`;

const doc = (title: string, body: string) => `<!doctype html><html><head><meta charset="utf-8">${STYLE}</head><body><h1>${title}</h1>${body}</body></html>`;
const grid = (rows: readonly (readonly [string, string])[][]) =>
  `<table>${rows.map((cells) => `<tr>${cells.map(([l, v]) => `<td><div class="l">${l}</div><div class="v">${v}</div></td>`).join('')}</tr>`).join('')}</table>`;
const table = (className: string, rows: readonly (readonly string[])[]) => `<table class="${className}">${rows.map((cells) => `<tr>${cells.map((c) => (c.startsWith('<td') ? c : `<td>${c}</td>`)).join('')}</tr>`).join('')}</table>`;

const EXPORTER = '上海远航国际贸易有限公司';

function declarationGrid(): PracticeForm {
  const vin = withCheckDigit('LGWEF4A50RH100777');
  return {
    name: 'declaration_grid', layout: 'export_declaration',
    html: doc('中华人民共和国海关出口货物报关单', grid([
      [['预录入编号', '220120240009876543'], ['海关编号', '220120240009876543'], ['', '']],
      [['境内发货人', `${EXPORTER}<br>${BUYER_ID}`], ['出境关别', '满洲里海关'], ['出口日期', '2024年4月2日'], ['申报日期', '2024年4月1日']],
      [['境外收货人', 'AVTO IMPORT LLC'], ['运输方式', '铁路运输'], ['运输工具名称及航次号', 'X8812'], ['提运单号', 'MZL240402']],
      [['生产销售单位', EXPORTER], ['监管方式', '一般贸易'], ['征免性质', '一般征税'], ['许可证号', '24-AA-000123']],
      [['合同协议号', 'YH-RU-2024-07'], ['贸易国(地区)', '俄罗斯'], ['运抵国(地区)', '俄罗斯'], ['指运港', '莫斯科']],
      [['离境口岸', '满洲里'], ['包装种类', '裸装'], ['件数', '1'], ['毛重(千克)', '1650']],
      [['成交方式', 'FOB'], ['运费', '0'], ['保费', '0'], ['杂费', '0']],
      [['商品名称及规格型号', '二手乘用车 哈弗H6'], ['车辆识别代号', vin], ['行驶里程', '15 公里'], ['总价', '23,800.00']],
      [['币制', '美元'], ['境内货源地', '上海'], ['征免', '照章征税'], ['', '']],
    ])),
    truth: [{
      declaration_no: '220120240009876543', declaration_date: '2024-04-01', export_date: '2024-04-02', vin, exporter: EXPORTER, exporter_id: BUYER_ID,
      consignee: 'AVTO IMPORT LLC', destination_country: 'RU', port: '满洲里', declared_value: 23800, currency: 'USD', odometer_km: 15,
    }],
  };
}

function certificateWithTransfers(): PracticeForm {
  const owners = [
    { owner: '长城汽车股份有限公司', owner_id: withUsccCheck('91130600105941843'), city: '保定市公安局交通警察支队车辆管理所', registration_date: '2024-02-26', plate: '冀F·A1234' },
    { owner: EXPORTER, owner_id: BUYER_ID, city: '上海市公安局交通警察总队车辆管理所', registration_date: '2024-03-01', plate: '沪A·D12345' },
    { owner: '霍尔果斯丝路汽车进出口有限公司', owner_id: withUsccCheck('91654004MA78K2L31'), city: '伊犁州公安局交通警察支队车辆管理所', registration_date: '2024-03-08', plate: '新F·E6789' },
  ];
  const ownerRow = (no: string, o: (typeof owners)[number], numbered: boolean) => table('small', [
    [no, `<td class="narrow">${numbered ? '1.' : ''}机动车所有人/身份证明名称/号码</td>`, `<td colspan="5">${o.owner}/统一社会信用代码/${o.owner_id}</td>`],
    ['', `${numbered ? '2.' : ''}登记机关`, o.city, `${numbered ? '3.' : ''}登记日期`, o.registration_date, `${numbered ? '4.' : ''}机动车登记编号`, o.plate],
  ]);
  return {
    name: 'certificate_transfers', layout: 'registration_certificate',
    html: doc('机动车登记证书', `<p>登记证书编号 440012345678</p><h2>注册登记摘要信息栏</h2>${ownerRow('Ⅰ', owners[0]!, true)}
      <h2>转移登记摘要信息栏</h2>${ownerRow('Ⅱ', owners[1]!, false)}${ownerRow('Ⅲ', owners[2]!, false)}
      <h2>注册登记机动车信息栏</h2>${table('', [['5.车辆类型', '小型普通客车', '6.车辆品牌', '哈弗'], ['7.车辆型号', 'CC6470RM0F', '8.车身颜色', '白'], ['9.车辆识别代号/车架号', VIN_EXPORT, '10.国产/进口', '国产']])}`),
    truth: owners.map((o, i) => ({ ...o, vin: VIN_EXPORT, event: i === 0 ? 'initial' : 'transfer' })),
  };
}

const SELLER_EN = 'SHANGHAI YUANHANG INTERNATIONAL TRADING CO., LTD.';

function commercialInvoice(): PracticeForm {
  const vin = withCheckDigit('LGWEF4A50RH100555');
  return {
    name: 'commercial_invoice', layout: 'commercial_invoice',
    html: doc('COMMERCIAL INVOICE', table('', [
      [`Exporter/Seller: ${SELLER_EN}`, 'Invoice No.: YH-CI-2024-0318'],
      [`Tax ID: ${BUYER_ID}`, 'Invoice Date: 18 March 2024'],
      ['Consignee/Buyer: AVTO IMPORT LLC', 'Terms of Delivery: FOB Shanghai'],
      ['Address: 12 Lesnaya St, Moscow, Russia', 'Country of Destination: Russia'],
    ]) + '<br>' + table('', [
      ['Description of Goods', 'Model', 'VIN/Chassis No.', 'Qty', 'Unit Price'],
      ['Used passenger car', 'GWM Haval H6', vin, '1', 'USD 21,500.00'],
    ]) + '<br>' + table('', [['Total Amount: USD 21,500.00', 'Port of Loading: Shanghai']])),
    truth: [{
      invoice_no: 'YH-CI-2024-0318', invoice_date: '2024-03-18', seller: SELLER_EN, seller_id: BUYER_ID, buyer: 'AVTO IMPORT LLC',
      vin, price: 21500, currency: 'USD',
    }],
  };
}

function billOfLading(): PracticeForm {
  const vin = withCheckDigit('LGWEF4A50RH100555');
  return {
    name: 'bill_of_lading', layout: 'bill_of_lading',
    html: doc('BILL OF LADING', table('', [
      [`Shipper: ${SELLER_EN}`, 'B/L No.: COSU6234567890'],
      ['Consignee: AVTO IMPORT LLC', 'Carrier: COSCO SHIPPING LINES'],
      ['Notify Party: SAME AS CONSIGNEE', 'Ocean Vessel: COSCO AQUARIUS V.024W'],
      ['Port of Loading: SHANGHAI', 'Port of Discharge: ST. PETERSBURG'],
      ['Shipped on Board Date: 25 MAR 2024', 'Freight: PREPAID'],
    ]) + '<br>' + table('', [['Marks and Numbers', 'Description of Goods'], [`VIN: ${vin}`, '1 UNIT USED CAR GWM HAVAL H6']])),
    truth: [{
      bl_no: 'COSU6234567890', consignee: 'AVTO IMPORT LLC', carrier: 'COSCO SHIPPING LINES', port_of_loading: 'SHANGHAI',
      port_of_discharge: 'ST. PETERSBURG', departure_date: '2024-03-25', vin, mode: 'sea',
    }],
  };
}

export function practiceForms(): PracticeForm[] {
  return [declarationGrid(), certificateWithTransfers(), commercialInvoice(), billOfLading()];
}

/** Fields of the truth read exactly, record by record in order (a missing record counts all its fields wrong). */
export function fieldScore(truth: readonly ProposedFields[], read: readonly ProposedFields[]): { right: number; total: number; wrong: string[] } {
  let right = 0;
  let total = 0;
  const wrong: string[] = [];
  truth.forEach((fields, i) => {
    for (const [name, value] of Object.entries(fields)) {
      total++;
      if (read[i]?.[name] === value) right++;
      else wrong.push(`${i}.${name}: ${JSON.stringify(read[i]?.[name])} (truth ${JSON.stringify(value)})`);
    }
  });
  return { right, total, wrong };
}
