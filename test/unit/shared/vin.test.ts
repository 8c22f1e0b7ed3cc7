import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeVin, isValidVin, vinCheckDigit, withCheckDigit } from '../../../shared/vin';
import { REFERENCE_DIR } from '../../support/paths';

type Vector = { vin: string; valid: boolean; wmi: string; formatValid: boolean };

function readVectors(): Vector[] {
  const [header, ...lines] = readFileSync(`${REFERENCE_DIR}/vins.tsv`, 'utf8').trim().split('\n');
  const cols = header!.split('\t');
  return lines.map((line) => {
    const cells = line.split('\t');
    const get = (name: string) => cells[cols.indexOf(name)] ?? '';
    return { vin: get('vin'), valid: get('valid_check_digit') === 'true', wmi: get('wmi'), formatValid: get('format_valid') === 'true' };
  });
}

describe('VIN validation', () => {
  const vectors = readVectors();
  it('agrees with every reference vector', () => {
    expect(vectors.length).toBeGreaterThan(150);
    for (const v of vectors) expect([v.vin, isValidVin(v.vin.toUpperCase())]).toEqual([v.vin, v.valid]);
  });
  it('decodes Chinese WMIs and model years', () => {
    const d = decodeVin('LSVAM4187C2184847');
    expect(d).toMatchObject({ valid: true, wmi: 'LSV', maker: 'SAIC Volkswagen', country: 'China', model_year: 2012 });
    expect(decodeVin('LGXCE4CB0P0000001'.slice(0, 17)).wmi).toBe('LGX');
  });
  it('says why a VIN fails', () => {
    expect(decodeVin('LVSHCAMB1CE05424').reason).toBe('length');
    expect(decodeVin('LVSHCAMB1CE05424O').reason).toBe('alphabet');
    expect(decodeVin('LVSHCAMB2CE054249').reason).toBe('check_digit');
  });
  it('computes X for a remainder of 10 and completes a VIN', () => {
    const vin = withCheckDigit('LGXCE4CB0R0000001');
    expect(isValidVin(vin)).toBe(true);
    expect(vinCheckDigit('1M8GDM9AXKP042788')).toBe('X');
  });
});
