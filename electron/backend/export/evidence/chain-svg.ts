import type { ChainHolder, VehicleChain } from '../../../../shared/contract/chain';
import { esc, money } from '../markup';
import { printText, type PrintText } from './print-text';
import { ROLE_ORDER, ROLE_STYLE } from './roles';
import { labelWidth, wrapText } from './svg-text';

/**
 * The ownership chain as vector SVG with real text (so Chinese names print sharp and can be
 * searched in the PDF). The chain is a path, so holders go left to right in date order, wrapping
 * onto further rows when there are many; each arrow carries the date, price and kind of the hand-over.
 */
export type ChainSvgOptions = {
  /** Holders per row before wrapping. */
  perRow?: number;
  /** Party codes as they may be shown (masked unless the analyst chose otherwise). */
  shownCode?: (holder: ChainHolder) => string | null;
  /** Standalone file (width and height in px, XML prolog) or inline in the HTML page (scales to width). */
  standalone?: boolean;
  /** The words of the page's language (English by default). */
  text?: PrintText;
};

const NODE_W = 200;
const NODE_H = 92;
const GAP_X = 118;
const GAP_Y = 56;
const PAD = 16;
const LEGEND_H = 34;
const FONT = "'Noto Sans CJK SC', 'Noto Sans SC', 'Noto Sans', 'DejaVu Sans', sans-serif";

export function chainSvg(chain: VehicleChain, options: ChainSvgOptions = {}): string {
  const holders = chain.holders;
  const perRow = Math.max(1, Math.min(options.perRow ?? 4, holders.length || 1));
  const rows = Math.max(1, Math.ceil(holders.length / perRow));
  const width = PAD * 2 + perRow * NODE_W + (perRow - 1) * GAP_X;
  const top = PAD + 22;
  const height = top + rows * NODE_H + (rows - 1) * GAP_Y + PAD + LEGEND_H;
  const at = (i: number) => ({ x: PAD + (i % perRow) * (NODE_W + GAP_X), y: top + Math.floor(i / perRow) * (NODE_H + GAP_Y) });

  const text = options.text ?? printText();
  const { t } = text;
  const linkKind = (kind: string) => text.code('print.event', kind);
  const parts: string[] = [];
  parts.push(`<text x="${PAD}" y="${PAD + 8}" font-size="13" font-weight="bold">${esc(t('print.chain_of', { vin: chain.vin }))}</text>`);

  // Arrows first, so the boxes sit on top of their ends.
  chain.links.forEach((link, index) => {
    const a = at(link.from);
    const b = at(link.to);
    const sameRow = a.y === b.y && b.x > a.x;
    const label = [link.date, money(link.price, link.currency), linkKind(link.kind)].filter(Boolean).join(' · ');
    const days = link.days_held === null ? '' : t('print.held_days', { days: link.days_held });
    let path: string;
    let lx: number;
    let ly: number;
    if (sameRow) {
      const x1 = a.x + NODE_W;
      const y = a.y + NODE_H / 2;
      path = `M${x1},${y} L${b.x - 4},${b.y + NODE_H / 2}`;
      lx = (x1 + b.x) / 2;
      ly = y - 8;
    } else {
      // Down from the end of a row and back to the start of the next one.
      const x1 = a.x + NODE_W / 2;
      const y1 = a.y + NODE_H;
      const mid = y1 + GAP_Y / 2;
      path = `M${x1},${y1} L${x1},${mid} L${b.x + NODE_W / 2},${mid} L${b.x + NODE_W / 2},${b.y - 4}`;
      lx = (x1 + b.x + NODE_W / 2) / 2;
      ly = mid - 6;
    }
    parts.push(`<path d="${path}" fill="none" stroke="#444" stroke-width="1.4" marker-end="url(#arrow)"><title>${esc(t('print.chain_link', { n: index + 1, label }))}</title></path>`);
    // Date above the arrow; price and days held below it.
    parts.push(`<text x="${lx}" y="${ly}" font-size="9.5" text-anchor="middle">${esc(`${link.date} · ${linkKind(link.kind)}`)}</text>`);
    const below = [link.price === null ? '' : `${text.num(link.price)} ${link.currency ?? 'CNY'}`, days].filter(Boolean);
    below.forEach((line, n) => {
      parts.push(`<text x="${lx}" y="${ly + 21 + n * 11}" font-size="8.5" fill="#333" text-anchor="middle">${esc(line)}</text>`);
    });
  });

  holders.forEach((holder, i) => {
    const { x, y } = at(i);
    const style = ROLE_STYLE[holder.role];
    const code = options.shownCode ? options.shownCode(holder) : holder.party_code;
    parts.push(`<g class="holder" data-index="${i}"><title>${esc(holder.name)}</title>`);
    parts.push(`<rect x="${x}" y="${y}" width="${NODE_W}" height="${NODE_H}" rx="7" fill="${style.fill}" stroke="${style.stroke}" stroke-width="1.6"/>`);
    parts.push(`<text x="${x + 8}" y="${y + 14}" font-size="9" fill="${style.stroke}" font-weight="bold">${esc(`${i + 1}. ${text.role(holder.role).toUpperCase()}`)}</text>`);
    // Some record names this holder without its identifier: said on the box, as the screen's graph does.
    if (holder.by_name.length > 0) parts.push(`<text class="by-name" x="${x + NODE_W - 8}" y="${y + 14}" font-size="8.5" fill="#7d4e00" font-style="italic" text-anchor="end">${esc(t('print.by_name_short'))}</text>`);
    const lines = wrapText(holder.name, 30, 3);
    lines.forEach((line, n) => {
      parts.push(`<text x="${x + 8}" y="${y + 30 + n * 14}" font-size="11.5">${esc(line)}</text>`);
    });
    const foot = [holder.acquired ? t('print.from_date', { date: holder.acquired }) : null, code].filter(Boolean).join(' · ');
    if (foot) parts.push(`<text x="${x + 8}" y="${y + NODE_H - 8}" font-size="8.5" fill="#333">${esc(foot)}</text>`);
    parts.push('</g>');
  });

  const used = ROLE_ORDER.filter((role) => holders.some((h) => h.role === role));
  let lx = PAD;
  const ly = height - PAD - 8;
  parts.push(`<g class="legend"><text x="${lx}" y="${ly + 4}" font-size="9.5" font-weight="bold">${esc(t('print.roles'))}</text>`);
  lx += 44;
  for (const role of used) {
    const s = ROLE_STYLE[role];
    parts.push(`<rect x="${lx}" y="${ly - 6}" width="14" height="12" rx="2" fill="${s.fill}" stroke="${s.stroke}"/>`);
    const label = text.role(role);
    parts.push(`<text x="${lx + 18}" y="${ly + 4}" font-size="9.5">${esc(label)}</text>`);
    lx += 30 + labelWidth(label, 6);
  }
  parts.push('</g>');
  if (holders.length === 0) parts.push(`<text x="${PAD}" y="${top + 20}" font-size="11">${esc(t('print.no_holders_graph'))}</text>`);

  const size = options.standalone
    ? `width="${width}" height="${height}"`
    : `width="100%" preserveAspectRatio="xMidYMin meet" style="max-height: 100%"`;
  return `${options.standalone ? '<?xml version="1.0" encoding="UTF-8"?>\n' : ''}<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" ${size} font-family="${esc(FONT)}" role="img" aria-label="${esc(t('print.chain_of', { vin: chain.vin }))}">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker></defs>
<rect x="0" y="0" width="${width}" height="${height}" fill="#fff"/>
${parts.join('\n')}
</svg>`;
}
