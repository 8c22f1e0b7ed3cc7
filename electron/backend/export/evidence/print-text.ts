import { UNTITLED_CASE } from '../../../../shared/contract/case';
import type { PartyRole } from '../../../../shared/contract/chain';
import { makerName } from '../../../../shared/data/maker-names';
import { CASE_EN, type CaseKey } from '../../../../shared/i18n/case-en';
import { CASE_ZH } from '../../../../shared/i18n/case-zh';
import { message, renderMessage, type Catalogue, type Lang, type Message, type MessageParam } from '../../../../shared/i18n/message';
import { PRINT_EN, type PrintKey } from '../../../../shared/i18n/print-en';
import { PRINT_ZH } from '../../../../shared/i18n/print-zh';
import { RULES, type RuleId } from '../../../../shared/rules';

/**
 * The words of printed pages in one language: labels (shared/i18n/print-*.ts), the case's text
 * (reasons, timeline lines, fuel), rule titles and makers' names. Every page builder takes one, so
 * a sheet, report or pack prints whole in the chosen language; values from the case stay as written.
 */
export type PrintText = {
  lang: Lang;
  /** For <html lang>. */
  htmlLang: string;
  t(key: PrintKey | CaseKey, params?: Record<string, MessageParam>): string;
  /** A message from the case (a flag's reason, a timeline line), or the stored text when there is none. */
  msg(m: Message | null | undefined, fallback: string): string;
  rule(id: string): string;
  /** A coded value (severity, status, role, record kind, event, fuel) in words; unknown codes as written. */
  code(prefix: 'print.severity' | 'print.status' | 'print.role' | 'print.kind' | 'print.event' | 'fuel', value: string): string;
  role(role: PartyRole): string;
  maker(name: string): string;
  num(value: number): string;
  /** The case's title; the default one ('Untitled case') in the page's language. */
  caseTitle(title: string): string;
};

const TABLES: Record<Lang, Catalogue> = { en: { ...CASE_EN, ...PRINT_EN }, zh: { ...CASE_ZH, ...PRINT_ZH } };
const made = new Map<Lang, PrintText>();

export function printText(lang: Lang = 'en'): PrintText {
  const cached = made.get(lang);
  if (cached) return cached;
  const table = TABLES[lang];
  const numbers = new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-US', { maximumFractionDigits: 2 });
  const t = (key: string, params?: Record<string, MessageParam>) => renderMessage(message(key, params), table, TABLES.en);
  const text: PrintText = {
    lang,
    htmlLang: lang === 'zh' ? 'zh-CN' : 'en',
    t,
    msg: (m, fallback) => (m ? renderMessage(m, table, TABLES.en) : fallback),
    rule: (id) => RULES[id as RuleId]?.title[lang] ?? id,
    code: (prefix, value) => (`${prefix}.${value}` in table ? t(`${prefix}.${value}`) : value),
    role: (role) => t(`print.role.${role}`),
    maker: (name) => makerName(name, lang),
    num: (value) => numbers.format(value),
    caseTitle: (title) => (title === UNTITLED_CASE ? t('print.untitled_case') : title),
  };
  made.set(lang, text);
  return text;
}
