import { describe, expect, it } from 'vitest';
import { daysBetween, excelSerialToIso, parseDate } from '../../../shared/dates';
import { parseNumber } from '../../../shared/numbers';
import { parseCondition, parseCountries, parseCountry, parseEvent } from '../../../shared/vocabulary';

describe('dates', () => {
  it.each([
    ['2024-03-05', '2024-03-05'], ['2024/3/5', '2024-03-05'], ['20240305', '2024-03-05'],
    ['2024年3月5日', '2024-03-05'], ['２０２４年３月５日', '2024-03-05'], ['2024.03.05', '2024-03-05'],
    ['2024-03-05 14:30:00', '2024-03-05'], ['45356', '2024-03-05'], ['45356.5', '2024-03-05'],
  ])('%s -> %s', (raw, iso) => expect(parseDate(raw)).toBe(iso));
  it.each(['2024-02-30', '2023-02-29', '2024-13-01', 'tomorrow', '', '2024/3', '0'])('rejects %s', (raw) => expect(parseDate(raw)).toBeNull());
  it('knows leap days, Excel epoch and day differences', () => {
    expect(parseDate('2024年2月29日')).toBe('2024-02-29');
    expect(excelSerialToIso(61)).toBe('1900-03-01');
    expect(daysBetween('2024-01-01', '2024-03-01')).toBe(60);
  });
});

describe('numbers', () => {
  it.each([
    ['1,234', 1234], ['１２３４５', 12345], ['1，234.50', 1234.5], ['¥128,000', 128000], ['8 km', 8],
    ['12.5万元', 125000], ['-3', -3], ['250000元', 250000],
  ])('%s -> %s', (raw, value) => expect(parseNumber(raw)).toBe(value));
  it.each(['abc', '1,23', '', '1.2.3'])('rejects %s', (raw) => expect(parseNumber(raw)).toBeNull());
});

describe('vocabulary', () => {
  it('reads events, conditions and countries in both languages', () => {
    expect(parseEvent('注册登记')).toBe('initial');
    expect(parseEvent('Transfer')).toBe('transfer');
    expect(parseEvent('注销登记')).toBe('deregistration');
    expect(parseCondition('二手车')).toBe('used');
    expect(parseCondition('NEW')).toBe('new');
    expect(parseCountry('俄罗斯')).toBe('RU');
    expect(parseCountry('Kazakhstan')).toBe('KZ');
    expect(parseCountry('rus')).toBe('RU');
    expect(parseCountries('RU、KZ, 吉尔吉斯斯坦')).toEqual(['RU', 'KZ', 'KG']);
    expect(parseCountries('Atlantis')).toBeNull();
  });
});
