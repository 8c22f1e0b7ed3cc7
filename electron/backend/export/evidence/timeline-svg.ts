import type { VehicleChain } from '../../../../shared/contract/chain';
import { dayCount } from '../../../../shared/flag-reasons';
import { drawTimeline, eventCitation, EVENT_SHAPES, markPath, textWidth } from '../../../../shared/timeline-drawing';
import { esc } from '../markup';
import { printText, type PrintText } from './print-text';
import { ROLE_STYLE } from './roles';
import { labelWidth, wrapText } from './svg-text';

/**
 * The vehicle's timeline as vector SVG for the evidence sheet: the drawing the vehicle screen shows
 * (shared/timeline-drawing.ts), with lane names in a column on the left. Marks carry the numbers of
 * the sheet's timeline table, where each row cites its record and document; each mark's <title>
 * cites them too.
 */
const LABEL_W = 190;
const PAD = 12;
const TOP = 30;
const LEGEND_H = 26;
const FONT = "'Noto Sans CJK SC', 'Noto Sans SC', 'Noto Sans', 'DejaVu Sans', sans-serif";

export function timelineSvg(chain: VehicleChain, options: { plotWidth?: number; standalone?: boolean; text?: PrintText; windowDays?: number } = {}): string {
  const text = options.text ?? printText();
  const { t } = text;
  const plot = options.plotWidth ?? 880;
  const d = drawTimeline(chain, { minWidth: plot, maxWidth: plot, windowDays: options.windowDays, odometerLabels: { width: (km) => textWidth(t('print.km_value', { km }), 8.5), height: 12.5 } });
  const width = PAD * 2 + LABEL_W + d.width + 16;
  const height = TOP + d.height + LEGEND_H + PAD;
  const x0 = PAD + LABEL_W + 8;
  const parts: string[] = [];
  parts.push(`<text x="${PAD}" y="${PAD + 8}" font-size="13" font-weight="bold">${esc(t('print.timeline_of', { vin: chain.vin }))}</text>`);
  parts.push(`<g transform="translate(0,${TOP})">`);
  d.lanes.forEach((lane, i) => {
    parts.push(`<rect x="${PAD}" y="${lane.y}" width="${width - PAD * 2}" height="${lane.height}" fill="${i % 2 ? '#f4f6f8' : '#ffffff'}"/>`);
    const style = lane.role ? ROLE_STYLE[lane.role] : null;
    if (style) parts.push(`<rect x="${PAD}" y="${lane.y}" width="4" height="${lane.height}" fill="${style.stroke}"/>`);
    const name = wrapText(lane.name, 30, 1)[0] ?? '';
    parts.push(`<text x="${PAD + 10}" y="${lane.y + lane.height / 2 - 1}" font-size="10.5">${esc(name)}</text>`);
    if (style && lane.role) parts.push(`<text x="${PAD + 10}" y="${lane.y + lane.height / 2 + 11}" font-size="8.5" fill="${style.stroke}">${esc(text.role(lane.role))}</text>`);
  });
  parts.push(`<g transform="translate(${x0},0)">`);
  if (d.window) {
    parts.push(`<rect x="${d.window.x1}" y="0" width="${Math.max(1, d.window.x2 - d.window.x1)}" height="${d.axisY}" fill="#fff8c5" fill-opacity="0.75" stroke="#d4a72c" stroke-dasharray="4 3"><title>${esc(t('print.window_title', { from: d.window.from, to: d.window.to, period: dayCount(d.window.days, 'reason.one_day') }))}</title></rect>`);
    if (d.window.cut) parts.push(`<text x="${d.window.x2 - 4}" y="10" font-size="9" text-anchor="end" fill="#7d4e00">${esc(t('print.window_until', { to: d.window.to }))}</text>`);
  }
  for (const tick of d.ticks) {
    parts.push(`<line x1="${tick.x}" x2="${tick.x}" y1="0" y2="${d.axisY}" stroke="#d0d7de" stroke-width="0.6"/><text x="${tick.x}" y="${d.axisY + 15}" font-size="9.5" text-anchor="middle" fill="#444">${esc(tick.label)}</text>`);
  }
  parts.push(`<line x1="0" x2="${d.width}" y1="${d.axisY}" y2="${d.axisY}" stroke="#888"/>`);
  for (const c of d.connectors) {
    parts.push(`<line x1="${c.x}" x2="${c.x}" y1="${c.y1}" y2="${c.y2}" stroke="${c.open ? '#6e7781' : '#999'}" stroke-width="1.3"${c.open ? ' stroke-dasharray="5 3"' : ''}/>`);
  }
  if (d.odometer) {
    const o = d.odometer;
    parts.push(`<text x="${-LABEL_W}" y="${(o.top + o.bottom) / 2 + 4}" font-size="10.5">${esc(t('print.odometer_axis', { km: o.maxKm }))}</text>`);
    parts.push(`<line x1="0" x2="${d.width}" y1="${o.bottom}" y2="${o.bottom}" stroke="#d0d7de"/>`);
    parts.push(`<polyline points="${o.points.map((p) => `${p.x},${p.y}`).join(' ')}" fill="none" stroke="#0969da" stroke-width="1.8"/>`);
    for (const p of o.points) {
      const leader = p.label.leader ? `<line x1="${p.x}" y1="${p.y}" x2="${p.label.x}" y2="${p.label.y - 3}" stroke="#0969da" stroke-width="0.5" stroke-opacity="0.6"/>` : '';
      parts.push(`${leader}<circle cx="${p.x}" cy="${p.y}" r="2.6" fill="#0969da"/><text x="${p.label.x}" y="${p.label.y}" font-size="8.5" fill="#0969da" text-anchor="${p.label.anchor}">${esc(t('print.km_value', { km: p.km }))}</text>`);
    }
  }
  for (const m of d.marks) {
    const e = chain.timeline[m.event]!;
    parts.push(`<g class="event" data-event="${m.event}"><title>${esc(`${m.event + 1}. ${eventCitation({ ...e, detail: text.msg(e.detail_msg, e.detail) }, (m) => text.msg(m, ''))}`)}</title><path d="${markPath(e.kind, m.x, m.y)}" fill="${EVENT_SHAPES[e.kind].colour}" stroke="#fff"/><text x="${m.x}" y="${m.y - 9}" font-size="9" text-anchor="middle" fill="#333">${m.event + 1}</text></g>`);
  }
  parts.push('</g></g>');

  // Legend: the kinds this vehicle has, the window and the open hand-overs.
  const ly = height - PAD - 6;
  let lx = PAD;
  parts.push('<g class="legend">');
  for (const kind of [...new Set(chain.timeline.map((e) => e.kind))]) {
    parts.push(`<path d="${markPath(kind, lx + 6, ly - 3, 5)}" fill="${EVENT_SHAPES[kind].colour}"/><text x="${lx + 15}" y="${ly + 1}" font-size="9.5">${esc(text.code('print.event', kind))}</text>`);
    lx += 26 + labelWidth(text.code('print.event', kind), 6);
  }
  if (d.window) {
    parts.push(`<rect x="${lx}" y="${ly - 9}" width="14" height="11" fill="#fff8c5" stroke="#d4a72c" stroke-dasharray="3 2"/><text x="${lx + 18}" y="${ly + 1}" font-size="9.5">${esc(t('print.window_legend', { period: dayCount(d.window.days, 'reason.one_day') }))}</text>`);
    lx += 300;
  }
  if (chain.gaps.length > 0) parts.push(`<line x1="${lx}" x2="${lx + 20}" y1="${ly - 3}" y2="${ly - 3}" stroke="#6e7781" stroke-dasharray="5 3" stroke-width="1.5"/><text x="${lx + 24}" y="${ly + 1}" font-size="9.5">${esc(t('print.open_handover'))}</text>`);
  parts.push('</g>');

  const size = options.standalone ? `width="${width}" height="${height}"` : 'width="100%" preserveAspectRatio="xMidYMin meet"';
  return `${options.standalone ? '<?xml version="1.0" encoding="UTF-8"?>\n' : ''}<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" ${size} font-family="${esc(FONT)}" role="img" aria-label="${esc(t('print.timeline_of', { vin: chain.vin }))}" data-events="${d.marks.length}">
<rect x="0" y="0" width="${width}" height="${height}" fill="#fff"/>
${parts.join('\n')}
</svg>`;
}
