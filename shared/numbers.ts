/**
 * Reads amounts and odometer readings as written in Chinese and English documents:
 * thousands separators (`1,234`, `1，234`, `1 234`), full-width digits, currency marks
 * (`¥`, `￥`, `元`, `CNY`, `RMB`, `km`, `公里`). Returns null when no number is there.
 */
export function parseNumber(raw: string): number | null {
  let text = raw.normalize('NFKC').trim();
  if (text === '') return null;
  text = text
    .replace(/^(?:cny|rmb|usd|¥|\$|€)\s*/i, '')
    .replace(/\s*(?:元|万元|cny|rmb|usd|km|公里|千米)$/i, '');
  const scale = /万元$/.test(raw.trim()) ? 10_000 : 1;
  if (!/^[+-]?(?:\d{1,3}(?:[,\s']\d{3})+|\d+)(?:\.\d+)?$/.test(text)) return null;
  const value = Number(text.replace(/[,\s']/g, ''));
  return Number.isFinite(value) ? value * scale : null;
}
