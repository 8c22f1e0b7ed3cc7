import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { makeI18n, type I18n, type Lang } from './format';

export { makeI18n, type I18n, type Lang } from './format';

const STORAGE_KEY = 'zeromile.lang';

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
  const value = useMemo<I18n>(() => makeI18n(lang, (next) => {
    setLangState(next);
    try { localStorage.setItem(STORAGE_KEY, next); } catch { /* see initialLang */ }
    document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
  }), [lang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
