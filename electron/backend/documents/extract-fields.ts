import { OCR_CONFIDENCE_FLOOR, type DocumentLayout, type FieldBox, type FieldMark, type ProposedFields } from '../../../shared/document-fields';
import { canonicalPartyId, isValidPersonId, isValidUscc } from '../../../shared/party-id';
import type { RecordKind } from '../../../shared/record-kinds';
import { parseCountry } from '../../../shared/vocabulary';
import { findVins, type FoundVin } from './find-vins';
import { INVOICE_CODE_LENGTHS, INVOICE_NO_LENGTHS, invoiceTargetByDigits, readAmount, readCurrency, readDate, readInvoiceDate, readInvoiceDigits, readPrice, zeroRated, type ReadValue } from './field-values';
import { LAYOUTS, type LayoutSpec } from './layout-specs';
import { boxOfRange, confidencesInPage, confidencesOfRange, lowestConfidence, type PageLine, type PageReading } from './page-text';

/** A record read from one page, before it is stored as a proposed record. */
export type ProposedDraft = {
  page: number;
  kind: RecordKind;
  layout: DocumentLayout;
  fields: ProposedFields;
  boxes: Record<string, FieldBox>;
  marks: FieldMark[];
};

/** One label found on a page with the text that follows it up to the next label. */
type LabelledValue = { label: string; target: string | null; value: string; box: FieldBox | null; conf: (number | null)[] | null; fuzzy: boolean };

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A label pattern tolerant of OCR spaces between characters; ASCII labels match whole words only. */
function labelPattern(label: string): string {
  // A slash in a label is printed as / or ／ or left out where the label wraps.
  const body = [...label.normalize('NFKC')].map((ch) => (ch === ' ' ? '\\s+' : ch === '/' ? '[/|]?' : escape(ch))).join('\\s*');
  return /^[A-Za-z]/.test(label) ? `(?<![A-Za-z])${body}(?![A-Za-z])` : body;
}

/**
 * OCR misreads a character of a label now and then (号 as 呈): on OCR pages a label of four or
 * more characters also matches with one character wrong (two for labels of ten or more), or without its first. Exact labels come first in the
 * alternation, so `发票代码` is never taken for `发票号码`.
 */
function fuzzyPattern(label: string): string | null {
  const chars = [...label.normalize('NFKC')];
  if (chars.length < 4 || /^[A-Za-z]/.test(label)) return null;
  const part = (ch: string) => (ch === ' ' ? '\\s+' : escape(ch));
  // Or with its first character lost (`票代码`: OCR drops the 发 of small print), never at a Han character's heels.
  const variants: string[] = [`(?<!\\p{Script=Han})${chars.slice(1).map(part).join('\\s*')}`];
  // Labels of ten characters or more (the long invoice headings) may have two wrong.
  const wrong = chars.length >= 10 ? 2 : 1;
  for (let i = 0; i < chars.length; i++) {
    for (let j = wrong === 2 ? i + 1 : i; j < (wrong === 2 ? chars.length : i + 1); j++) {
      // The character misread is no letter or digit: that would take the last of the value before (`…1496 发票号码`).
      variants.push(chars.map((ch, k) => (k === i || k === j ? '[^\\s0-9A-Za-z]' : part(ch))).join('\\s*'));
    }
  }
  return `(?:${variants.join('|')})`;
}

/** `exact`: how many of `labels` (the first) were matched as printed; the rest are their fuzzy forms. */
type Matcher = { regex: RegExp; labels: string[]; exact: number };
const matchers = new Map<string, Matcher>();
function matcherFor(spec: LayoutSpec, ocr: boolean): Matcher {
  const key = `${spec.layout}:${ocr}`;
  let matcher = matchers.get(key);
  if (!matcher) {
    // Longest first, so `境内发货人代码` wins over `境内发货人`.
    const exact = Object.keys(spec.labels).sort((a, b) => b.length - a.length);
    const labels = [...exact];
    const patterns = exact.map(labelPattern);
    if (ocr) {
      for (const label of exact) {
        const fuzzy = fuzzyPattern(label);
        if (fuzzy) { labels.push(label); patterns.push(fuzzy); }
      }
    }
    matcher = { regex: new RegExp(patterns.map((p) => `(${p})`).join('|'), 'giu'), labels, exact: exact.length };
    matchers.set(key, matcher);
  }
  return matcher;
}

