import { esc } from '../markup';
import { runLine } from './evidence-sheet';
import type { PackFront } from './pack-data';

/**
 * The front of an evidence pack: cover (case properties, the selection's criteria, counts, audit
 * chain head), contents, and the summary table whose last column is each vehicle's first page.
 * `pages` is null on the first print, which only counts the front's pages: the numbers are then
 * printed as placeholders of the same width, so the second print has the same page breaks.
 */
export function packFrontHtml(front: PackFront, pages: { summary: number; sheets: number; byVin: Map<string, number> } | null, width: number): string {
  const h = front.header;
  const page = (n: number | undefined) => (pages && n !== undefined ? String(n) : '0'.repeat(width)).padStart(width, ' ');
  const figure = (label: string, value: number) => `<div class="figure"><b>${esc(value.toLocaleString('en-US'))}</b>${esc(label)}</div>`;
  const byRule = front.by_rule.map((r) => `<tr><td>${esc(r.title)}</td><td class="mono">${esc(r.rule)}</td><td class="num">${esc(r.flags)}</td></tr>`).join('');
  const rows = front.rows.map((r, i) => `<tr><td class="num">${i + 1}</td><td class="mono">${esc(r.vin)}</td><td>${esc(r.maker ?? '')}</td><td>${esc(r.exporter ?? '')}</td>
<td>${esc(r.destination ?? '')}</td><td class="date">${esc(r.exported ?? '')}</td><td class="num">${esc(r.days ?? '')}</td><td class="num">${esc(r.km ?? '')}</td>
<td>${esc(r.rules.join(', '))}</td><td class="num page-no">${esc(page(pages?.byVin.get(r.vin)))}</td></tr>`).join('\n');
  return `<section class="cover pack-cover">
${h.classification ? `<div class="classification">${esc(h.classification)}</div>` : ''}
<h1>Evidence pack</h1>
<p class="criteria">${esc(front.criteria)}</p>
<dl class="meta">
<dt>Case</dt><dd>${esc(h.title)}</dd>
<dt>Case number</dt><dd>${esc(h.case_number ?? '—')}</dd>
<dt>Subject</dt><dd>${esc(h.subject ?? '—')}</dd>
<dt>Classification</dt><dd>${esc(h.classification ?? '—')}</dd>
<dt>Analyst</dt><dd>${esc(h.analyst ?? '—')}</dd>
<dt>Printed</dt><dd>${esc(h.printed.replace('T', ' ').slice(0, 19))} UTC</dd>
<dt>Audit chain head</dt><dd class="hash">${esc(h.audit_head)}</dd>
</dl>
<div class="figures">${figure('vehicles', front.rows.length)}${figure('flags', front.flags)}${figure('rules that flagged', front.by_rule.length)}</div>
${runLine(front.run)}
${byRule ? `<table><thead><tr><th>Rule</th><th>Id</th><th>Flags</th></tr></thead><tbody>${byRule}</tbody></table>` : ''}
<h2>Contents</h2>
<table class="contents"><tbody>
<tr><td>Summary of the vehicles, with the page of each evidence sheet</td><td class="num page-no">${esc(page(pages?.summary))}</td></tr>
<tr><td>Evidence sheets, one per vehicle, in VIN order</td><td class="num page-no">${esc(page(pages?.sheets))}</td></tr>
</tbody></table>
<p class="muted">Made by ZeroMile from the case file. Every fact cites its source document by SHA-256; the audit chain head ties this pack to the state of the case file when it was printed.</p>
</section>
<section class="pack-summary">
<h2 id="summary"><a href="#summary">Summary</a></h2>
<table><thead><tr><th>#</th><th>VIN</th><th>Maker</th><th>Exporter</th><th>Destination</th><th>Exported</th><th>Days</th><th>km</th><th>Flags</th><th>Page</th></tr></thead>
<tbody>${rows || '<tr><td colspan="10" class="muted">No vehicles.</td></tr>'}</tbody></table>
</section>`;
}

/** Extra print CSS for packs: page numbers in a fixed-width column so placeholders and numbers break alike. */
export const PACK_CSS = `
.pack-cover { padding-top: 20mm; }
.criteria { font-size: 12pt; margin: 2mm 0 5mm; }
.page-no { font-family: 'DejaVu Sans Mono', monospace; white-space: pre; }
.mono { font-family: 'DejaVu Sans Mono', monospace; }
table.contents td { border: none; border-bottom: 0.4pt dotted #888; }
.sheet h2 a, .pack-summary h2 a { color: inherit; text-decoration: none; }
`;
