import type { DocumentLayout } from '../../../shared/document-fields';
import type { RecordKind } from '../../../shared/record-kinds';

/**
 * The document layouts ZeroMile reads, each recognised by its title and read by its field labels,
 * in Chinese and English. A label maps to a canonical column, to a context role (`party_id`: the id
 * of the party named just before; `owner`: starts the next owner on a registration certificate),
 * or to null: a label whose only job is to end the value before it. `tax_rate` is read for the
 * export zero rate; `continued` is the second line of a label wrapped over two lines (its value
 * belongs to the label above).
 */
export type LabelTarget = string | null;

export type LayoutSpec = {
  layout: DocumentLayout;
  kind: RecordKind;
  /** Any of these in the page text identifies the layout (checked in the order of LAYOUTS). */
  titles: readonly string[];
  labels: Readonly<Record<string, LabelTarget>>;
  /** Labels after which a following taxpayer id belongs to no party already named. */
  contextBreaks?: readonly string[];
  /**
   * `zh`: a Chinese form, chosen by an English title only on a page that holds Chinese text, and by
   * its labels only from Chinese ones; `en`: an English form (commercial invoice, bill of lading).
   */
  script: 'zh' | 'en';
};

/**
 * A long label printed in a narrow cell wraps wherever the cell ends: every first part (longer than
 * its first word) reads as the label, every rest of two characters or more as its continuation.
 */
function wrapped(label: string, target: string): Record<string, LabelTarget> {
  const chars = [...label];
  const firstWord = label.indexOf('/');
  const out: Record<string, LabelTarget> = { [label]: target };
  for (let cut = firstWord + 2; cut < chars.length - 1; cut++) {
    out[chars.slice(0, cut).join('')] = target;
    out[chars.slice(cut).join('')] = 'continued';
  }
  return out;
}

const INVOICE_COMMON: Record<string, LabelTarget> = {
  发票号码: 'invoice_no', 'Invoice No.': 'invoice_no', 'Invoice No': 'invoice_no', 'Invoice Number': 'invoice_no',
  开票日期: 'invoice_date', 'Invoice Date': 'invoice_date', 'Date of Issue': 'invoice_date',
  发票代码: 'invoice_code', 'Invoice Code': 'invoice_code', 机器编号: null, 电话: null, 账号: null, 地址: null, 开户银行: null, 备注: null,
  车辆类型: null, 厂牌型号: null, 'Tel': null, 'Address': null,
  税率: 'tax_rate', 征收率: 'tax_rate', 增值税税率或征收率: 'tax_rate', 'Tax Rate': 'tax_rate',
};