const HAN = /\p{Script=Han}/u;

/**
 * The layout whose title the page carries; on OCR pages a title may have one character misread.
 * English forms are looked for first; a Chinese form is never chosen from English words alone (an
 * English commercial invoice is no 二手车销售统一发票): its English title counts only on a page with
 * Chinese text, and when OCR lost the title only its Chinese labels count.
 */
export function detectLayout(text: string, ocr = false): LayoutSpec | null {
  const compact = text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  const chinese = HAN.test(compact);
  const carries = (title: string) => {
    const wanted = title.replace(/\s+/g, '').toLowerCase();
    if (compact.includes(wanted)) return true;
    const fuzzy = ocr ? fuzzyPattern(wanted) : null;
    return fuzzy !== null && new RegExp(fuzzy, 'u').test(compact);
  };
  const ordered = [...LAYOUTS.filter((s) => s.script === 'en'), ...LAYOUTS.filter((s) => s.script === 'zh')];
  const titled = ordered.find((spec) => spec.titles.some((title) => (spec.script === 'zh' && !HAN.test(title) && !chinese ? false : carries(title))));
  if (titled || !ocr) return titled ?? null;
  // A title OCR could not read: the layout whose own field labels the page carries most (four at least).
  let best: { spec: LayoutSpec; hits: number } | null = null;
  for (const spec of LAYOUTS) {
    const named = Object.entries(spec.labels).filter(([label, target]) => target !== null && [...label].length >= 3
      && (spec.script === 'en' || HAN.test(label)) && compact.includes(label.replace(/\s+/g, '').toLowerCase()));
    const hits = new Set(named.map(([, target]) => target)).size;
    if (hits >= 4 && (!best || hits > best.hits)) best = { spec, hits };
  }
  return best?.spec ?? null;
}

/**
 * Every label on the page in reading order with its value: the rest of the line up to the next label;
 * if that is empty, the text under the label in the row below (a grid of cells with the label above
 * the value, as customs declarations are printed), or else the next line when it holds no label. The
 * second line of a wrapped label (`continued`) hands its value to the label above.
 */
function labelledValues(spec: LayoutSpec, lines: readonly PageLine[], ocr: boolean): LabelledValue[] {
  const { regex, labels, exact } = matcherFor(spec, ocr);
  const found: LabelledValue[] = [];
  const hitsPerLine = lines.map((line) => [...line.text.matchAll(regex)]);
  lines.forEach((line, index) => {
    const hits = hitsPerLine[index]!;
    hits.forEach((hit, i) => {
      const group = hit.slice(1).findIndex((g) => g !== undefined);
      const label = labels[group]!;
      const target = spec.labels[label] ?? null;
      const start = (hit.index ?? 0) + hit[0].length;
      const end = hits[i + 1]?.index ?? line.text.length;
      let value = trimRange(line, start, end);
      if (value.text === '' && target !== null) value = valueBelow(lines, hitsPerLine, index, hit, hits[i + 1]) ?? value;
      const next = lines[index + 1];
      if (value.text === '' && i === hits.length - 1 && next && hitsPerLine[index + 1]!.length === 0) {
        value = trimRange(next, 0, next.text.length);
      }
      if (target === 'continued') {
        const above = found.at(-1);
        if (above && above.value === '' && value.text !== '') Object.assign(above, { value: value.text, box: value.box, conf: value.conf });
        return;
      }
      found.push({ label, target, value: value.text, box: value.box, conf: value.conf, fuzzy: group >= exact });
    });
  });
  return found;
}

type Hit = RegExpMatchArray;

