import type { ChainHolder, EvidenceRef } from '../../../../shared/contract/chain';
import { RULES, type RuleId } from '../../../../shared/rules';
import { esc, money } from '../markup';
import { shownPartyCode, type MaskOptions } from '../mask';
import { chainSvg } from './chain-svg';
import { evidenceFactsDigest, formatFactsDigest } from './facts-digest';
import type { EvidenceSheetData, PrintHeader, RunInfo } from './evidence-data';
import { pageCss, type PageSetup } from './page-style';
import { ROLE_STYLE } from './roles';
import { timelineSvg } from './timeline-svg';

/**
 * The evidence sheet of one vehicle as one self-contained HTML page (no scripts, no external
 * files): header, the chain graph as inline SVG, the chain table, flags with the run and the
 * analyst's verdicts and notes, the timeline (drawn as on the vehicle screen, then as a table),
 * and every cited document with its SHA-256.
 * Every value from the case file goes through esc().
 */
export type SheetOptions = PageSetup & MaskOptions;

export const ref = (e: EvidenceRef | null): string =>
  e ? `${e.record_kind} #${e.record_id}: ${e.file_name}${e.row !== null ? ` row ${e.row}` : e.page !== null ? ` page ${e.page}` : ''}` : '';

const holderCode = (options: MaskOptions) => (h: ChainHolder): string | null => shownPartyCode(h.party_code, h.role === 'owner', options);

const ruleTitle = (rule: string): string => RULES[rule as RuleId]?.title.en ?? rule;

export function headerBlock(header: PrintHeader, heading: string): string {
  return `<header>
${header.classification ? `<div class="classification">${esc(header.classification)}</div>` : ''}
<h1>${esc(heading)}</h1>
<dl class="meta">
<dt>Case</dt><dd>${esc(header.title)}${header.case_number ? ` · No. ${esc(header.case_number)}` : ''}</dd>
${header.subject ? `<dt>Subject</dt><dd>${esc(header.subject)}</dd>` : ''}
<dt>Analyst</dt><dd>${esc(header.analyst ?? '—')}${header.organisation ? `, ${esc(header.organisation)}` : ''}</dd>
<dt>Printed</dt><dd>${esc(header.printed.replace('T', ' ').slice(0, 19))} UTC</dd>
<dt>Audit chain head</dt><dd class="hash">${esc(header.audit_head)}</dd>
</dl>
</header>`;
}

export function runLine(run: RunInfo | null): string {
  if (!run) return '<p class="muted">No rule run has finished in this case file yet.</p>';
  let params = run.params;
  try {
    params = Object.entries(JSON.parse(run.params) as Record<string, unknown>).map(([k, v]) => `${k} = ${String(v)}`).join(', ');
  } catch {
    // Shown as stored.
  }
  return `<p>Rule run <b>#${esc(run.id)}</b>, started ${esc(run.started)}${run.finished ? `, finished ${esc(run.finished)}` : ''}, ZeroMile ${esc(run.app_version)}.<br><span class="muted">Parameters: ${esc(params)}</span></p>`;
}

/**
 * The body of one sheet (no <html>): the case report and evidence packs put several in one page.
 * Without its header, the heading links to itself: the PDF then names where the sheet starts.
 */
