import { describe, expect, it } from 'vitest';
import { detectRecordKind } from '../../../shared/record-kinds';

describe('record kind from headers', () => {
  it('recognises Chinese headers with full-width brackets', () => {
    const d = detectRecordKind(['报关单号', '申报日期', '车辆识别代号', '境内发货人', '境外收货人', '运抵国（地区）', '总价', '行驶里程', '备注']);
    expect(d.ok && d.match.kind).toBe('exports');
    if (d.ok) expect(d.match.columns).toEqual(['declaration_no', 'declaration_date', 'vin', 'exporter', 'consignee', 'destination_country', 'declared_value', 'odometer_km', null]);
  });
  it('recognises English headers whatever their case and separators', () => {
    const d = detectRecordKind(['Invoice No', 'INVOICE_DATE', 'vin', 'Seller', 'seller-id', 'Buyer', 'Price']);
    expect(d.ok && d.match.kind).toBe('sales');
  });
  it('names the nearest kind and its missing columns', () => {
    const d = detectRecordKind(['VIN', '登记日期', '号牌号码']);
    expect(d.ok).toBe(false);
    if (!d.ok) {
      expect(d.nearest.kind).toBe('registrations');
      expect(d.nearest.missing).toEqual(['event', 'owner']);
    }
  });
});
