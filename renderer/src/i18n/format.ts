import { CASE_EN, type CaseKey } from '../../../shared/i18n/case-en';
import { CASE_ZH } from '../../../shared/i18n/case-zh';
import { message, renderMessage, type Message, type MessageParam } from '../../../shared/i18n/message';
import { REFUSAL_CATALOGUE_EN } from '../../../shared/i18n/refusal-en';
import { REFUSAL_CATALOGUE_ZH } from '../../../shared/i18n/refusal-zh';
import { RULES, type RuleId } from '../../../shared/rules';
import { en, type MessageKey as ScreenKey, type Messages } from './en';
import { zh } from './zh';

export type Lang = 'en' | 'zh';
export const CATALOGUES: Record<Lang, Messages> = { en, zh };
/** The screens' text, the case's text (shared/i18n: reasons, timeline, fields) and refusals, in one table per language. */
const TABLES: Record<Lang, Readonly<Record<string, string>>> = { en: { ...REFUSAL_CATALOGUE_EN, ...CASE_EN, ...en }, zh: { ...REFUSAL_CATALOGUE_ZH, ...CASE_ZH, ...zh } };
export type MessageKey = ScreenKey | CaseKey;
const LOCALES: Record<Lang, string> = { en: 'en-GB', zh: 'zh-CN' };

export type I18n = {
  lang: Lang;
  setLang(lang: Lang): void;
  /** A screen's text; a value may be a message itself (a count of days: flag-reasons.ts dayCount). */
  t(key: MessageKey, values?: Record<string, MessageParam>): string;
  /** A message from the backend (a flag's reason, a timeline line), or `fallback` (stored text) when there is none. */
  msg(m: Message | null | undefined, fallback?: string): string;
  /** A rule's title in the current language. */
  rule(id: string): string;
  num(value: number | null | undefined, digits?: number): string;
  /** An ISO day (YYYY-MM-DD) or timestamp, formatted for the locale. */
  date(value: string | null | undefined): string;
  dateTime(value: string | null | undefined): string;
};

/** The formatters of one language; the provider adds switching, the bench and tests use it alone. */
export function makeI18n(lang: Lang, setLang: (lang: Lang) => void = () => undefined): I18n {
  const messages = TABLES[lang];
  const locale = LOCALES[lang];
  const numbers = new Map<number, Intl.NumberFormat>();
  const dayFormat = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
  const timeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return {
    lang,
    setLang,
    t: (key, values) => renderMessage(message(key, values), messages, TABLES.en),
    msg: (m, fallback = '') => (m ? renderMessage(m, messages, TABLES.en) : fallback),
    rule: (id) => RULES[id as RuleId]?.title[lang] ?? id,
    num: (v, digits = 0) => {
      if (v === null || v === undefined || Number.isNaN(v)) return messages['common.none'] ?? '—';
      let format = numbers.get(digits);
      if (!format) {
        format = new Intl.NumberFormat(locale, { maximumFractionDigits: digits });
        numbers.set(digits, format);
      }
      return format.format(v);
    },
    date: (v) => {
      if (!v) return messages['common.none'] ?? '—';
      const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
      return Number.isNaN(d.getTime()) ? v : dayFormat.format(d);
    },
    dateTime: (v) => {
      if (!v) return messages['common.none'] ?? '—';
      const d = new Date(v);
      return Number.isNaN(d.getTime()) ? v : timeFormat.format(d);
    },
  };
}