export const LAYOUTS: readonly LayoutSpec[] = [
  {
    layout: 'sales_invoice_used',
    kind: 'sales',
    titles: ['二手车销售统一发票', 'Used Vehicle Sales Invoice', 'Used Car Sales Invoice'],
    labels: {
      ...INVOICE_COMMON,
      '买方单位/个人': 'buyer', 'Buyer': 'buyer',
      '卖方单位/个人': 'seller', 'Seller': 'seller',
      '单位代码/身份证号码': 'party_id', 'ID/Code': 'party_id',
      '买方单位/个人住址': null, '卖方单位/个人住址': null,
      '车架号/车辆识别代码': 'vin', 车辆识别代码: 'vin', 车辆识别代号: 'vin', 'VIN': 'vin',
      车价合计: 'price', 价税合计: 'price', 'Total Price': 'price', 'Total': 'price',
      车牌照号: null, 登记证号: null, 转入地车辆管理所名称: null, '经营、拍卖单位': null, 二手车市场: null,
      纳税人识别号: 'party_id',
    },
    contextBreaks: ['经营、拍卖单位', '二手车市场'],
    script: 'zh',
  },
  {
    layout: 'sales_invoice_new',
    kind: 'sales',
    titles: ['机动车销售统一发票', 'Motor Vehicle Sales Invoice', 'Vehicle Sales Invoice'],
    labels: {
      ...INVOICE_COMMON,
      '购买方名称及身份证号码/组织机构代码': 'buyer', 购买方名称: 'buyer', 购货单位: 'buyer', 'Buyer': 'buyer',
      购买方纳税人识别号: 'buyer_id', '身份证号码/组织机构代码': 'buyer_id',
      销货单位名称: 'seller', 销售方名称: 'seller', 'Seller': 'seller',
      销货单位纳税人识别号: 'seller_id', 销售方纳税人识别号: 'seller_id',
      纳税人识别号: 'party_id', 'Taxpayer ID': 'party_id', 'Tax ID': 'party_id',
      '车辆识别代号/车架号码': 'vin', 车辆识别代号: 'vin', 车架号码: 'vin', 'VIN': 'vin',
      价税合计: 'price', 'Total Price': 'price', 'Total': 'price',
      产地: null, 合格证号: null, 进口证明书号: null, 商检单号: null, 发动机号码: null,
      增值税税额: null, 主管税务机关及代码: null, 不含税价: null, 完税凭证号码: null,
      吨位: null, 限乘人数: null,
    },
    script: 'zh',
  },
  {
    layout: 'export_declaration',
    kind: 'exports',
    titles: ['出口货物报关单', 'Export Declaration', 'Customs Declaration for Export'],
    labels: {
      海关编号: 'declaration_no', 报关单号: 'declaration_no', 'Declaration No.': 'declaration_no', 'Declaration No': 'declaration_no',
      申报日期: 'declaration_date', 'Declaration Date': 'declaration_date',
      出口日期: 'export_date', 'Export Date': 'export_date',
      境内发货人: 'exporter', 'Domestic Shipper': 'exporter', 'Exporter': 'exporter',
      境内发货人代码: 'exporter_id', 统一社会信用代码: 'party_id',
      境外收货人: 'consignee', 'Overseas Consignee': 'consignee', 'Consignee': 'consignee',
      '运抵国(地区)': 'destination_country', 运抵国: 'destination_country', '最终目的国(地区)': 'final_country',
      'Country of Arrival': 'destination_country', 'Destination Country': 'destination_country',
      离境口岸: 'port', 出境关别: 'exit_customs', 'Port of Departure': 'port', 'Port of Exit': 'port',
      总价: 'declared_value', 'Total Price': 'declared_value', 'Total Value': 'declared_value',
      币制: 'currency', 'Currency': 'currency',
      行驶里程: 'odometer_km', 'Mileage': 'odometer_km',
      车辆识别代号: 'vin', '车辆识别代号/车架号': 'vin', 车架号: 'vin', 'VIN': 'vin',
      预录入编号: null, 备案号: null, 运输方式: null, 运输工具名称及航次号: null, 提运单号: null,
      生产销售单位: null, 监管方式: null, 征免性质: null, 许可证号: null, 合同协议号: null,
      '贸易国(地区)': null, 指运港: null, 包装种类: null, 件数: null, '毛重(千克)': null, '净重(千克)': null,
      成交方式: null, 运费: null, 保费: null, 杂费: null, 商品编号: null, 商品名称及规格型号: null,
      数量及单位: null, 单价: null, '原产国(地区)': null, 境内货源地: null, 征免: null,
      标记唛码及备注: null, 项号: null, 随附单证及编号: null, 特殊关系确认: null, 价格影响确认: null, 支付特许权使用费确认: null,
      自报自缴: null, 申报单位: null, 报关人员: null, 海关批注及签章: null,
    },
    script: 'zh',
  },
  {
    layout: 'registration_certificate',
    kind: 'registrations',
    titles: ['机动车登记证书', 'Motor Vehicle Registration Certificate', 'Vehicle Registration Certificate'],
    labels: {
      ...wrapped('机动车所有人/身份证明名称/号码', 'owner'), 机动车所有人: 'owner', 'Owner': 'owner',
      登记日期: 'registration_date', 'Registration Date': 'registration_date',
      登记机关: 'city', 'Registration Authority': 'city',
      机动车登记编号: 'plate', 号牌号码: 'plate', 'Plate No.': 'plate', 'Plate No': 'plate',
      '车辆识别代号/车架号': 'vin', 车辆识别代号: 'vin', 'VIN': 'vin',
      行驶里程: 'odometer_km',
      登记证书编号: null, 车辆类型: null, 车辆品牌: null, 车辆型号: null, 车身颜色: null, 发动机号: null,
      '国产/进口': null, 制造厂名称: null, 使用性质: null, 燃料种类: null, 出厂日期: null, 发证机关章: null,
      发证日期: null, 转移登记: null, 注册登记: null, 注册登记摘要信息栏: null, 转移登记摘要信息栏: null, 注册登记机动车信息栏: null,
      登记证书编号栏: null, 转入地车辆管理所名称: null,
    },
    script: 'zh',
  },
  {
    layout: 'commercial_invoice',
    kind: 'sales',
    titles: ['Commercial Invoice'],
    labels: {
      'Invoice No.': 'invoice_no', 'Invoice No': 'invoice_no', 'Invoice Number': 'invoice_no',
      'Invoice Date': 'invoice_date', 'Date of Invoice': 'invoice_date', 'Date': 'invoice_date',
      'Exporter/Seller': 'seller', 'Seller/Exporter': 'seller', 'Exporter': 'seller', 'Seller': 'seller', 'Shipper/Exporter': 'seller',
      'Consignee/Buyer': 'buyer', 'Buyer/Consignee': 'buyer', 'Buyer': 'buyer', 'Importer': 'buyer', 'Consignee': 'buyer', 'Sold To': 'buyer',
      'Tax ID': 'party_id', 'Taxpayer ID': 'party_id', 'USCC': 'party_id', 'Company Code': 'party_id',
      'VIN/Chassis No.': 'vin', 'Chassis No.': 'vin', 'Chassis No': 'vin', 'VIN': 'vin', 'Frame No.': 'vin',
      'Total Amount': 'price', 'Total Value': 'price', 'Total Invoice Value': 'price', 'Total': 'price',
      'Currency': 'currency',
      'Description of Goods': null, 'Description': null, 'Unit Price': null, 'Quantity': null, 'Qty': null,
      'Port of Loading': null, 'Port of Discharge': null, 'Port of Destination': null, 'Country of Origin': null,
      'Country of Destination': null, 'Terms of Delivery': null, 'Incoterms': null, 'Terms of Payment': null, 'Payment Terms': null,
      'Address': null, 'Tel': null, 'Model': null, 'Engine No.': null, 'Colour': null, 'Color': null, 'Mileage': null,
      'Contract No.': null, 'Signature': null, 'Authorized Signature': null, 'Bank': null,
    },
    script: 'en',
  },
  {
    layout: 'bill_of_lading',
    kind: 'shipments',
    titles: ['Bill of Lading', 'Sea Waybill', 'Ocean Bill of Lading'],
    labels: {
      'B/L No.': 'bl_no', 'B/L No': 'bl_no', 'B/L Number': 'bl_no', 'Bill of Lading No.': 'bl_no', 'Waybill No.': 'bl_no',
      'Consignee': 'consignee', 'Carrier': 'carrier',
      'Port of Loading': 'port_of_loading', 'Port of Discharge': 'port_of_discharge',
      'Shipped on Board Date': 'departure_date', 'On Board Date': 'departure_date', 'Date of Shipment': 'departure_date', 'Laden on Board': 'departure_date',
      'VIN/Chassis No.': 'vin', 'Chassis No.': 'vin', 'VIN': 'vin',
      'Shipper': null, 'Notify Party': null, 'Ocean Vessel': null, 'Vessel/Voyage': null, 'Voyage No.': null, 'Place of Receipt': null,
      'Place of Delivery': null, 'Description of Goods': null, 'Marks and Numbers': null, 'Gross Weight': null, 'Measurement': null,
      'Freight': null, 'Freight Payable at': null, 'Number of Original B/L': null, 'Place and Date of Issue': null,
      'Container No.': null, 'Seal No.': null, 'Booking No.': null, 'Model': null, 'Engine No.': null,
    },
    script: 'en',
  },
];
