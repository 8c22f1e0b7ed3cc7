import { readProblem, refusalMessage } from '../../../shared/refusal';
/**
 * A streaming reader of the XML that workbooks are made of: it is given text in pieces of any size
 * (a tag, an entity or a character may straddle two) and calls back for each element and text.
 * Strict where a damaged part shows (mismatched or unclosed elements, unknown entities, text outside
 * the root) and closed to what a workbook never needs (a DOCTYPE, so no entity expansion).
 * Element names lose their namespace prefix: some writers spell <x:row>.
 */
export type XmlHandler = {
  open(name: string, attributes: Record<string, string>): void;
  close(name: string): void;
  text(text: string): void;
};

/** A tag, comment or CDATA section longer than this (characters) is a damaged or hostile part, not a workbook. */
const MAX_PENDING = 8 * 1024 * 1024;
const NAME = /^[A-Za-z_][\w.:-]*$/;
const ATTRIBUTE = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const ENTITY = /&(#x[0-9A-Fa-f]+|#[0-9]+|lt|gt|amp|quot|apos);|&/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeXmlText(text: string): string {
  if (!text.includes('&') && !text.includes('\r')) return text;
  return text.replace(/\r\n?/g, '\n').replace(ENTITY, (whole, entity: string | undefined) => {
    if (entity === undefined) throw readProblem('refusal.xml_bare_amp');
    if (entity[0] !== '#') return NAMED[entity]!;
    const code = entity[1] === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
    if (!(code > 0 && code <= 0x10ffff)) throw readProblem('refusal.xml_bad_reference', { reference: whole });
    return String.fromCodePoint(code);
  });
}

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

export class XmlScanner {
  private pending = '';
  /** Where to look for the next '<' in the pending text (it was searched up to here already). */
  private searched = 0;
  private readonly open: string[] = [];
  private rootClosed = false;

  constructor(private readonly handler: XmlHandler) {}

  write(piece: string): void {
    const text = this.pending + piece;
    let at = 0;
    for (;;) {
      const lt = text.indexOf('<', Math.max(at, this.searched));
      if (lt < 0) {
        // A long text run is handed on in pieces (never copied again with every piece read), cut
        // where no entity or line end is split.
        let cut = text.length;
        const amp = text.lastIndexOf('&');
        if (amp >= at && !text.includes(';', amp)) cut = amp;
        if (text.charCodeAt(cut - 1) === 13) cut--;
        if (cut > at) this.emitText(text.slice(at, cut));
        at = cut;
        this.searched = text.length;
        break;
      }
      if (lt > at) this.emitText(text.slice(at, lt));
      at = lt;
      this.searched = lt;
      const next = this.construct(text, lt);
      if (next < 0) break;
      at = next;
      this.searched = next;
    }
    this.pending = text.slice(at);
    this.searched -= at;
    if (this.pending.length > MAX_PENDING) throw readProblem('refusal.xml_too_long', { mb: MAX_PENDING / 1_048_576 });
  }

  end(): void {
    if (this.pending.trim() !== '' || this.open.length > 0 || !this.rootClosed) {
      throw readProblem('refusal.xml_cut_short', { inside: this.open.length > 0 ? refusalMessage('refusal.xml_inside', { tag: this.open.at(-1)! }) : null });
    }
  }

  /** Handles the construct starting at `lt`; the index after it, or -1 when it is not all here yet. */
  private construct(text: string, lt: number): number {
    if (text.startsWith('<!--', lt)) return this.until(text, lt, '-->', () => undefined);
    if (text.startsWith('<?', lt)) return this.until(text, lt, '?>', () => undefined);
    if (text.startsWith('<![CDATA[', lt)) return this.until(text, lt, ']]>', (inside) => { this.emitRaw(inside.slice(9)); });
    if (text.length - lt < 9 && '<![CDATA['.startsWith(text.slice(lt))) return -1;
    if (text.startsWith('<!', lt)) throw readProblem('refusal.xml_doctype');
    let quote = '';
    for (let i = lt + 1; i < text.length; i++) {
      const c = text[i]!;
      if (quote !== '') {
        if (c === quote) quote = '';
      } else if (c === '"' || c === "'") {
        quote = c;
      } else if (c === '>') {
        this.tag(text.slice(lt + 1, i));
        return i + 1;
      } else if (c === '<') {
        throw readProblem('refusal.xml_lt_in_tag');
      }
    }
    return -1;
  }

  private until(text: string, lt: number, close: string, take: (inside: string) => void): number {
    const end = text.indexOf(close, lt);
    if (end < 0) return -1;
    take(text.slice(lt, end));
    return end + close.length;
  }

  private tag(inside: string): void {
    if (inside[0] === '/') {
      const name = localName(inside.slice(1).trim());
      const expected = this.open.pop();
      if (expected !== name) throw readProblem('refusal.xml_mismatch', { name, expected: expected ?? refusalMessage('refusal.xml_nothing') });
      if (this.open.length === 0) this.rootClosed = true;
      this.handler.close(name);
      return;
    }
    const selfClosing = inside.endsWith('/');
    const body = selfClosing ? inside.slice(0, -1) : inside;
    const nameEnd = body.search(/[\s]|$/);
    const fullName = body.slice(0, nameEnd);
    if (!NAME.test(fullName)) throw readProblem('refusal.xml_bad_tag', { tag: inside.slice(0, 40) });
    if (this.rootClosed || (this.open.length === 0 && this.seenRoot)) throw readProblem('refusal.xml_two_roots');
    this.seenRoot = true;
    const attributes: Record<string, string> = {};
    const rest = body.slice(nameEnd);
    if (rest.trim() !== '') {
      for (const match of rest.matchAll(ATTRIBUTE)) attributes[localName(match[1]!)] = decodeXmlText(match[2] ?? match[3] ?? '');
    }
    const name = localName(fullName);
    this.handler.open(name, attributes);
    if (selfClosing) {
      if (this.open.length === 0) this.rootClosed = true;
      this.handler.close(name);
    } else {
      this.open.push(name);
    }
  }

  private seenRoot = false;

  private emitText(raw: string): void {
    if (this.open.length === 0) {
      if (raw.trim() !== '') throw readProblem('refusal.xml_text_outside');
      return;
    }
    this.handler.text(decodeXmlText(raw));
  }

  private emitRaw(text: string): void {
    if (this.open.length === 0) throw readProblem('refusal.xml_text_outside');
    this.handler.text(text);
  }
}
