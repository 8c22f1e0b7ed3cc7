import { normalizeHeader } from './text';

/** The kinds of source record of DOMAIN.md; a file holds one kind, recognised from its headers. */
export const RECORD_KINDS = ['vehicles', 'sales', 'registrations', 'exports', 'shipments', 'confirmations'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** How a canonical column's cell is read and validated. */
export type FieldType =
  | 'vin' | 'text' | 'date' | 'number' | 'party_id' | 'event' | 'condition'
  | 'invoice_type' | 'country' | 'countries' | 'fuel' | 'mode' | 'currency';

export type FieldSpec = {
  /** Canonical column name, also the SQL column. */
  name: string;
  type: FieldType;
  required: boolean;
  /** Header spellings (the canonical name always matches too). */
  synonyms: readonly string[];
};

const VIN_SYNONYMS = ['VIN', '车辆识别代号', '车架号', '车辆识别代号/车架号码', '车辆识别代码', 'chassis number', 'chassis no', 'vin code'] as const;
const field = (name: string, type: FieldType, required: boolean, synonyms: readonly string[]): FieldSpec =>
  ({ name, type, required, synonyms });
const vin = field('vin', 'vin', true, VIN_SYNONYMS);

export const RECORD_FIELDS: Readonly<Record<RecordKind, readonly FieldSpec[]>> = {
  vehicles: [
    vin,
    field('make', 'text', false, ['品牌', '厂牌', 'brand']),
    field('model', 'text', false, ['车型', '厂牌型号', '车辆型号']),
    field('fuel_type', 'fuel', false, ['燃料种类', 'fuel', '燃料类型']),
    field('production_date', 'date', false, ['生产日期', '车辆出厂日期', '出厂日期', 'build date']),
    field('manufacturer', 'text', false, ['生产企业', '制造厂名称', '生产企业名称', 'maker']),
    field('manufacturer_id', 'party_id', false, ['生产企业统一社会信用代码', 'maker id']),
  ],
  sales: [
    field('invoice_no', 'text', true, ['发票号码', 'invoice number']),
    field('invoice_date', 'date', true, ['开票日期', 'sale date', 'date of sale']),
    vin,
    field('seller', 'text', true, ['销货单位名称', '销售方名称', '销售单位', 'seller name']),
    field('seller_id', 'party_id', false, ['销货单位纳税人识别号', '销售方纳税人识别号', 'seller tax id']),
    field('buyer', 'text', true, ['购买方名称', '购货单位', '购买方', 'buyer name']),
    field('buyer_id', 'party_id', false, ['购买方纳税人识别号', '身份证号码/组织机构代码', '购买方身份证号码/组织机构代码', 'buyer tax id']),
    field('price', 'number', false, ['价税合计', '车价合计', 'amount', 'total price']),
    field('currency', 'currency', false, ['币种', '币制']),
    field('invoice_type', 'invoice_type', false, ['发票类型', 'invoice kind']),
    // A VAT invoice is its code and its number together: two invoices of one number and different codes are two sales.
    field('invoice_code', 'text', false, ['发票代码', 'invoice code']),
  ],
  registrations: [
    field('registration_date', 'date', true, ['登记日期', 'date of registration']),
    field('event', 'event', true, ['登记类型', '业务类型', 'registration type', 'registration event']),
    vin,
    field('owner', 'text', true, ['机动车所有人', '所有人', 'owner name']),
    field('owner_id', 'party_id', false, ['所有人证件号码', '身份证明号码', 'owner id number']),
    field('plate', 'text', false, ['号牌号码', '车牌号', 'plate number', 'licence plate', 'license plate']),
    field('city', 'text', false, ['登记城市', '登记机关', 'registration city']),
    field('province', 'text', false, ['省份', '省']),
    field('odometer_km', 'number', false, ['行驶里程', '表显里程', 'mileage', 'odometer']),
  ],
  exports: [
    field('declaration_no', 'text', true, ['报关单号', '海关编号', 'declaration number', 'customs declaration no']),
    field('declaration_date', 'date', true, ['申报日期', '出口日期', 'export date']),
    vin,
    field('exporter', 'text', true, ['境内发货人', '经营单位', '出口商']),
    field('exporter_id', 'party_id', false, ['境内发货人代码', '经营单位代码', '发货人统一社会信用代码', '境内发货人统一社会信用代码', 'exporter code']),
    field('consignee', 'text', false, ['境外收货人', 'foreign consignee']),
    field('destination_country', 'country', true, ['运抵国(地区)', '最终目的国(地区)', '运抵国', '目的国', 'destination', 'country of destination']),
    field('port', 'text', false, ['离境口岸', '出境关别', 'port of exit']),
    field('declared_value', 'number', false, ['总价', '申报金额', '申报价格', '申报总价', 'value', 'total value', 'declared value']),
    field('currency', 'currency', false, ['币制', '币种']),
    field('odometer_km', 'number', false, ['行驶里程', '表显里程', 'mileage', 'odometer']),
    field('condition', 'condition', false, ['新旧状态', '车辆状态', 'new/used']),
  ],
  shipments: [
    field('bl_no', 'text', true, ['提单号', '提运单号', 'bill of lading', 'b/l no', 'waybill no']),
    field('departure_date', 'date', true, ['离港日期', '发运日期', 'date of departure']),
    vin,
    field('carrier', 'text', false, ['承运人']),
    field('mode', 'mode', false, ['运输方式', 'transport mode']),
    field('port_of_loading', 'text', false, ['装货港', 'loading port']),
    field('port_of_discharge', 'text', false, ['卸货港', '指运港', 'discharge port']),
    field('consignee', 'text', false, ['收货人']),
  ],
  confirmations: [
    vin,
    field('issued_date', 'date', true, ['出具日期', 'date issued', 'issue date']),
    field('maker', 'text', false, ['生产企业', 'manufacturer']),
    field('countries', 'countries', true, ['目的国', '目的国(地区)', 'destination countries', 'country']),
  ],
};

/** Normalised header -> canonical column, per kind. */
const HEADER_INDEX: Readonly<Record<RecordKind, ReadonlyMap<string, string>>> = Object.fromEntries(
  RECORD_KINDS.map((kind) => {
    const index = new Map<string, string>();
    for (const spec of RECORD_FIELDS[kind]) {
      for (const spelling of [spec.name, ...spec.synonyms]) index.set(normalizeHeader(spelling), spec.name);
    }
    return [kind, index];
  }),
) as unknown as Record<RecordKind, ReadonlyMap<string, string>>;

export type HeaderMatch = {
  kind: RecordKind;
  /** For each header position, the canonical column it fills, or null (kept as an extra column). */
  columns: (string | null)[];
  /** Required canonical columns with no header. */
  missing: string[];
  matched: number;
};

export function matchHeadersToKind(kind: RecordKind, headers: readonly string[]): HeaderMatch {
  const index = HEADER_INDEX[kind];
  const taken = new Set<string>();
  const columns = headers.map((header) => {
    const canonical = index.get(normalizeHeader(header)) ?? null;
    if (canonical === null || taken.has(canonical)) return null;
    taken.add(canonical);
    return canonical;
  });
  const missing = RECORD_FIELDS[kind].filter((f) => f.required && !taken.has(f.name)).map((f) => f.name);
  return { kind, columns, missing, matched: taken.size };
}

export type KindDetection =
  | { ok: true; match: HeaderMatch }
  | { ok: false; nearest: HeaderMatch };

/**
 * The kind whose required columns are all present, preferring the one that explains most headers.
 * When none fits, the nearest kind (most headers explained, then fewest missing) is returned for the message.
 */
export function detectRecordKind(headers: readonly string[]): KindDetection {
  const matches = RECORD_KINDS.map((kind) => matchHeadersToKind(kind, headers));
  // A VIN column alone says nothing about the kind: a match needs at least one more column.
  const complete = matches.filter((m) => m.missing.length === 0 && m.matched >= 2).sort((a, b) => b.matched - a.matched);
  if (complete.length > 0) return { ok: true, match: complete[0]! };
  const nearest = [...matches].sort((a, b) => b.matched - a.matched || a.missing.length - b.missing.length)[0]!;
  return { ok: false, nearest };
}

/**
 * A sale's invoice as it is cited: a VAT invoice is its code (发票代码) and number together
 * ('144002410071 00012345'), so two of one number are told apart; the number alone without a code
 * (sales imported before codes were read cite as before). SQL: casefile/record-sources.ts SALE_CITED (which also takes a code given by a further source).
 */
export function invoiceCited(no: string, code: string | null | undefined): string;
export function invoiceCited(no: string | null, code: string | null | undefined): string | null;
export function invoiceCited(no: string | null, code: string | null | undefined): string | null {
  return no !== null && code ? `${code} ${no}` : no;
}
