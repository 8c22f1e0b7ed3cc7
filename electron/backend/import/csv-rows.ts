import Papa from 'papaparse';

export type CsvParse = { rows: string[][]; cursor: number };

/**
 * Splits CSV text into rows, as papaparse's core parser does, faster for well-formed rows: a row
 * without quotes is split by the delimiter, a quoted field is unquoted (`""` is `"`) when its
 * closing quote is followed by the delimiter or the newline. At the first row that is anything
 * else (text after a closing quote, an unclosed quote at the end of the file), papaparse reads
 * the rest of the text, so damaged files keep papaparse's reading exactly
 * (test/unit/import/csv-rows.test.ts compares the two on random text). papaparse was the largest
 * single cost of reading a big file (1.8 s of a million invoice rows).
 */
export class CsvRows {
  private readonly fallback: Papa.Parser;

  /** `delimiter`: one character. */
  constructor(private readonly delimiter: string, private readonly newline: '\r\n' | '\n' | '\r') {
    this.fallback = new Papa.Parser({ delimiter, newline });
  }

  /**
   * The complete rows of `text`, and where the rest begins (an unfinished last row, read again
   * with the next piece). With `last`, the end of the text ends the last row (an empty one after a
   * final newline included, as papaparse gives it).
   */
  parse(text: string, last: boolean): CsvParse {
    const rows: string[][] = [];
    const n = text.length;
    const d = this.delimiter;
    const nl = this.newline;
    const nlLength = nl.length;
    let pos = 0;
    // The next quote at or after pos (-1: none left), kept across rows: searching from every row
    // to the end of a piece without quotes would read it once per row.
    let quote = -2;
    while (pos < n) {
      const lineEnd = text.indexOf(nl, pos);
      if (quote !== -1 && quote < pos) quote = text.indexOf('"', pos);
      if (quote === -1 || (lineEnd !== -1 && quote > lineEnd)) {
        // No quote before the row ends: the common case.
        if (lineEnd === -1) {
          if (!last) break;
          rows.push(text.slice(pos).split(d));
          return { rows, cursor: n };
        }
        rows.push(text.slice(pos, lineEnd).split(d));
        pos = lineEnd + nlLength;
        continue;
      }
      const row = this.quotedRow(text, pos, last);
      if (row === 'unfinished') break;
      if (row === 'irregular') {
        const rest = this.fallback.parse(text.slice(pos), 0, !last) as { data: string[][]; meta: { cursor: number } };
        for (const r of rest.data) rows.push(r);
        return { rows, cursor: pos + rest.meta.cursor };
      }
      rows.push(row.fields);
      if (row.next === -1) return { rows, cursor: n }; // the last row, ended by the end of the text
      pos = row.next;
    }
    // Every row so far ended with a newline: at the end of the file papaparse gives one more, empty row.
    if (last && n > 0) rows.push(['']);
    return { rows, cursor: pos };
  }

  /** One row from `start` where quotes may open fields: its fields and where the next row begins (-1: the text ended it). */
  private quotedRow(text: string, start: number, last: boolean): { fields: string[]; next: number } | 'unfinished' | 'irregular' {
    const n = text.length;
    const d = this.delimiter;
    const nl = this.newline;
    const fields: string[] = [];
    let f = start;
    let lineEnd = text.indexOf(nl, f);
    let delimiterAt = -2;
    for (;;) {
      if (text.charCodeAt(f) === 34 /* " */) {
        let value = '';
        let from = f + 1;
        let after: number;
        for (;;) {
          const close = text.indexOf('"', from);
          if (close === -1) return last ? 'irregular' : 'unfinished';
          if (close + 1 === n && !last) return 'unfinished'; // `""` may be cut between pieces
          if (text.charCodeAt(close + 1) === 34) {
            value += text.slice(from, close + 1);
            from = close + 2;
            continue;
          }
          value += text.slice(from, close);
          after = close + 1;
          break;
        }
        fields.push(value);
        if (after === n) return last ? { fields, next: -1 } : 'unfinished';
        if (text.startsWith(d, after)) { f = after + d.length; continue; }
        if (after + nl.length > n && !last) return 'unfinished';
        if (text.startsWith(nl, after)) return { fields, next: after + nl.length };
        return 'irregular';
      }
      // An unquoted field ends at the delimiter or the newline; a quote inside it is text. The
      // row's end is searched for again only once a quoted field has run past it.
      if (lineEnd !== -1 && lineEnd < f) lineEnd = text.indexOf(nl, f);
      if (delimiterAt !== -1 && delimiterAt < f) delimiterAt = text.indexOf(d, f);
      if (delimiterAt !== -1 && (lineEnd === -1 || delimiterAt < lineEnd)) {
        fields.push(text.slice(f, delimiterAt));
        f = delimiterAt + d.length;
        continue;
      }
      if (lineEnd === -1) {
        if (!last) return 'unfinished';
        fields.push(text.slice(f));
        return { fields, next: -1 };
      }
      fields.push(text.slice(f, lineEnd));
      return { fields, next: lineEnd + nl.length };
    }
  }
}
