import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { RULES, type RuleId } from '../../../shared/rules';
import { en, type MessageKey, type Messages } from './en';
import { zh } from './zh';

export type Lang = 'en' | 'zh';
const CATALOGUES: Record<Lang, Messages> = { en, zh };
const LOCALES: Record<Lang, string> = { en: 'en-GB', zh: 'zh-CN' };
const STORAGE_KEY = 'zeromile.lang';

export type I18n = {
  lang: Lang;
  setLang(lang: Lang): void;
  t(key: MessageKey, values?: Record<string, string | number>): string;
  /** A rule's title in the current language. */
  rule(id: string): string;
  num(value: number | null | undefined, digits?: number): string;
  /** An ISO day (YYYY-MM-DD) or timestamp, formatted for the locale. */
  date(value: string | null | undefined): string;
  dateTime(value: string | null | undefined): string;
};

const I18nContext = createContext<I18n | null>(null);

function initialLang(): Lang {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'en' || stored === 'zh') return stored;
  } catch {
    // Storage can be unavailable (private mode); English then.
  }
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const value = useMemo<I18n>(() => {
    const messages = CATALOGUES[lang];
    const locale = LOCALES[lang];
    const numbers = new Map<number, Intl.NumberFormat>();
    const dayFormat = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
    const timeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    return {
      lang,
      setLang: (next) => {
        setLangState(next);
        try { localStorage.setItem(STORAGE_KEY, next); } catch { /* see initialLang */ }
        document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
      },
      t: (key, values) => {
        const text = messages[key] ?? en[key] ?? key;
        return values ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole)) : text;
      },
      rule: (id) => RULES[id as RuleId]?.title[lang] ?? id,
      num: (v, digits = 0) => {
        if (v === null || v === undefined || Number.isNaN(v)) return messages['common.none'];
        let format = numbers.get(digits);
        if (!format) {
          format = new Intl.NumberFormat(locale, { maximumFractionDigits: digits });
          numbers.set(digits, format);
        }
        return format.format(v);
      },
      date: (v) => {
        if (!v) return messages['common.none'];
        const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
        return Number.isNaN(d.getTime()) ? v : dayFormat.format(d);
      },
      dateTime: (v) => {
        if (!v) return messages['common.none'];
        const d = new Date(v);
        return Number.isNaN(d.getTime()) ? v : timeFormat.format(d);
      },
    };
  }, [lang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
