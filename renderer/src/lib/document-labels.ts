import type { DocumentLayout } from '../../../shared/document-fields';
import type { RecordKind } from '../../../shared/record-kinds';
import { en, type MessageKey } from '../i18n/en';
import type { I18n } from '../i18n/i18n';

/** A field's localised label; a column the catalogue does not name shows as its canonical name. */
export function fieldLabel(t: I18n['t'], name: string): string {
  const key = `field.${name}`;
  return key in en ? t(key as MessageKey) : name;
}

export function layoutLabel(t: I18n['t'], layout: DocumentLayout): string {
  const key = `layout.${layout}`;
  return key in en ? t(key as MessageKey) : layout;
}

export function kindLabel(t: I18n['t'], kind: RecordKind): string {
  const key = `kind.${kind}`;
  return key in en ? t(key as MessageKey) : kind;
}

/** Splits a search snippet ("… the [match] …") into text runs, the match flagged, so it is shown as text, never HTML. */
export function snippetParts(snippet: string): { text: string; match: boolean }[] {
  const parts: { text: string; match: boolean }[] = [];
  const pattern = /\[([^\]]*)\]/g;
  let last = 0;
  for (let m = pattern.exec(snippet); m; m = pattern.exec(snippet)) {
    if (m.index > last) parts.push({ text: snippet.slice(last, m.index), match: false });
    parts.push({ text: m[1] ?? '', match: true });
    last = m.index + m[0].length;
  }
  if (last < snippet.length) parts.push({ text: snippet.slice(last), match: false });
  return parts;
}
