import type { RecordKind } from '../../../shared/record-kinds';
import { countryName } from '../../../shared/vocabulary';
import { formatDate, type DateStyle } from './calendar';
import type { ConfirmationRow, ExportRow, RegistrationRow, RowOf, SaleRow, ShipmentRow, VehicleRow } from './records';
import type { RowHint } from './vehicle-builder';

/**
 * The source files of the demo: which kind each holds, in which language its headers are, how
 * it writes dates and numbers, and its encoding. Headers are synonyms from shared/record-kinds.ts,
 * plus a few columns with no canonical place (kept by the import as extra columns).
 */
export type Encoding = 'utf8' | 'utf8-bom' | 'gb18030';
export type Cell = string | number | null;
// Method syntax keeps a file's column functions assignable to the all-kinds FileSpec.
type CellFn<R> = { cell(row: R, hint: RowHint | undefined, dates: DateStyle): Cell }['cell'];
type Column<R> = [header: string, cell: CellFn<R>];
export type FileSpec<K extends RecordKind = RecordKind> = {
  id: string;
  file: string;
  kind: K;
  format: 'csv' | 'xlsx';
  encoding: Encoding;
  language: 'zh' | 'en';
  dates: DateStyle;
  eol: '\n' | '\r\n';
  columns: Column<RowOf[K]>[];
};

const EVENT_ZH = { initial: '注册登记', transfer: '转移登记', deregistration: '注销登记' } as const;
const EVENT_EN = { initial: 'first registration', transfer: 'ownership transfer', deregistration: 'de-registration' } as const;
const CONDITION_ZH = { new: '新车', used: '二手车' } as const;
const INVOICE_ZH = { new: '机动车销售统一发票', used: '二手车销售统一发票' } as const;
const FUEL_ZH: Record<string, string> = { ICE: '汽油', BEV: '纯电动', PHEV: '插电式混合动力', HEV: '混合动力' };
const MODE_ZH = { sea: '海运', rail: '铁路', road: '公路' } as const;

/** `128,800` or `128,800.00` (toLocaleString is far too slow for millions of rows). */
function grouped(n: number, decimals: number): string {
  const [whole, fraction] = n.toFixed(decimals).split('.') as [string, string | undefined];
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = sign ? whole.slice(1) : whole;
  let out = '';
  for (let i = digits.length; i > 0; i -= 3) out = (i > 3 ? ',' : '') + digits.slice(Math.max(0, i - 3), i) + out;
  return sign + out + (fraction === undefined ? '' : `.${fraction}`);
}
const date = (iso: string, style: DateStyle): Cell => formatDate(iso, style);
const en = (hint: RowHint | undefined, field: string, fallback: string | null): Cell => hint?.en?.[field] ?? fallback;

