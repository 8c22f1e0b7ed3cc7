import type { PartyRole } from '../../../../shared/contract/chain';
import type { NetworkData, NetworkParty } from '../party-network-data';
import { esc } from '../markup';
import { printText, type PrintText } from './print-text';
import { ROLE_ORDER, ROLE_STYLE } from './roles';
import { labelWidth, wrapText } from './svg-text';

/**
 * The party network for print: one column per role (makers left, foreign buyers right), parties
 * stacked in each, arrows from seller or exporter to buyer or consignee labelled with vehicles. An
 * arrow some of whose records name a party without the USCC or ID number it has is dashed and says
 * how many (matched by name only), with a line under the legend.
 */
const COLUMN_ORDER: readonly PartyRole[] = ['maker', 'dealer', 'trader', 'owner', 'exporter', 'foreign_buyer'];
const NODE_W = 150;
const NODE_H = 44;
const GAP_X = 70;
const GAP_Y = 14;
const PAD = 14;

export function networkSvg(network: NetworkData, title: string, text: PrintText = printText()): string {
  const columns = COLUMN_ORDER.map((role) => network.parties.filter((p) => p.role === role)).filter((c) => c.length > 0);
  const place = new Map<number, { x: number; y: number }>();
  columns.forEach((column, c) => column.forEach((p, r) => place.set(p.id, { x: PAD + c * (NODE_W + GAP_X), y: PAD + 24 + r * (NODE_H + GAP_Y) })));
  const tallest = Math.max(1, ...columns.map((c) => c.length));
  const width = PAD * 2 + Math.max(1, columns.length) * NODE_W + Math.max(0, columns.length - 1) * GAP_X;
  const byName = network.edges.some((e) => e.by_name > 0 && place.has(e.source) && place.has(e.target));
  // The roles' legend, and under it the dashed arrow's when one is drawn.
  const legendY = PAD * 2 + 24 + tallest * (NODE_H + GAP_Y) + 20 - PAD;
  const height = legendY + PAD + (byName ? 16 : 0);
  const parts: string[] = [`<text x="${PAD}" y="${PAD + 10}" font-size="12" font-weight="bold">${esc(title)}</text>`];
  for (const e of network.edges) {
    const a = place.get(e.source);
    const b = place.get(e.target);
    if (!a || !b) continue;
    const forward = b.x > a.x;
    const x1 = forward ? a.x + NODE_W : a.x;
    const x2 = forward ? b.x - 3 : b.x + NODE_W + 3;
    const y1 = a.y + NODE_H / 2;
    const y2 = b.y + NODE_H / 2;
    const bend = forward ? GAP_X / 2 : -GAP_X / 2;
    const dashed = e.by_name > 0 ? ' stroke-dasharray="5 3"' : '';
    parts.push(`<path d="M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}" fill="none" stroke="${e.kind === 'export' ? '#b71c1c' : '#555'}" stroke-width="${Math.min(4, 0.8 + Math.log2(e.vehicles))}"${dashed} marker-end="url(#net-arrow)" opacity="0.75"/>`);
    parts.push(`<text x="${(x1 + x2) / 2}" y="${(y1 + y2) / 2 - 3}" font-size="8.5" text-anchor="middle" fill="#222">${esc(text.t('print.network_vehicles', { count: e.vehicles }))}</text>`);
    if (e.by_name > 0) parts.push(`<text class="by-name" x="${(x1 + x2) / 2}" y="${(y1 + y2) / 2 + 8}" font-size="7.5" text-anchor="middle" fill="#7d4e00" font-style="italic">${esc(text.t('print.network_by_name', { count: e.by_name }))}</text>`);
  }
  const node = (p: NetworkParty): string => {
    const at = place.get(p.id)!;
    const s = ROLE_STYLE[p.role];
    const lines = wrapText(p.name, 24, 2).map((line, i) => `<text x="${at.x + 6}" y="${at.y + 14 + i * 12}" font-size="10">${esc(line)}</text>`).join('');
    const dates = p.first ? `${p.first} – ${p.last ?? ''}` : '';
    return `<g class="party"><title>${esc(p.name)}</title><rect x="${at.x}" y="${at.y}" width="${NODE_W}" height="${NODE_H}" rx="5" fill="${s.fill}" stroke="${s.stroke}"/>${lines}<text x="${at.x + 6}" y="${at.y + NODE_H - 5}" font-size="7.5" fill="#333">${esc(`${text.role(p.role)} · ${dates}`)}</text></g>`;
  };
  parts.push(...network.parties.filter((p) => place.has(p.id)).map(node));
  const used = ROLE_ORDER.filter((role) => network.parties.some((p) => p.role === role));
  let lx = PAD;
  parts.push(...used.map((role) => {
    const s = ROLE_STYLE[role];
    const out = `<rect x="${lx}" y="${legendY - 10}" width="12" height="10" fill="${s.fill}" stroke="${s.stroke}"/><text x="${lx + 16}" y="${legendY - 1}" font-size="9">${esc(text.role(role))}</text>`;
    lx += 28 + labelWidth(text.role(role), 6);
    return out;
  }));
  if (byName) {
    parts.push(`<path d="M${PAD},${legendY + 11} L${PAD + 24},${legendY + 11}" stroke="#555" stroke-width="1.5" stroke-dasharray="5 3"/><text class="by-name" x="${PAD + 30}" y="${legendY + 15}" font-size="9">${esc(text.t('print.network_by_name_legend'))}</text>`);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(title)}" font-family="'Noto Sans CJK SC', 'Noto Sans', sans-serif">
<defs><marker id="net-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>
${parts.join('\n')}
</svg>`;
}

/** Keeps the chosen parties and, for each, its `perParty` busiest counterparties, so a maker with thousands of buyers still fits a page. */
export function trimNetwork(network: NetworkData, chosen: readonly number[], perParty = 8): NetworkData {
  const keep = new Set(chosen);
  for (const id of chosen) {
    network.edges.filter((e) => e.source === id || e.target === id)
      .sort((a, b) => b.vehicles - a.vehicles || a.source - b.source || a.target - b.target)
      .slice(0, perParty)
      .forEach((e) => { keep.add(e.source); keep.add(e.target); });
  }
  return {
    parties: network.parties.filter((p) => keep.has(p.id)),
    edges: network.edges.filter((e) => keep.has(e.source) && keep.has(e.target)),
  };
}