/** `first` is false for the second and later sheets of a report, which start on a new page. */
export function evidenceSection(data: EvidenceSheetData, options: SheetOptions, withHeader = true, first = true): string {
  const { chain } = data;
  const v = chain.vehicle;
  const vehicleLine = [v.maker, v.make, v.model, v.model_year ? `model year ${v.model_year}` : null, v.fuel_type,
    v.production_date ? `built ${v.production_date}` : null].filter(Boolean).join(' · ');
  const code = holderCode(options);

  const holders = chain.holders.map((h, i) => `<tr><td class="num">${i + 1}</td><td>${esc(h.name)}</td><td>${esc(ROLE_STYLE[h.role].label)}</td>
<td>${esc(code(h) ?? '')}</td><td class="date">${esc(h.acquired ?? '')}</td><td class="num">${esc(money(h.price))}</td>
<td class="num">${esc(h.days_held ?? '')}</td><td>${esc(ref(h.evidence))}</td></tr>`).join('\n');

  const flags = data.flags.map((f) => `<tr><td class="sev-${esc(f.severity)}">${esc(f.severity)}</td><td>${esc(ruleTitle(f.rule))}</td><td>${esc(f.reason)}${f.clause ? `<br><span class="clause">Clause ${esc(f.clause.id)} of rule pack ${esc(f.clause.pack)} (version ${esc(f.clause.version)}, revision ${esc(f.clause.revision)})${f.clause.title ? `: “${esc(f.clause.title)}”` : ''}. Source: ${esc(f.clause.source)}</span>` : ''}</td>
<td>${esc(f.status)}${f.verdict ? `<br><span class="muted">${esc([f.verdict.reason, f.verdict.analyst, f.verdict.updated_at.slice(0, 10)].filter(Boolean).join(' · '))}</span>` : ''}</td>
<td>${f.evidence.map((e) => esc(ref(e))).join('<br>')}</td></tr>`).join('\n');

  const notes = data.notes.map((n) => `<tr><td class="date">${esc(n.created_at.slice(0, 16).replace('T', ' '))}</td><td>${esc(n.analyst ?? '')}</td><td>${esc(n.subject)}</td><td>${esc(n.body)}</td></tr>`).join('\n');

  const timeline = chain.timeline.map((t, i) => `<tr><td class="num">${i + 1}</td><td class="date">${esc(t.date)}</td><td>${esc(t.kind)}</td><td>${esc(t.party ?? '')}</td>
<td class="num">${esc(t.odometer_km ?? '')}</td><td>${esc(t.detail)}</td><td>${[t.evidence, ...t.sources].map((e) => esc(ref(e))).join('<br>')}</td></tr>`).join('\n');

  const sources = data.sources.map((s) => `<tr><td>${esc(s.file_name)}</td><td class="hash">${esc(s.sha256)}</td><td>${esc(s.places.join(', '))}</td></tr>`).join('\n');

  return `<section class="sheet${first ? '' : ' next'}" data-vin="${esc(chain.vin)}">
${withHeader ? headerBlock(data.header, `Evidence sheet: ${chain.vin}`) : `<h2 id="v-${esc(chain.vin)}"><a href="#v-${esc(chain.vin)}">Evidence sheet: ${esc(chain.vin)}</a></h2>`}
<p><b>Vehicle</b> ${esc(chain.vin)}${vehicleLine ? ` · ${esc(vehicleLine)}` : ''}</p>
<div class="graph">${chainSvg(chain, { shownCode: code, perRow: options.landscape ? 4 : 3 })}</div>
<h3>Ownership chain</h3>
<table><thead><tr><th>#</th><th>Holder</th><th>Role</th><th>ID</th><th>Acquired</th><th>Price</th><th>Days held</th><th>Record and document</th></tr></thead>
<tbody>${holders || '<tr><td colspan="8" class="muted">No holders recorded.</td></tr>'}</tbody></table>
<h3>Flags</h3>
${runLine(data.run)}
<table><thead><tr><th>Severity</th><th>Rule</th><th>Reason</th><th>Verdict</th><th>Evidence</th></tr></thead>
<tbody>${flags || '<tr><td colspan="5" class="muted">No flags on this vehicle in this run.</td></tr>'}</tbody></table>
${data.notes.length > 0 ? `<h3>Analyst's notes</h3><table><thead><tr><th>When</th><th>Analyst</th><th>On</th><th>Note</th></tr></thead><tbody>${notes}</tbody></table>` : ''}
<h3>Timeline</h3>
${chain.timeline.length > 0 ? `<div class="graph">${timelineSvg(chain, { plotWidth: options.landscape ? 1100 : 880 })}</div>` : ''}
<table><thead><tr><th>#</th><th>Date</th><th>Event</th><th>Party</th><th>km</th><th>Detail</th><th>Record and document</th></tr></thead>
<tbody>${timeline || '<tr><td colspan="7" class="muted">No records.</td></tr>'}</tbody></table>
<h3>Sources</h3>
<table><thead><tr><th>Document</th><th>SHA-256</th><th>Cited at</th></tr></thead>
<tbody>${sources || '<tr><td colspan="3" class="muted">No documents cited.</td></tr>'}</tbody></table>
<p class="facts-digest">Digest of the facts on this sheet (<span class="muted">zeromile verify CASE --digest</span>): <span class="hash">${esc(formatFactsDigest(evidenceFactsDigest(data)))}</span></p>
</section>`;
}

export function htmlPage(title: string, css: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title>
<style>${css}</style></head>
<body>
${body}
</body></html>`;
}

export function evidenceSheetHtml(data: EvidenceSheetData, options: SheetOptions): string {
  return htmlPage(`Evidence sheet ${data.chain.vin}`, pageCss(options, data.header), evidenceSection(data, options));
}