const vehiclesZh: Column<VehicleRow>[] = [
  ['车辆识别代号', (r) => r.vin], ['品牌', (r) => r.make], ['车型', (r) => r.model],
  ['燃料种类', (r) => (r.fuel_type ? FUEL_ZH[r.fuel_type] ?? r.fuel_type : null)],
  ['生产日期', (r, _h, d) => (r.production_date ? date(r.production_date, d) : null)],
  ['生产企业', (r) => r.manufacturer], ['生产企业统一社会信用代码', (r) => r.manufacturer_id],
  ['车身颜色', (_r, h) => en(h, 'colour', null)],
];
const vehiclesEn: Column<VehicleRow>[] = [
  ['VIN', (r) => r.vin], ['Brand', (r, h) => en(h, 'make', r.make)], ['Model', (r) => r.model], ['Fuel', (r) => r.fuel_type],
  ['Build Date', (r, _h, d) => (r.production_date ? date(r.production_date, d) : null)],
  ['Maker', (r, h) => en(h, 'manufacturer', r.manufacturer)], ['Maker ID', (r) => r.manufacturer_id],
];
const salesNewZh: Column<SaleRow>[] = [
  ['发票代码', (r) => `1440${r.invoice_date.slice(0, 4)}0110`], ['发票号码', (r) => r.invoice_no],
  ['开票日期', (r, _h, d) => date(r.invoice_date, d)], ['车辆识别代号/车架号码', (r) => r.vin],
  ['销货单位名称', (r) => r.seller], ['销货单位纳税人识别号', (r) => r.seller_id],
  ['购买方名称', (r) => r.buyer], ['身份证号码/组织机构代码', (r) => r.buyer_id],
  ['价税合计', (r) => (r.price === null ? null : `¥${grouped(r.price, 2)}`)],
  ['发票类型', (r) => (r.invoice_type ? INVOICE_ZH[r.invoice_type] : null)],
];
const salesUsedZh: Column<SaleRow>[] = [
  ['发票号码', (r) => r.invoice_no], ['开票日期', (r, _h, d) => date(r.invoice_date, d)], ['车架号', (r) => r.vin],
  ['销售方名称', (r) => r.seller], ['销售方纳税人识别号', (r) => r.seller_id],
  ['购货单位', (r) => r.buyer], ['购买方身份证号码/组织机构代码', (r) => r.buyer_id],
  ['车价合计', (r) => (r.price === null ? null : String(r.price))],
  ['发票类型', (r) => (r.invoice_type ? INVOICE_ZH[r.invoice_type] : null)], ['备注', () => '经二手车交易市场开具'],
];
const salesEn: Column<SaleRow>[] = [
  ['Invoice Number', (r) => r.invoice_no], ['Sale Date', (r, _h, d) => date(r.invoice_date, d)], ['VIN', (r) => r.vin],
  ['Seller Name', (r, h) => en(h, 'seller', r.seller)], ['Seller Tax ID', (r) => r.seller_id],
  ['Buyer Name', (r) => r.buyer], ['Buyer Tax ID', (r) => r.buyer_id],
  ['Total Price', (r) => (r.price === null ? null : grouped(r.price, 0))], ['Currency', () => 'CNY'],
  ['Invoice Kind', (r) => r.invoice_type],
];
const registrationsZh: Column<RegistrationRow>[] = [
  ['登记日期', (r, _h, d) => date(r.registration_date, d)], ['登记类型', (r) => EVENT_ZH[r.event]], ['车辆识别代号', (r) => r.vin],
  ['机动车所有人', (r) => r.owner], ['所有人证件号码', (r) => r.owner_id], ['号牌号码', (r) => r.plate],
  ['登记城市', (r) => r.city], ['省份', (r) => r.province],
  ['表显里程', (r) => (r.odometer_km === null ? null : String(r.odometer_km))], ['使用性质', () => '非营运'],
];
const registrationsEn: Column<RegistrationRow>[] = [
  ['Date of Registration', (r, _h, d) => date(r.registration_date, d)], ['Registration Type', (r) => EVENT_EN[r.event]],
  ['VIN', (r) => r.vin], ['Owner Name', (r) => r.owner], ['Owner ID Number', (r) => r.owner_id],
  ['Plate Number', (r) => r.plate], ['Registration City', (r) => r.city], ['Province', (r) => r.province],
  ['Mileage', (r) => (r.odometer_km === null ? null : String(r.odometer_km))],
];
const hsCode = (r: ExportRow): string => (r.condition === 'new' ? '8703239000' : '8703239010');
const exportsXlsx: Column<ExportRow>[] = [
  ['海关编号', (r) => r.declaration_no], ['出口日期', (r, _h, d) => date(r.declaration_date, d)], ['车架号', (r) => r.vin],
  ['经营单位', (r) => r.exporter], ['经营单位代码', (r) => r.exporter_id], ['境外收货人', (r) => r.consignee],
  ['最终目的国（地区）', (r) => countryName(r.destination_country, 'zh')], ['出境关别', (r) => r.port],
  ['申报金额', (r) => r.declared_value], ['币制', () => '人民币'], ['表显里程', (r) => r.odometer_km],
  ['车辆状态', (r) => (r.condition ? CONDITION_ZH[r.condition] : null)], ['商品编号', hsCode],
];
const exportsZh: Column<ExportRow>[] = [
  ['报关单号', (r) => r.declaration_no], ['申报日期', (r, _h, d) => date(r.declaration_date, d)], ['车辆识别代号', (r) => r.vin],
  ['境内发货人', (r) => r.exporter], ['境内发货人代码', (r) => r.exporter_id], ['境外收货人', (r) => r.consignee],
  ['运抵国（地区）', (r) => countryName(r.destination_country, 'zh')], ['离境口岸', (r) => r.port],
  ['总价', (r) => (r.declared_value === null ? null : grouped(r.declared_value, 2))], ['币制', () => '人民币'],
  ['行驶里程', (r) => (r.odometer_km === null ? null : String(r.odometer_km))],
  ['新旧状态', (r) => (r.condition ? CONDITION_ZH[r.condition] : null)], ['成交方式', () => 'FOB'], ['商品编号', hsCode],
];
const exportsEn: Column<ExportRow>[] = [
  ['Declaration Number', (r) => r.declaration_no], ['Export Date', (r, _h, d) => date(r.declaration_date, d)], ['VIN', (r) => r.vin],
  ['Exporter', (r) => r.exporter], ['Exporter Code', (r) => r.exporter_id], ['Foreign Consignee', (r) => r.consignee],
  ['Destination', (r) => r.destination_country], ['Port of Exit', (r, h) => en(h, 'port', r.port)],
  ['Total Value', (r) => (r.declared_value === null ? null : String(r.declared_value))], ['Currency', () => 'CNY'],
  ['Odometer', (r) => (r.odometer_km === null ? null : String(r.odometer_km))], ['Condition', (r) => r.condition],
];
const shipmentsEn: Column<ShipmentRow>[] = [
  ['B/L No', (r) => r.bl_no], ['Date of Departure', (r, _h, d) => date(r.departure_date, d)], ['Chassis Number', (r) => r.vin],
  ['Carrier', (r) => r.carrier], ['Transport Mode', (r) => r.mode], ['Loading Port', (r) => r.port_of_loading],
  ['Discharge Port', (r) => r.port_of_discharge], ['Consignee', (r) => r.consignee],
];
const shipmentsZh: Column<ShipmentRow>[] = [
  ['提运单号', (r) => r.bl_no], ['发运日期', (r, _h, d) => date(r.departure_date, d)], ['车辆识别代号', (r) => r.vin],
  ['承运人', (r) => r.carrier], ['运输方式', (r) => (r.mode ? MODE_ZH[r.mode] : null)], ['装货港', (r) => r.port_of_loading],
  ['指运港', (r) => r.port_of_discharge], ['收货人', (r) => r.consignee],
];
const confirmations: Column<ConfirmationRow>[] = [
  ['确认书编号', (_r, h) => en(h, 'number', null)], ['车辆识别代号', (r) => r.vin], ['出具日期', (r, _h, d) => date(r.issued_date, d)],
  ['生产企业', (r) => r.maker], ['目的国（地区）', (r) => r.countries.map((c) => countryName(c, 'zh')).join('、')],
];

