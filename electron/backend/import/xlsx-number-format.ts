/**
 * A number cell as its number format shows it, where that matters: an invoice, declaration or
 * B/L number typed into Excel is often stored as the number 12345 and shown as 00012345 by a
 * format of zeros. Read as the bare number it no longer matches the same invoice in another file,
 * so a sale counted twice looks like a resale. Only formats that are digit placeholders (0 and #)
 * with literal text around them are applied; any other format (thousands, decimals, percent,
 * dates) gives null and the cell is read as its number.
 */

/** Built-in number formats that are plain digits (ECMA-376 18.8.30): 1 is "0". */
const BUILT_IN_DIGITS = new Map<number, string>([[1, '0']]);

/** A digit format, parsed: literal text, the placeholders' count of zeros, literal text. */
export type DigitFormat = { before: string; zeros: number; after: string };

/** A built-in or custom format id's format, parsed once a workbook, when it is one this module applies. */
export function digitFormat(id: number, custom: ReadonlyMap<number, string>): DigitFormat | null {
  const code = custom.get(id) ?? BUILT_IN_DIGITS.get(id);
  return code === undefined ? null : digitPattern(code);
}

/** The first section of a format split into literal text, one run of 0/# placeholders, literal text. */
function digitPattern(code: string): DigitFormat | null {
  const section = code.split(';')[0] ?? '';
  let before = '';
  let after = '';
  let zeros = 0;
  let placeholders = 0;
  let state: 'before' | 'digits' | 'after' = 'before';
  for (let i = 0; i < section.length; i++) {
    const c = section[i]!;
    let literal: string | null = null;
    if (c === '"') {
      const end = section.indexOf('"', i + 1);
      if (end < 0) return null;
      literal = section.slice(i + 1, end);
      i = end;
    } else if (c === '\\') {
      literal = section[++i] ?? '';
    } else if (c === '0' || c === '#') {
      if (state === 'after') return null;
      state = 'digits';
      placeholders++;
      if (c === '0') zeros++;
      continue;
    } else if (c === '-' || c === ' ' || c === '(' || c === ')' || c === '/') {
      literal = c;
    } else {
      return null;
    }
    if (state === 'before') before += literal;
    else { state = 'after'; after += literal; }
  }
  return placeholders > 0 ? { before, zeros, after } : null;
}

/** The digits of an integral number, never in exponent form (String(1.2345e22) is "1.2345e+22"). */
export function integerText(n: number): string {
  if (Math.abs(n) < 1e21) return String(n);
  // The shortest digits that are this number, then zeros (BigInt would write its binary tail: ...9737856).
  const [mantissa, exponent] = Math.abs(n).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  return (n < 0 ? '-' : '') + digits.padEnd(Number(exponent) + 1, '0');
}

/**
 * The cell's text as Excel shows it: with its digit format (a code, or one parsed by digitFormat;
 * null when the code is not one of digits), else, for General, an integral number written out in full.
 */
export function shownNumber(n: number, format: string | DigitFormat | null): string | null {
  if (format === null) return Number.isInteger(n) && Math.abs(n) >= 1e21 ? integerText(n) : null;
  const pattern = typeof format === 'string' ? digitPattern(format) : format;
  if (pattern === null) return null;
  // Excel rounds half away from zero to the placeholders' whole number.
  const whole = Math.sign(n) * Math.round(Math.abs(n));
  const digits = integerText(Math.abs(whole)).padStart(pattern.zeros, '0');
  return `${whole < 0 ? '-' : ''}${pattern.before}${digits === '0' && pattern.zeros === 0 ? '' : digits}${pattern.after}`;
}
