import { esc } from '../markup';
import { wrapText } from './svg-text';

/** Small overview charts as vector SVG with real text: horizontal bars, largest first as given. */
export type Bar = { label: string; value: number };

export function barChart(title: string, bars: readonly Bar[], color = '#3b6ea5'): string {
  const rowH = 18;
  const labelW = 150;
  const barW = 190;
  const width = labelW + barW + 60;
  const height = 26 + Math.max(1, bars.length) * rowH + 6;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const rows = bars.map((b, i) => {
    const y = 26 + i * rowH;
    const w = Math.max(1, Math.round((b.value / max) * barW));
    const label = wrapText(b.label, 26, 1)[0] ?? '';
    return `<text x="${labelW - 6}" y="${y + 12}" font-size="10" text-anchor="end">${esc(label)}<title>${esc(b.label)}</title></text>
<rect x="${labelW}" y="${y + 2}" width="${w}" height="${rowH - 5}" fill="${color}"/>
<text x="${labelW + w + 4}" y="${y + 12}" font-size="10">${esc(b.value.toLocaleString('en-US'))}</text>`;
  }).join('\n');
  const empty = bars.length === 0 ? `<text x="8" y="40" font-size="10" fill="#666">Nothing to show.</text>` : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(title)}" font-family="'Noto Sans', 'Noto Sans CJK SC', sans-serif">
<text x="4" y="14" font-size="11.5" font-weight="bold">${esc(title)}</text>
${rows}${empty}
</svg>`;
}
