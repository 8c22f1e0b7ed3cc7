import { esc } from '../markup';
import { runLine } from './evidence-sheet';
import { printText, type PrintText } from './print-text';
import type { PackFront } from './pack-data';

/**
 * The front of an evidence pack: cover (case properties, the selection's criteria, counts, audit
 * chain head), contents, and the summary table whose last column is each vehicle's first page.
 * `pages` is null on the first print, which only counts the front's pages: the numbers are then
 * printed as placeholders of the same width, so the second print has the same page breaks.
 */
export function packFrontHtml(front: PackFront, pages: { summary: number; sheets: number; byVin: Map<string, number> } | null, width: number, text: PrintText = printText()): string {
  const { t } = text;
  const h = front.header;
  const page = (n: number | undefined) => (pages && n !== undefined ? String(n) : '0'.repeat(width)).padStart(width, ' ');
  const figure = (label: string, value: number) => `<div class="figure"><b>${esc(text.num(value))}</b>${esc(label)}</div>`;
  const row = (label: string, value: string, cls = '') => `<dt>${esc(label)}</dt><dd${cls ? ` class="${cls}"` : ''}>${esc(value)}</dd>`;
  const th = (labels: string[]) => `<thead><tr>${labels.map((l) => `<th>${esc(l)}</th>`).join('')}</tr></thead>`;
  const byRule = front.by_rule.map((r) => `<tr><td class="term">${esc(text.rule(r.rule))}</td><td class="mono">${esc(r.rule)}</td><td class="num">${esc(r.flags)}</td></tr>`).join('');
  const rows = front.rows.map((r, i) => `<tr><td class="num">${i + 1}</td><td class="mono">${esc(r.vin)}</td><td>${esc(r.maker ? text.maker(r.maker) : '')}</td><td>${esc(r.exporter ?? '')}</td>
<td>${esc(r.destination ?? '')}</td><td class="date">${esc(r.exported ?? '')}</td><td class="num">${esc(r.days ?? '')}</td><td class="num">${esc(r.km ?? '')}</td>
<td class="term">${esc(r.rules.map((rule) => text.rule(rule)).join(text.lang === 'zh' ? '、' : ', '))}</td><td class="num page-no">${esc(page(pages?.byVin.get(r.vin)))}</td></tr>`).join('\n');
  return `<section class="cover pack-cover">
${h.classification ? `<div class="classification">${esc(h.classification)}</div>` : ''}
<h1>${esc(t('print.pack'))}</h1>
<p class="criteria">${esc(front.criteria)}</p>
<dl class="meta">
${row(t('print.case'), text.caseTitle(h.title))}
${row(t('print.case_number'), h.case_number ?? '—')}
${row(t('print.subject'), h.subject ?? '—')}
${row(t('print.classification'), h.classification ?? '—')}
${row(t('print.analyst'), h.analyst ?? '—')}
${row(t('print.printed'), t('print.utc', { time: h.printed.replace('T', ' ').slice(0, 19) }))}
${row(t('print.audit_head'), h.audit_head, 'hash')}
</dl>
<div class="figures">${figure(t('print.fig.vehicles'), front.rows.length)}${figure(t('print.fig.flags'), front.flags)}${figure(t('print.fig.rules'), front.by_rule.length)}</div>
${runLine(front.run, text)}
${byRule ? `<table>${th([t('print.rule'), t('print.rule_id'), t('print.flags')])}<tbody>${byRule}</tbody></table>` : ''}
<h2>${esc(t('print.contents'))}</h2>
<table class="contents"><tbody>
<tr><td>${esc(t('print.contents_summary'))}</td><td class="num page-no">${esc(page(pages?.summary))}</td></tr>
<tr><td>${esc(t('print.contents_sheets'))}</td><td class="num page-no">${esc(page(pages?.sheets))}</td></tr>
</tbody></table>
<p class="muted">${esc(t('print.pack_note'))}</p>
</section>
<section class="pack-summary">
<h2 id="summary"><a href="#summary">${esc(t('print.summary'))}</a></h2>
<table>${th(['#', 'VIN', t('print.maker'), t('print.exporter'), t('print.destination'), t('print.exported'), t('print.days'), t('print.km'), t('print.flags'), t('print.page_col')])}
<tbody>${rows || `<tr><td colspan="10" class="muted">${esc(t('print.no_vehicles'))}</td></tr>`}</tbody></table>
</section>`;
}

/**
 * Extra print CSS for packs: page numbers in a fixed-width column so placeholders and numbers break
 * alike (td.page-no, not .page-no: td.num's nowrap would collapse the padding, and a column of
 * 00000 placeholders took more width than '   66', moving the summary's breaks).
 */
export const PACK_CSS = `
.pack-cover { padding-top: 20mm; }
.criteria { font-size: 12pt; margin: 2mm 0 5mm; }
td.page-no { font-family: 'DejaVu Sans Mono', monospace; white-space: pre; }
.mono { font-family: 'DejaVu Sans Mono', monospace; }
table.contents td { border: none; border-bottom: 0.4pt dotted #888; }
.sheet h2 a, .pack-summary h2 a { color: inherit; text-decoration: none; }
`;