/**
 * The value printed under a label: on the next line (or the one after), the text whose middle lies
 * between the label's left edge and the next label's, provided no label stands in that column there.
 */
function valueBelow(lines: readonly PageLine[], hitsPerLine: readonly Hit[][], index: number, hit: Hit, nextHit: Hit | undefined): ReturnType<typeof trimRange> | null {
  const line = lines[index]!;
  const labelBox = boxOfRange(line, hit.index ?? 0, (hit.index ?? 0) + hit[0].length);
  if (!labelBox) return null;
  const nextBox = nextHit ? boxOfRange(line, nextHit.index ?? 0, (nextHit.index ?? 0) + nextHit[0].length) : null;
  const left = labelBox.x - labelBox.h * 0.5;
  const right = nextBox ? nextBox.x - nextBox.h * 0.2 : 1;
  const inColumn = (box: FieldBox) => box.x + box.w / 2 >= left && box.x + box.w / 2 < right;
  // A cell's value may run over a few lines (a name, then its USCC): every line down to the next label in the column.
  const parts: ReturnType<typeof trimRange>[] = [];
  for (let j = index + 1; j <= index + 3 && j < lines.length; j++) {
    const below = lines[j]!;
    const labelRanges = hitsPerLine[j]!.map((h) => [h.index ?? 0, (h.index ?? 0) + h[0].length] as const);
    const isLabel = (seg: { start: number; text: string }) => labelRanges.some(([a, b]) => seg.start < b && seg.start + seg.text.length > a);
    const column = below.segments.filter((seg) => inColumn(seg.box));
    if (column.some(isLabel)) break;
    if (column.length === 0) {
      if (parts.length > 0) break;
      continue;
    }
    const from = Math.min(...column.map((seg) => seg.start));
    const to = Math.max(...column.map((seg) => seg.start + seg.text.length));
    const value = trimRange(below, from, to);
    if (value.text !== '') parts.push(value);
  }
  if (parts.length === 0) return null;
  const boxes = parts.map((p) => p.box).filter((b): b is FieldBox => b !== null);
  const x0 = Math.min(...boxes.map((b) => b.x));
  const y0 = Math.min(...boxes.map((b) => b.y));
  return {
    text: parts.map((p) => p.text).join(' '),
    box: boxes.length === 0 ? null : { x: x0, y: y0, w: Math.max(...boxes.map((b) => b.x + b.w)) - x0, h: Math.max(...boxes.map((b) => b.y + b.h)) - y0 },
    conf: parts.some((p) => p.conf) ? parts.flatMap((p, i) => [...(i > 0 ? [null] : []), ...(p.conf ?? new Array<null>(p.text.length).fill(null))]) : null,
  };
}

