/**
 * Text built from a message key and its parameters, rendered in the reader's language at the last
 * moment (on screen, on paper). The case file stores facts (flag facts, record fields, reason codes),
 * never a sentence in one language; a parameter may itself be a message (an optional clause), and
 * null renders as nothing.
 */
export type MessageParam = string | number | null | Message;
export type Message = { key: string; params?: Record<string, MessageParam> };
export type Catalogue = Readonly<Record<string, string>>;

export const message = (key: string, params?: Record<string, MessageParam>): Message => (params ? { key, params } : { key });

/** Messages one after the other, joined by the separator message `key` ({first}{sep}{next}); null for none. */
export function joinMessages(list: readonly Message[], key: string): Message | null {
  return list.reduce<Message | null>((acc, m) => (acc ? message(key, { first: acc, next: m }) : m), null);
}

const PLACEHOLDER = /\{(\w+)\}/g;
/**
 * {name} is the parameter's value; {name|one|other} is a word that agrees with the count `name`
 * holds: `one` when it is 1, else `other` ('{count} {count|flag|flags}', 'bought {bought} {bought|vehicle|vehicles}').
 * English needs it; Chinese writes the count alone. A count of days is a message of its own
 * (flag-reasons.ts dayCount: 'a day', '1 day', 'N days').
 */
const TOKEN = /\{(\w+)(?:\|([^{}|]*)\|([^{}|]*))?\}/g;

/** The {placeholders} of a catalogue text, sorted: en and zh must name the same ones. */
export function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))].sort();
}

/** `fallback` answers a key the catalogue lacks (the English one); an unknown key shows as itself. */
export function renderMessage(m: Message, catalogue: Catalogue, fallback: Catalogue = catalogue): string {
  const text = catalogue[m.key] ?? fallback[m.key] ?? m.key;
  const params = m.params;
  if (!params) return text;
  return text.replace(TOKEN, (whole, name: string, one: string | undefined, other: string | undefined) => {
    if (!(name in params)) return whole;
    const value = params[name];
    const shown = value === null || value === undefined ? '' : typeof value === 'object' ? renderMessage(value, catalogue, fallback) : String(value);
    // A count as the screens pass it may be formatted ('1', '1,024'): only 1 itself is one.
    return one === undefined ? shown : shown.trim() === '1' ? one : other!;
  });
}

/** The languages of the workbench, on screen and on paper. */
export const LANGS = ['en', 'zh'] as const;
export type Lang = (typeof LANGS)[number];
