import { countryName } from '../../../../shared/vocabulary';
import { esc } from '../markup';
import { barChart, type Bar } from './charts';
import { evidenceSection, headerBlock, htmlPage, runLine, type SheetOptions } from './evidence-sheet';
import { networkSvg } from './network-svg';
import { pageCss } from './page-style';
import { printText } from './print-text';
import { staleBlock } from './stale-print';
import type { ReportData } from './report-data';

/**
 * The case report as one self-contained HTML page: cover, summary figures and overview charts,
 * the flag table, the evidence sheets of the exhibits, the party network of the chosen parties,
 * and an appendix of every document with its SHA-256. Its own words in options.lang.
 */
export function caseReportHtml(data: ReportData, options: SheetOptions): string {
  const text = printText(options.lang);
  const { t } = text;
  const h = data.header;
  const c = data.counts;
  const records = Object.values(c.records).reduce((a, b) => a + b, 0);
  const row = (label: string, value: string) => `<dt>${esc(label)}</dt><dd>${esc(value)}</dd>`;
  const cover = `<section class="cover">
${h.classification ? `<div class="classification">${esc(h.classification)}</div>` : ''}
<h1>${esc(text.caseTitle(h.title))}</h1>
<dl class="meta">
${row(t('print.subject'), h.subject ?? '—')}
${row(t('print.author'), h.analyst ?? '—')}
${row(t('print.organisation'), h.organisation ?? '—')}
${row(t('print.case_number'), h.case_number ?? '—')}
${row(t('print.classification'), h.classification ?? '—')}
${row(t('print.date'), h.printed.slice(0, 10))}
<dt>${esc(t('print.audit_head'))}</dt><dd class="hash">${esc(h.audit_head)}</dd>
</dl>
<p class="muted">${esc(t('print.report_note'))}</p>
</section>`;

  const figure = (label: string, value: number) => `<div class="figure"><b>${esc(text.num(value))}</b>${esc(label)}</div>`;
  const named = (bars: Bar[], name: (label: string) => string) => bars.map((b) => ({ ...b, label: name(b.label) }));
  const summary = `<section>
${headerBlock(h, t('print.summary'), text)}
<div class="figures">
${figure(t('print.fig.documents'), c.documents)}${figure(t('print.fig.records'), records)}${figure(t('print.fig.vehicles'), c.vehicles)}${figure(t('print.fig.parties'), c.parties)}
${figure(t('print.fig.flags'), data.flagTotal)}${figure(t('print.fig.flagged'), data.flaggedVehicles)}${figure(t('print.fig.exports'), c.records.exports)}${figure(t('print.fig.rejected'), c.rejected)}
</div>
${runLine(data.run, text)}
${staleBlock(data.freshness, text)}
<div class="charts">
${barChart(t('print.chart.by_rule'), named(data.charts.byRule, text.rule))}
${barChart(t('print.chart.by_severity'), named(data.charts.bySeverity, (s) => text.code('print.severity', s)), '#b35c00')}
${barChart(t('print.chart.by_destination'), named(data.charts.byDestination, (code) => (code ? countryName(code, text.lang) : '—')), '#5e35b1')}
${barChart(t('print.chart.by_month'), data.charts.byMonth, '#b71c1c')}
</div>
</section>`;

  const flagRows = data.flags.map((f) => `<tr><td class="term sev-${esc(f.severity)}">${esc(text.code('print.severity', f.severity))}</td><td class="term">${esc(text.rule(f.rule))}</td>
<td>${esc(f.subject)}</td><td>${esc(text.msg(f.reason_msg, f.reason))}</td><td class="term">${esc(text.code('print.status', f.status))}</td></tr>`).join('\n');
  const more = data.flagTotal > data.flags.length
    ? `<p class="muted">${esc(t('print.more_flags', { count: text.num(data.flagTotal - data.flags.length) }))}</p>` : '';
  const flags = `<section style="break-before: page"><h2>${esc(t('print.flags'))}</h2>
<table><thead><tr><th>${esc(t('print.severity'))}</th><th>${esc(t('print.rule'))}</th><th>${esc(t('print.subject_col'))}</th><th>${esc(t('print.reason'))}</th><th>${esc(t('print.verdict'))}</th></tr></thead>
<tbody>${flagRows || `<tr><td colspan="5" class="muted">${esc(t('print.no_flags'))}</td></tr>`}</tbody></table>${more}</section>`;

  const exhibits = data.exhibits.length > 0
    ? `<section style="break-before: page"><h2>${esc(t('print.exhibits'))}</h2><p>${esc(t(data.exhibits.length === 1 ? 'print.exhibits_one' : 'print.exhibits_many', { count: data.exhibits.length }))}</p>
${data.exhibits.map((sheet, i) => evidenceSection(sheet, options, false, i === 0)).join('\n')}</section>` : '';

  const network = data.network
    ? `<section style="break-before: page"><h2>${esc(t('print.network'))}</h2><p>${esc(t('print.network_parties', { names: data.networkParties.join(text.lang === 'zh' ? '、' : ', ') }))}</p>
<div class="graph">${networkSvg(data.network, t('print.network_title'), text)}</div></section>` : '';

  const docs = data.documents.map((d) => `<tr><td class="num">${esc(d.id)}</td><td>${esc(d.file_name)}</td><td class="term">${esc(d.kind ? text.code('print.kind', d.kind) : d.media_type)}</td>
<td class="num">${esc(d.pages ? t('print.pages', { count: d.pages }) : d.rows_imported)}</td><td class="hash">${esc(d.sha256)}</td></tr>`).join('\n');
  const appendix = `<section style="break-before: page"><h2>${esc(t('print.appendix'))}</h2>
<table><thead><tr><th>#</th><th>${esc(t('print.file'))}</th><th>${esc(t('print.kind'))}</th><th>${esc(t('print.records_pages'))}</th><th>${esc(t('print.sha256'))}</th></tr></thead>
<tbody>${docs || `<tr><td colspan="5" class="muted">${esc(t('print.no_documents'))}</td></tr>`}</tbody></table></section>`;

  return htmlPage(t('print.report_title', { title: text.caseTitle(h.title) }), pageCss(options, h), [cover, summary, flags, exhibits, network, appendix].join('\n'), text.htmlLang);
}
