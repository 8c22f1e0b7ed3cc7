import { COUNTRIES } from './data/countries';
import { normalizeHeader } from './text';

/**
 * The controlled words of the source documents in both languages, each read into one code.
 * Matching ignores case, width, spaces and punctuation, like headers.
 */
export type RegistrationEvent = 'initial' | 'transfer' | 'deregistration';
export type Condition = 'new' | 'used';
export type TransportMode = 'sea' | 'rail' | 'road' | 'air';
export type FuelType = 'ICE' | 'BEV' | 'PHEV' | 'HEV';

function vocabulary<T extends string>(entries: Record<T, readonly string[]>): (raw: string) => T | null {
  const index = new Map<string, T>();
  // Most cells spell a word exactly as listed: found without normalising (a hot path of imports).
  const exact = new Map<string, T>();
  for (const [code, words] of Object.entries(entries) as [T, readonly string[]][]) {
    index.set(normalizeHeader(code), code);
    exact.set(code, code);
    for (const word of words) {
      index.set(normalizeHeader(word), code);
      exact.set(word, code);
    }
  }
  return (raw) => exact.get(raw) ?? index.get(normalizeHeader(raw)) ?? null;
}

export const parseEvent = vocabulary<RegistrationEvent>({
  initial: ['注册登记', '初次登记', '首次登记', '新车注册', 'first registration', 'registration', 'A'],
  transfer: ['转移登记', '过户登记', '过户', 'change of owner', 'ownership transfer', 'B'],
  deregistration: ['注销登记', '注销', 'de-registration', 'deregistered', 'cancellation', 'F'],
});

export const parseCondition = vocabulary<Condition>({
  new: ['新车', '新', '全新', 'brand new'],
  used: ['二手车', '旧', '二手', '旧车', 'second hand', 'second-hand', 'pre-owned'],
});

export const parseInvoiceType = vocabulary<Condition>({
  new: ['机动车销售统一发票', '新车', '新车发票', 'new car invoice'],
  used: ['二手车销售统一发票', '二手车', '二手车发票', 'used car invoice'],
});

export const parseTransportMode = vocabulary<TransportMode>({
  sea: ['海运', '水路运输', '江海运输', 'ocean', 'ship', 'ro-ro', 'roro'],
  rail: ['铁路', '铁路运输', '中欧班列', 'railway', 'train'],
  road: ['公路', '公路运输', 'truck', 'lorry'],
  air: ['航空', '航空运输'],
});

export const parseFuelType = vocabulary<FuelType>({
  ICE: ['汽油', '柴油', '燃油', 'petrol', 'gasoline', 'diesel'],
  BEV: ['纯电动', '电动', 'EV', 'electric'],
  PHEV: ['插电式混合动力', '插电混动', 'plug-in hybrid'],
  HEV: ['混合动力', '油电混合', 'hybrid'],
});

export const parseCurrency = vocabulary<string>({
  CNY: ['人民币', 'RMB', '元', '¥', '142'],
  USD: ['美元', 'US$', '$', '502'],
  EUR: ['欧元', '€', '300'],
  RUB: ['卢布', '俄罗斯卢布'],
});

const COUNTRY_INDEX: ReadonlyMap<string, string> = (() => {
  const index = new Map<string, string>();
  for (const [alpha2, [en, zh, alpha3]] of Object.entries(COUNTRIES)) {
    for (const word of [alpha2, alpha3, en, zh]) if (word) index.set(normalizeHeader(word), alpha2);
  }
  const extra: Record<string, string> = {
    russia: 'RU', 俄罗斯联邦: 'RU', uae: 'AE', 阿拉伯联合酋长国: 'AE', iran: 'IR', turkey: 'TR',
    syria: 'SY', 'south korea': 'KR', korea: 'KR', vietnam: 'VN', 蒙古国: 'MN', 吉尔吉斯: 'KG',
  };
  for (const [word, code] of Object.entries(extra)) index.set(normalizeHeader(word), code);
  return index;
})();

/** A country given as ISO 3166 alpha-2 or alpha-3 or an English or Chinese name, as alpha-2. */
export function parseCountry(raw: string): string | null {
  return COUNTRY_INDEX.get(normalizeHeader(raw)) ?? null;
}

/** One or more countries separated by `,`, `、`, `;`, `/` or spaces; null if any is unknown. */
export function parseCountries(raw: string): string[] | null {
  const parts = raw.normalize('NFKC').split(/[,;、/|]+/).map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) return null;
  const codes = parts.map(parseCountry);
  if (codes.some((c) => c === null)) return null;
  return [...new Set(codes as string[])];
}

export function countryName(alpha2: string, lang: 'en' | 'zh' = 'en'): string {
  const entry = COUNTRIES[alpha2];
  if (!entry) return alpha2;
  return lang === 'zh' ? (entry[1] ?? entry[0]) : entry[0];
}
