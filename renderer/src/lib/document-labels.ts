import type { DocumentLayout, FieldMark } from '../../../shared/document-fields';
import type { RecordKind } from '../../../shared/record-kinds';
import { en, type MessageKey } from '../i18n/en';
import type { MessageKey as AnyKey } from '../i18n/format';

/** The catalogue lookup of useI18n(); typed here so this file stays free of React (plain-Node tests). */
type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** A field's localised label; a column the catalogue does not name shows as its canonical name. */
export function fieldLabel(t: Translate, name: string): string {
  const key = `field.${name}`;
  return key in en ? t(key as MessageKey) : name;
}

/** What a field's value must look like, for a mark that left it empty; a field without one says 'a value of its format'. */
function fieldFormat(t: Translate, name: string): string {
  const key = `review.format.${name}`;
  return key in en ? t(key as MessageKey) : t('review.format.other');
}

/** The sentence shown beside a marked field: why to check it, with the characters the page holds. */
export function markText(t: Translate, mark: FieldMark): string {
  return t(`review.mark.${mark.kind}`, { as_read: mark.as_read, confidence: mark.confidence ?? '-', format: mark.kind === 'format_failed' ? fieldFormat(t, mark.field) : '' });
}

export function layoutLabel(t: Translate, layout: DocumentLayout): string {
  const key = `layout.${layout}`;
  return key in en ? t(key as MessageKey) : layout;
}

export function kindLabel(t: Translate, kind: RecordKind): string {
  const key = `kind.${kind}`;
  return key in en ? t(key as MessageKey) : kind;
}

/** A document's kind: the record kind of a table, or 'document' for PDFs and images. */
export function documentKindLabel(t: (key: AnyKey) => string, kind: string): string {
  return kind === 'document' ? t('kind.document') : kindLabel(t, kind as RecordKind);
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
