/**
 * What search compares: text without its spacing and middle dots. A letter-spaced heading
 * (`机 动 车 销 售 统 一 发 票`), a heading read glued by OCR and one typed either way give the same key,
 * and so do plates written `沪A·12345`, `沪A 12345` and `沪A12345`.
 */
const SPACING = /[\s\u00B7\u2022\u30FB\u2027\u2219]+/gu;

export function searchKey(text: string): string {
  return text.replace(SPACING, '');
}

/** A plate as it is compared: no spaces, dots or hyphens, upper case (the same as PLATE_KEY_SQL). */
export function plateKey(plate: string): string {
  return plate.replace(/[ \u3000\u00B7\u2022\u30FB.-]/g, '').toUpperCase();
}

/**
 * The same key in SQL over a column, for the expression index registrations_plate_key (migration 7):
 * a query must spell it exactly so to use the index.
 */
export const PLATE_KEY_SQL = (column: string) =>
  `upper(replace(replace(replace(replace(replace(replace(replace(${column}, ' ', ''), '\u3000', ''), '\u00B7', ''), '\u2022', ''), '\u30FB', ''), '.', ''), '-', ''))`;
