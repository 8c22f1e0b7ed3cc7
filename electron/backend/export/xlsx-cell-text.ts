/** Excel's limit for the text of one cell, in UTF-16 code units. */
export const CELL_MAX_CHARS = 32_767;

/**
 * Text too long for a cell is cut and ends with this mark, naming the length it had, so the cut is
 * seen in the sheet and never taken for the whole value.
 */
function truncationMark(length: number): string {
  return ` …[cut: ${length.toLocaleString('en-US')} characters in the case]`;
}

/**
 * What needs more than copying: XML's three markup characters; characters XML 1.0 cannot hold
 * (controls other than tab and line feed, U+FFFE, U+FFFF, a surrogate without its pair) and the
 * carriage return (which an XML reader turns into a line feed), written as OOXML's _xHHHH_; and
 * an underscore that would start such an escape, written _x005F_ so the text comes back as written:
 * one followed by x, four hex digits and an underscore, or by x and four hex digits before a
 * character that is itself escaped (_x0041 then a carriage return would read as "A" otherwise).
 */
// eslint-disable-next-line no-control-regex
const SPECIAL = /[&<>\x00-\x08\x0B-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|_(?=x[0-9A-Fa-f]{4}[_\x00-\x08\x0B-\x1F\uD800-\uDFFF\uFFFE\uFFFF])/g;
const SPECIAL_TEST = new RegExp(SPECIAL.source);

function escapeOne(c: string): string {
  switch (c) {
    case '&': return '&amp;';
    case '<': return '&lt;';
    case '>': return '&gt;';
    // Upper-case hex: some readers (exceljs) decode only that.
    default: return `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`;
  }
}

/** Text longer than Excel's limit cut to it, ending with the mark, never between the halves of a surrogate pair. */
export function cutToCell(text: string): string {
  const mark = truncationMark(text.length);
  let end = CELL_MAX_CHARS - mark.length;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end) + mark;
}

/** Text as the content of a <t> element, escaped so any reader of OOXML gets back exactly `text`. */
export function escapeCellText(text: string): string {
  return SPECIAL_TEST.test(text) ? text.replace(SPECIAL, escapeOne) : text;
}

/** Whether the text needs xml:space="preserve" (Excel otherwise may trim spaces at its ends). */
export function keepsSpace(text: string): boolean {
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  return first === 32 || first === 9 || first === 10 || last === 32 || last === 9 || last === 10 || text.includes('\n');
}
