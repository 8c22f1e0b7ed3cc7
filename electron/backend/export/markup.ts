/**
 * Escaping for HTML, SVG and XML output. Every value read from a document is data: a party named
 * `<img src=x onerror=...>` must print as those characters, never become markup.
 */

// Control characters that XML 1.0 forbids even as references; they would make the SVG unparsable.
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text or attribute value for HTML, SVG or XML (quotes escaped too, so it is safe in either place). */
export function esc(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value)
    .replace(XML_FORBIDDEN, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A money figure as people read it: "128,000.00 CNY"; empty when unknown. */
export function money(amount: number | null | undefined, currency: string | null | undefined = 'CNY'): string {
  if (amount === null || amount === undefined || !Number.isFinite(amount)) return '';
  return `${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency ?? 'CNY'}`;
}
