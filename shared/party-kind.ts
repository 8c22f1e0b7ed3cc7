import type { PartyIdCheck } from './party-id';

/**
 * Whether a party is a private person or an organisation, from what the records give: its name and
 * identifier. Customs, invoices and registrations name private owners and retail buyers beside
 * dealers and traders in the same columns, and most private buyers come without an identifier.
 *
 * An organisation marker in the name decides first: a sole trader's 车行 or 修理厂 is often registered
 * under the owner's identity number, and old (pre-2015) company registration numbers have 15 digits
 * like first-generation identity cards, so neither identifier makes such a party a person. Then a
 * valid resident identity number makes a person, a valid USCC an organisation; otherwise a name of 2
 * to 4 Chinese characters (or a name of Chinese-written parts joined by a middle dot, as Uyghur and
 * other minority names are written) is a person's.
 */

/** Words of organisation names in Chinese, found anywhere in the name. */
const CHINESE_ORGANISATION_WORDS = [
  '公司', '集团', '中心', '商行', '车行', '有限', '股份', '合作社', '事务所', '工作室', '经销', '贸易', '商贸', '实业',
  '企业', '门市', '经营部', '服务部', '销售部', '汽车', '车业', '物流', '进出口', '控股', '协会', '银行', '政府', '委员会',
];
/** One-character organisation endings (厂 factory, 行 firm, 店 shop, …), only as the last character: 行 is also a given name's. */
const CHINESE_ORGANISATION_ENDINGS = new Set(['厂', '行', '店', '社', '部', '局', '所', '院', '站', '场', '馆', '铺', '坊']);

/**
 * Legal forms and trade words of the exporting and importing countries' company names, as whole
 * words: English, Russian/Kazakh/Kyrgyz (ООО, ТОО, ОсОО, АО, ИП), Uzbek (MChJ/МЧЖ, XK, AJ, QK, YaTT),
 * Arabic-world free-zone forms, and common others. Case-insensitive; dots inside are ignored.
 */
const LEGAL_FORMS = [
  'llc', 'ltd', 'limited', 'inc', 'incorporated', 'corp', 'corporation', 'co', 'company', 'gmbh', 'llp', 'lp', 'plc', 'jsc', 'pjsc', 'ojsc',
  'cjsc', 'fze', 'fzco', 'fzc', 'fz-llc', 'dmcc', 'sarl', 'sa', 'sas', 'srl', 'bv', 'nv', 'ag', 'pte', 'bhd', 'sdn', 'pty', 'kft', 'spa',
  'trading', 'motors', 'motor', 'auto', 'autos', 'automobile', 'cars', 'group', 'holding', 'holdings', 'import', 'export', 'logistics',
  'enterprise', 'enterprises', 'international', 'industries', 'services', 'partners',
  'ооо', 'оао', 'зао', 'пао', 'ао', 'тоо', 'осоо', 'ooo', 'too', 'osoo', 'ип', 'чп', 'одо', 'уп', 'компания', 'фирма',
  'mchj', 'мчж', 'xk', 'хк', 'aj', 'аж', 'qk', 'қк', 'oaj', 'yatt', 'ятт', 'xt', 'хт', 'dk', 'дк',
];
const LEGAL_FORM_SET = new Set(LEGAL_FORMS);

/**
 * Han ideographs, the only script of a 2-4 character Chinese personal name: with extension A, and B
 * to H beyond the BMP (U+20000-U+323AF), since rare characters (生僻字) are common in given names and
 * the resident register writes them. Without them 张𠀋 was an organisation's name, and a row of his
 * without an ID number joined the same-named party that had one.
 */
const HAN = '\\u3400-\\u4dbf\\u4e00-\\u9fff\\u{20000}-\\u{323af}';
const CHINESE_PERSONAL_NAME = new RegExp(`^[${HAN}]{2,4}$`, 'u');
/** 买买提·艾力: parts of Han characters joined by a middle dot (·, ・, •, ‧). */
const CHINESE_DOTTED_NAME = new RegExp(`^[${HAN}]{1,8}(?:[·・•‧][${HAN}]{1,8}){1,3}$`, 'u');

/** Any of the Chinese organisation words (Han characters only, nothing to escape): one pass over the name, not one per word. */
const CHINESE_ORGANISATION_WORD = new RegExp(CHINESE_ORGANISATION_WORDS.join('|'));
/** Every legal form is written in Latin or Cyrillic letters: a name without one has none (most private buyers' names). */
const LATIN_OR_CYRILLIC = /[A-Za-z\u0400-\u04FF]/;

export function hasOrganisationMarker(name: string): boolean {
  const text = name.normalize('NFKC').trim();
  const compact = text.replace(/\s+/g, '');
  if (CHINESE_ORGANISATION_WORD.test(compact)) return true;
  if (CHINESE_ORGANISATION_ENDINGS.has(compact.slice(-1))) return true;
  if (!LATIN_OR_CYRILLIC.test(text)) return false;
  // Latin and Cyrillic words: split on anything that is not a letter, digit or hyphen; "L.L.C." and
  // "S.A." read as "llc" and "sa" once the dots inside a word are dropped.
  for (const word of text.toLowerCase().replace(/(\p{L})\.(?=\p{L})/gu, '$1').split(/[^\p{L}\p{N}-]+/u)) {
    if (word !== '' && LEGAL_FORM_SET.has(word)) return true;
  }
  return false;
}

/** A name as private Chinese persons' names are written (no marker checked here). */
export function looksLikeChinesePersonalName(name: string): boolean {
  const compact = name.normalize('NFKC').replace(/\s+/g, '');
  return CHINESE_PERSONAL_NAME.test(compact) || CHINESE_DOTTED_NAME.test(compact);
}

/** True when the party is a private person; `id` is its checked identifier, if it has one. */
export function isPersonParty(name: string, id: PartyIdCheck | null): boolean {
  if (hasOrganisationMarker(name)) return false;
  if (id?.valid && id.kind === 'person_id') return true;
  if (id?.valid && id.kind === 'uscc') return false;
  return looksLikeChinesePersonalName(name);
}
