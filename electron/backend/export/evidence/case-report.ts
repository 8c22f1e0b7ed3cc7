import { RULES, type RuleId } from '../../../../shared/rules';
import { esc } from '../markup';
import { barChart } from './charts';
import { evidenceSection, headerBlock, htmlPage, runLine, type SheetOptions } from './evidence-sheet';
import { networkSvg } from './network-svg';
import { pageCss } from './page-style';
import type { ReportData } from './report-data';

/**
 * The case report as one self-contained HTML page: cover, summary figures and overview charts,
 * the flag table, the evidence sheets of the exhibits, the party network of the chosen parties,
 * and an appendix of every document with its SHA-256.
 */
export function caseReportHtml(data: ReportData, options: SheetOptions): string {
  const h = data.header;
  const c = data.counts;
  const records = Object.values(c.records).reduce((a, b) => a + b, 0);
  const cover = `<section class="cover">
${h.classification ? `<div class="classification">${esc(h.classification)}</div>` : ''}
<h1>${esc(h.title)}</h1>
<dl class="meta">
<dt>Subject</dt><dd>${esc(h.subject ?? '—')}</dd>
<dt>Author</dt><dd>${esc(h.analyst ?? '—')}</dd>
<dt>Organisation</dt><dd>${esc(h.organisation ?? '—')}</dd>
<dt>Case number</dt><dd>${esc(h.case_number ?? '—')}</dd>
<dt>Classification</dt><dd>${esc(h.classification ?? '—')}</dd>
<dt>Date</dt><dd>${esc(h.printed.slice(0, 10))}</dd>
<dt>Audit chain head</dt><dd class="hash">${esc(h.audit_head)}</dd>
</dl>
<p class="muted">Made by ZeroMile from the case file. Every fact cites its source document by SHA-256; the audit chain head ties this report to the state of the case file when it was printed.</p>
</section>`;

  const figure = (label: string, value: number) => `<div class="figure"><b>${esc(value.toLocaleString('en-US'))}</b>${esc(label)}</div>`;
  const summary = `<section>
${headerBlock(h, 'Summary')}
<div class="figures">
${figure('documents', c.documents)}${figure('records', records)}${figure('vehicles', c.vehicles)}${figure('parties', c.parties)}
${figure('flags', data.flagTotal)}${figure('vehicles flagged', data.flaggedVehicles)}${figure('exports', c.records.exports)}${figure('rows rejected', c.rejected)}
</div>
${runLine(data.run)}
<div class="charts">
${barChart('Flags by rule', data.charts.byRule)}
${barChart('Flags by severity', data.charts.bySeverity, '#b35c00')}
${barChart('Exported vehicles by destination', data.charts.byDestination, '#5e35b1')}
${barChart('Zero-mileage exports by month', data.charts.byMonth, '#b71c1c')}
</div>
</section>`;

  const flagRows = data.flags.map((f) => `<tr><td class="sev-${esc(f.severity)}">${esc(f.severity)}</td><td>${esc(RULES[f.rule as RuleId]?.title.en ?? f.rule)}</td>
<td>${esc(f.subject)}</td><td>${esc(f.reason)}</td><td>${esc(f.status)}</td></tr>`).join('\n');
  const more = data.flagTotal > data.flags.length
    ? `<p class="muted">${esc(data.flagTotal - data.flags.length)} more flags are not listed here; the CSV or XLSX export holds them all.</p>` : '';
  const flags = `<section style="break-before: page"><h2>Flags</h2>
<table><thead><tr><th>Severity</th><th>Rule</th><th>Vehicle or party</th><th>Reason</th><th>Verdict</th></tr></thead>
<tbody>${flagRows || '<tr><td colspan="5" class="muted">No flags.</td></tr>'}</tbody></table>${more}</section>`;

  const exhibits = data.exhibits.length > 0
    ? `<section style="break-before: page"><h2>Exhibits</h2><p>${esc(data.exhibits.length)} ${data.exhibits.length === 1 ? 'vehicle' : 'vehicles'} marked as exhibits; one evidence sheet each.</p>
${data.exhibits.map((sheet, i) => evidenceSection(sheet, options, false, i === 0)).join('\n')}</section>` : '';

  const network = data.network
    ? `<section style="break-before: page"><h2>Party network</h2><p>Parties: ${esc(data.networkParties.join(', '))}, with their busiest counterparties.</p>
<div class="graph">${networkSvg(data.network, 'Who sold and shipped to whom (vehicles)')}</div></section>` : '';

  const docs = data.documents.map((d) => `<tr><td class="num">${esc(d.id)}</td><td>${esc(d.file_name)}</td><td>${esc(d.kind ?? d.media_type)}</td>
<td class="num">${esc(d.pages ? `${d.pages} pages` : d.rows_imported)}</td><td class="hash">${esc(d.sha256)}</td></tr>`).join('\n');
  const appendix = `<section style="break-before: page"><h2>Appendix: documents</h2>
<table><thead><tr><th>#</th><th>File</th><th>Kind</th><th>Records or pages</th><th>SHA-256</th></tr></thead>
<tbody>${docs || '<tr><td colspan="5" class="muted">No documents.</td></tr>'}</tbody></table></section>`;

  return htmlPage(`Case report: ${h.title}`, pageCss(options, h), [cover, summary, flags, exhibits, network, appendix].join('\n'));
}