function trimRange(line: PageLine, start: number, end: number): { text: string; box: FieldBox | null; conf: (number | null)[] | null } {
  const raw = line.text.slice(start, end);
  // Separators, and the specks OCR reads from ruled cells (| - _ “ ”), are not part of a value.
  const lead = raw.length - raw.replace(/^[\s:：;；,，.。|/\\)）\-_—"“”'‘’]+/, '').length;
  const body = raw.slice(lead).replace(/[\s:：;；,，。|/\\(（\-_—"“”'‘’]+$/, '').replace(/\s+[.·]+$/, '')
    // The number of the next label (`3. 登记日期`, `Ⅱ 机动车所有人`) is not part of this value.
    .replace(/(?:^|\s+)(?:\d{1,2}\s*[.、．]|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]\s*[.、．]?)$/u, '').replace(/[\s:：;；,，。|/\\(（\-_—"“”'‘’]+$/, '');
  if (body === '') return { text: '', box: null, conf: null };
  const from = start + lead;
  return { text: body, box: boxOfRange(line, from, from + body.length), conf: confidencesOfRange(line, from, from + body.length) };
}

const ID_PATTERN = /(?<![0-9A-Za-z])[0-9A-Z]{17}[0-9A-Z](?![0-9A-Za-z])/;
const ID_WORDS = /(居民身份证|身份证|统一社会信用代码|组织机构代码证?|营业执照|护照)/g;

/** Letters a USCC never holds, read as the digits OCR mistook them for. */
const USCC_FORCED: Readonly<Record<string, string>> = { I: '1', O: '0', S: '5', Z: '2' };

/**
 * An identifier as OCR read it: when it fails its check character, the letters a USCC cannot hold
 * are read as digits, and that reading is taken only if its check character then holds.
 */
function correctOcrId(id: string): string {
  if (isValidUscc(id) || isValidPersonId(id)) return id;
  const fixed = id.replace(/[IOSZ]/g, (ch) => USCC_FORCED[ch] ?? ch);
  return isValidUscc(fixed) || isValidPersonId(fixed) ? fixed : id;
}

/** A party cell often carries the name and its identifier together (`上海某贸易有限公司/91310000…`). */
export function splitParty(value: string, ocr = false): { name: string | null; id: string | null } {
  const text = value.normalize('NFKC');
  // OCR reads 1 as a lower-case l inside identifiers.
  const probe = (ocr ? text.replace(/(?<=[0-9A-Z])l|l(?=[0-9A-Z])/g, '1') : text).toUpperCase().replace(/(?<=[0-9A-Z])\s+(?=[0-9A-Z])/g, '');
  const found = ID_PATTERN.exec(probe)?.[0] ?? null;
  let name = text;
  if (found) name = name.replace(new RegExp(found.split('').map((ch) => (ch === '1' && ocr ? '[1l]' : ch)).join('\\s*'), 'i'), '');
  name = name.replace(ID_WORDS, '').replace(/[/|()（）:：]+/g, ' ').replace(/\s+/g, ' ').trim();
  const id = found ? canonicalPartyId(ocr ? correctOcrId(found) : found) : null;
  return { name: name === '' ? null : name, id };
}

type Party = { field: string; idField: string };
const PARTY_FIELDS: Readonly<Record<string, Party>> = {
  seller: { field: 'seller', idField: 'seller_id' },
  buyer: { field: 'buyer', idField: 'buyer_id' },
  exporter: { field: 'exporter', idField: 'exporter_id' },
  owner: { field: 'owner', idField: 'owner_id' },
};

/**
 * Reads the records a page proposes: nothing when no layout is recognised, one record for invoices
 * and declarations, one per owner for a registration certificate.
 */
/** Seventeen letters and digits in a row, standing alone: a VIN as printed, whether or not it is valid. */
const VIN_SHAPED = /(?<![A-Z0-9])[A-Z0-9]{17}(?![A-Z0-9])/;
/** The same anywhere on a page, where it must hold letters and digits both (not a run of figures). */
const PAGE_VIN_SHAPED = /(?<![A-Z0-9])(?=[A-Z0-9]{0,16}[A-Z])(?=[A-Z0-9]{0,16}[0-9])[A-Z0-9]{17}(?![A-Z0-9])/;

export function extractRecords(page: PageReading): ProposedDraft[] {
  const ocr = page.source === 'ocr';
  const spec = detectLayout(page.text, ocr);
  if (!spec) return [];
  const pageVins = findVins(page.text, { ocr });
  type Draft = { fields: ProposedFields; boxes: Record<string, FieldBox>; marks: FieldMark[] };
  const records: Draft[] = [{ fields: {}, boxes: {}, marks: [] }];
  let current = records[0]!;
  let lastParty: Party | null = null;
  const put = (name: string, value: string | number | boolean | null, box: FieldBox | null): boolean => {
    if (value === null || value === '' || current.fields[name] !== undefined) return false;
    current.fields[name] = value;
    if (box) current.boxes[name] = box;
    return true;
  };
  const putId = (name: string, id: string | null, box: FieldBox | null) => {
    if (put(name, id, box) && id !== null && !isValidUscc(id) && !isValidPersonId(id)) {
      current.marks.push({ field: name, kind: 'check_failed', as_read: id, confidence: null });
    }
  };
  /** A value read by its format's rules: put when it was read, its marks kept either way. */
  const putRead = (name: string, read: ReadValue<string | number>, box: FieldBox | null) => {
    if (read.value === null || put(name, read.value, box)) current.marks.push(...read.marks);
  };
  const vatInvoice = spec.layout === 'sales_invoice_new' || spec.layout === 'sales_invoice_used';
  for (const { label, target: labelTarget, value, box, conf, fuzzy } of labelledValues(spec, page.lines, ocr)) {
    // 发票代码 and 发票号码 differ by one character: a label OCR misread is told by the digits it heads.
    const target = fuzzy && (labelTarget === 'invoice_code' || labelTarget === 'invoice_no') ? invoiceTargetByDigits(labelTarget, value) : labelTarget;
    if (spec.contextBreaks?.includes(label)) lastParty = null;
    if (target === null) continue;
    if (target === 'owner') {
      // Each owner block on a certificate is one registration.
      if (current.fields.owner !== undefined) {
        current = { fields: {}, boxes: {}, marks: [] };
        records.push(current);
      }
    }
    const party = PARTY_FIELDS[target];
    if (party) {
      const { name, id } = splitParty(value, ocr);
      put(party.field, name, box);
      putId(party.idField, id, box);
      lastParty = party;
      continue;
    }
    switch (target) {
      case 'party_id':
        if (lastParty) putId(lastParty.idField, splitParty(value, ocr).id, box);
        break;
      case 'buyer_id': case 'seller_id': case 'exporter_id':
        putId(target, splitParty(value, ocr).id, box);
        break;
      case 'vin': {
        const found = findVins(value, { ocr })[0];
        if (found && put('vin', found.vin, box)) current.marks.push(...vinMarks(found, conf?.slice(found.index, found.index + 17) ?? null));
        // A VIN printed with a check digit that fails (and that no correction makes one): left empty,
        // never another vehicle's, and said, so review shows what the page holds and why it is not taken.
        const shaped = found ? null : VIN_SHAPED.exec(value.replace(/[\s-]+/g, '').toUpperCase());
        if (shaped && current.fields.vin === undefined) current.marks.push({ field: 'vin', kind: 'check_failed', as_read: shaped[0], confidence: lowestConfidence(conf) });
        break;
      }
      case 'invoice_date':
        putRead(target, readInvoiceDate(value, conf), box);
        break;
      case 'declaration_date': case 'export_date': case 'registration_date': case 'departure_date':
        put(target, readDate(value), box);
        break;
      case 'price': {
        const price = readPrice('price', value, conf);
        putRead('price', price, box);
        put('currency', price.currency, box);
        break;
      }
      case 'declared_value': case 'odometer_km':
        put(target, readAmount(value), box);
        if (target !== 'odometer_km') put('currency', readCurrency(value), box);
        break;
      case 'currency':
        put('currency', readCurrency(value), box);
        break;
      case 'tax_rate':
        if (zeroRated(value)) put('export_zero_rate', true, box);
        break;
      case 'destination_country': case 'final_country':
        put(target, parseCountry(value) ?? parseCountry(value.split(/\s+/)[0] ?? '') ?? value, box);
        break;
      case 'invoice_code':
        putRead(target, readInvoiceDigits(target, value, conf, INVOICE_CODE_LENGTHS), box);
        break;
      case 'invoice_no':
        if (vatInvoice) {
          putRead(target, readInvoiceDigits(target, value, conf, INVOICE_NO_LENGTHS), box);
          break;
        }
        put(target, /[0-9A-Z]{6,}/i.exec(value.replace(/\s+/g, ''))?.[0] ?? value, box);
        break;
      case 'declaration_no':
        put(target, /[0-9A-Z]{6,}/i.exec(value.replace(/\s+/g, ''))?.[0] ?? value, box);
        break;
      default:
        put(target, value, box);
    }
  }
  // A record without a labelled VIN takes the page's first, with that VIN's own marks.
  const pageVin = pageVins[0] ?? null;
  // No valid VIN on the page, but a run printed as one (a label wrapped over two lines leaves it
  // unlabelled): its record gets no VIN, and a check_failed mark saying what the page prints.
  const shaped = pageVin ? null : PAGE_VIN_SHAPED.exec(page.text.toUpperCase());
  const pageVinMarks: FieldMark[] = pageVin ? vinMarks(pageVin, confidencesInPage(page, pageVin.index, 17))
    : shaped ? [{ field: 'vin', kind: 'check_failed', as_read: shaped[0], confidence: lowestConfidence(confidencesInPage(page, shaped.index, 17)) }] : [];
  return records
    .filter((r) => Object.keys(r.fields).length > 0)
    .map((r, index) => {
      // A labelled VIN that fails its check is the record's VIN as printed: no other VIN of the page stands in for it.
      const otherVin = r.marks.some((m) => m.field === 'vin' && m.kind === 'check_failed') ? null : pageVin;
      const ownVinMark = r.marks.some((m) => m.field === 'vin');
      const marks = settledMarks(r.fields.vin === undefined && (otherVin || (shaped && !ownVinMark)) ? [...r.marks, ...pageVinMarks] : r.marks, r.fields);
      return { page: page.page, kind: spec.kind, layout: spec.layout, fields: complete(spec, r.fields, index, page.text, otherVin?.vin ?? null), boxes: r.boxes, marks };
    });
}

/**
 * A format failure stands only for a field still empty (another label of the page may have given it),
 * once a field; every other mark stands as it is.
 */
function settledMarks(marks: readonly FieldMark[], fields: ProposedFields): FieldMark[] {
  const failed = new Set<string>();
  return marks.filter((m) => {
    if (m.kind !== 'format_failed') return true;
    if (fields[m.field] !== undefined || failed.has(m.field)) return false;
    failed.add(m.field);
    return true;
  });
}

/**
 * The marks a VIN read by OCR carries: corrected (with the characters as read), or a character the
 * engine was unsure of. A proposed record shows them in review, so a VIN the check digit happens to
 * accept after a misreading is never taken silently.
 */
function vinMarks(found: FoundVin, conf: readonly (number | null)[] | null): FieldMark[] {
  const confidence = lowestConfidence(conf);
  if (found.corrected) return [{ field: 'vin', kind: 'ocr_corrected', as_read: found.as_written, confidence }];
  if (confidence !== null && confidence < OCR_CONFIDENCE_FLOOR) return [{ field: 'vin', kind: 'low_confidence', as_read: found.as_written, confidence }];
  return [];
}

/** Fills what the layout implies: the VIN named elsewhere on the page, invoice type, registration event. */
function complete(spec: LayoutSpec, fields: ProposedFields, index: number, text: string, pageVin: string | null): ProposedFields {
  const out: ProposedFields = { ...fields };
  if (out.vin === undefined && pageVin) out.vin = pageVin;
  switch (spec.layout) {
    case 'sales_invoice_new':
      out.invoice_type = 'new';
      out.currency ??= 'CNY';
      break;
    case 'sales_invoice_used':
      out.invoice_type = 'used';
      out.currency ??= 'CNY';
      // The export zero rate comes from the tax fields (read above) or a 零税率 stamp; never from 出口 in a party's name.
      if (/零税率|zero[- ]?rated?/i.test(text.replace(/\s+/g, ''))) out.export_zero_rate ??= true;
      break;
    case 'bill_of_lading':
      out.mode ??= 'sea';
      break;
    case 'export_declaration':
      if (out.declaration_date === undefined && out.export_date !== undefined) out.declaration_date = out.export_date;
      if (out.destination_country === undefined && out.final_country !== undefined) out.destination_country = out.final_country;
      break;
    case 'registration_certificate':
      out.event = index === 0 ? 'initial' : 'transfer';
      break;
  }
  return out;
}