function spec<K extends RecordKind>(id: string, file: string, kind: K, o: Omit<FileSpec<K>, 'id' | 'file' | 'kind' | 'format' | 'eol'> & { eol?: '\n' | '\r\n' }): FileSpec<K> {
  return { id, file, kind, format: file.endsWith('.xlsx') ? 'xlsx' : 'csv', eol: o.eol ?? '\n', ...o };
}

/** Every file of the demo, in the order an investigator would list them. */
export const FILES = {
  'vehicles-zh': spec('vehicles-zh', '01-车辆信息-生产企业.csv', 'vehicles', { encoding: 'gb18030', language: 'zh', dates: 'zh', eol: '\r\n', columns: vehiclesZh }),
  'vehicles-en': spec('vehicles-en', '02-vehicle-master.csv', 'vehicles', { encoding: 'utf8', language: 'en', dates: 'iso', columns: vehiclesEn }),
  'sales-new-zh': spec('sales-new-zh', '03-机动车销售统一发票.csv', 'sales', { encoding: 'utf8-bom', language: 'zh', dates: 'slash', eol: '\r\n', columns: salesNewZh }),
  'sales-used-zh': spec('sales-used-zh', '04-二手车销售统一发票.csv', 'sales', { encoding: 'gb18030', language: 'zh', dates: 'compact', eol: '\r\n', columns: salesUsedZh }),
  'sales-en': spec('sales-en', '05-sales-invoices-en.csv', 'sales', { encoding: 'utf8', language: 'en', dates: 'iso', columns: salesEn }),
  'registrations-zh': spec('registrations-zh', '06-机动车登记信息.csv', 'registrations', { encoding: 'gb18030', language: 'zh', dates: 'zh', eol: '\r\n', columns: registrationsZh }),
  'registrations-en': spec('registrations-en', '07-vehicle-registrations-en.csv', 'registrations', { encoding: 'utf8-bom', language: 'en', dates: 'slash', columns: registrationsEn }),
  'exports-xlsx': spec('exports-xlsx', '08-出口报关单.xlsx', 'exports', { encoding: 'utf8', language: 'zh', dates: 'serial', columns: exportsXlsx }),
  'exports-zh': spec('exports-zh', '09-出口报关单-汇总.csv', 'exports', { encoding: 'utf8', language: 'zh', dates: 'compact', columns: exportsZh }),
  'exports-en': spec('exports-en', '10-customs-exports-en.csv', 'exports', { encoding: 'utf8', language: 'en', dates: 'iso', columns: exportsEn }),
  'shipments-en': spec('shipments-en', '11-bills-of-lading.csv', 'shipments', { encoding: 'utf8', language: 'en', dates: 'iso', columns: shipmentsEn }),
  'shipments-zh': spec('shipments-zh', '12-铁路公路运单.csv', 'shipments', { encoding: 'gb18030', language: 'zh', dates: 'zh', eol: '\r\n', columns: shipmentsZh }),
  'confirmations-zh': spec('confirmations-zh', '13-售后维修服务确认书.csv', 'confirmations', { encoding: 'utf8-bom', language: 'zh', dates: 'iso', eol: '\r\n', columns: confirmations }),
} as const satisfies Record<string, FileSpec>;
export type FileId = keyof typeof FILES;
export const FILE_IDS = Object.keys(FILES) as FileId[];

/** A record as the cells of one file's row. */
export function cellsOf<K extends RecordKind>(spec: FileSpec<K>, row: RowOf[K], hint: RowHint | undefined): Cell[] {
  return spec.columns.map(([, cell]) => cell(row, hint, spec.dates));
}

export function headersOf(spec: FileSpec): string[] {
  return spec.columns.map(([header]) => header);
}
