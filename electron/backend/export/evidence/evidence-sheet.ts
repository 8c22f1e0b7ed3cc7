import type { ChainHolder, EvidenceRef } from '../../../../shared/contract/chain';
import { esc, money } from '../markup';
import { shownHolderCode, type MaskOptions } from '../../../../shared/party-id';
import { chainSvg } from './chain-svg';
import { evidenceFactsDigest, formatFactsDigest } from './facts-digest';
import type { EvidenceSheetData, PrintHeader, RunInfo } from './evidence-data';
import { pageCss, type PageSetup } from './page-style';
import { printText, type PrintText } from './print-text';
import { packSourceMessage } from '../../../../shared/pack-source';
import { ruleParamLabelKey, runWindowDays } from '../../../../shared/rules';
import { timelineSvg } from './timeline-svg';
import { staleBlock } from './stale-print';
import { citedPlace, type CitedPlace } from '../../../../shared/citation';
import { makerFromWmiMessage } from '../../../../shared/maker-from-wmi';
import { markLines, marksByRecord, markSign, recordKey } from './marks-print';
import { isDateField, isPriceField, splitDateMarks } from '../../../../shared/value-marks';

/**
 * The evidence sheet of one vehicle as one self-contained HTML page (no scripts, no external
 * files): header, the chain graph as inline SVG, the chain table, flags with the run and the
 * analyst's verdicts and notes, the timeline (drawn as on the vehicle screen, then as a table),
 * and every cited document with its SHA-256.
 * Every value from the case file goes through esc(); every word of the page's own comes from the
 * print catalogue of the chosen language (options.lang, English by default).
 */
export type SheetOptions = PageSetup & MaskOptions;

/** On paper a cited 第 N 行 / 第 N 页 keeps together: a table cell never breaks it after the number (exports keep plain spaces). */
const unbroken = (place: string): string => place.replace(/第 (\d+) ([行页])/g, '第\u00a0$1\u00a0$2');

export const ref = (e: EvidenceRef | null, text: PrintText = printText()): string => {
  if (!e) return '';
  const place = unbroken(text.msg(citedPlace(e), ''));
  // A further source of a record (record_sources) has a negative id, which means nothing on paper:
  // it is cited by its own document and row, after the record it confirms.
  if (e.record_id < 0) return text.t('print.ref_also', { file: e.file_name, place });
  return text.t('print.ref', { kind: text.code('print.kind', e.record_kind), id: e.record_id, file: e.file_name, place });
};

/** A cited place ("sheet 登记, row 3", "row 4", "page 2"), in the page's language. */
const placeText = (place: CitedPlace, text: PrintText): string => unbroken(text.msg(citedPlace(place), '').trimStart());

const holderCode = (options: MaskOptions) => (h: ChainHolder): string | null => shownHolderCode(h, options);

const printedAt = (iso: string, text: PrintText) => text.t('print.utc', { time: iso.replace('T', ' ').slice(0, 19) });

export function headerBlock(header: PrintHeader, heading: string, text: PrintText = printText()): string {
  const analyst = header.organisation ? text.t('print.analyst_org', { analyst: header.analyst ?? '—', organisation: header.organisation }) : header.analyst ?? '—';
  return `<header>
${header.classification ? `<div class="classification">${esc(header.classification)}</div>` : ''}
<h1>${esc(heading)}</h1>
<dl class="meta">
<dt>${esc(text.t('print.case'))}</dt><dd>${esc(header.case_number ? text.t('print.case_no', { title: text.caseTitle(header.title), no: header.case_number }) : text.caseTitle(header.title))}</dd>
${header.subject ? `<dt>${esc(text.t('print.subject'))}</dt><dd>${esc(header.subject)}</dd>` : ''}
<dt>${esc(text.t('print.analyst'))}</dt><dd>${esc(analyst)}</dd>
<dt>${esc(text.t('print.printed'))}</dt><dd>${esc(printedAt(header.printed, text))}</dd>
<dt>${esc(text.t('print.audit_head'))}</dt><dd class="hash">${esc(header.audit_head)}</dd>
</dl>
</header>`;
}

export function runLine(run: RunInfo | null, text: PrintText = printText()): string {
  if (!run) return `<p class="muted">${esc(text.t('print.no_run'))}</p>`;
  let params = run.params;
  try {
    // Each parameter by its label where it has one (as the Rule runs screen shows it), else by its name.
    const label = (name: string) => { const key = ruleParamLabelKey(name); return key ? text.t(key) : name; };
    params = Object.entries(JSON.parse(run.params) as Record<string, unknown>).map(([k, v]) => text.t('print.param', { name: label(k), value: String(v) }))
      .join(text.lang === 'zh' ? '；' : '; ');
  } catch {
    // Shown as stored.
  }
  // The times as the sheet's own printed time is (date, time, UTC), not raw ISO.
  const line = text.t('print.run', { id: run.id, started: printedAt(run.started, text), finished: run.finished ? text.t('print.run_finished', { finished: printedAt(run.finished, text) }) : null, version: run.app_version });
  return `<p>${esc(line)}<br><span class="muted">${esc(text.t('print.parameters', { params }))}</span></p>`;
}

const table = (heads: string[], rows: string, empty: string) =>
  `<table><thead><tr>${heads.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>
<tbody>${rows || `<tr><td colspan="${heads.length}" class="muted">${esc(empty)}</td></tr>`}</tbody></table>`;

/**
 * The body of one sheet (no <html>): the case report and evidence packs put several in one page.
 * Without its header, the heading links to itself: the PDF then names where the sheet starts.
 * `first` is false for the second and later sheets of a report, which start on a new page.
 */
export function evidenceSection(data: EvidenceSheetData, options: SheetOptions, withHeader = true, first = true): string {
  const text = printText(options.lang);
  const { t } = text;
  const cite = (e: EvidenceRef | null) => ref(e, text);
  const { chain } = data;
  const v = chain.vehicle;
  const vehicleLine = [v.maker ? text.maker(v.maker) : null, v.make, v.model, v.model_year ? t('print.model_year', { year: v.model_year }) : null,
    v.fuel_type ? text.code('fuel', v.fuel_type) : null, v.production_date ? t('print.built', { date: v.production_date }) : null].filter(Boolean).join(' · ');
  const code = holderCode(options);
  // A holder some record names without its identifier: the link is a name, said beside the ID.
  const byName = (h: ChainHolder) => (h.by_name.length === 0 ? ''
    : `<br><span class="by-name">${esc(t('print.by_name', { records: h.by_name.map((e) => cite(e)).join('; ') }))}</span>`);

  // A value read differently from how its file wrote it carries its ≠ and the text as written, as on the vehicle screen.
  const marks = marksByRecord(chain);
  const holders = chain.holders.map((h, i) => {
    const held = h.evidence ? marks.get(recordKey(h.evidence)) ?? [] : [];
    const dateMarks = h.acquired === null ? [] : held.filter((m) => isDateField(m.field));
    const priceMarks = h.price === null ? [] : held.filter((m) => isPriceField(m.field));
    // A maker taken from the VIN's WMI, not from a record, says so in a row under its own, the width of the table.
    const fromWmi = makerFromWmiMessage(h);
    const inferred = fromWmi ? `\n<tr class="inferred-row"><td></td><td colspan="7" class="inferred">* ${esc(text.msg(fromWmi, ''))}</td></tr>` : '';
    return `<tr><td class="num">${i + 1}</td><td>${esc(h.name)}</td><td class="term">${esc(text.role(h.role))}${fromWmi ? ' *' : ''}</td>
<td>${esc(code(h) ?? '')}${byName(h)}</td><td class="date">${esc(h.acquired ?? '')}${markSign(dateMarks, text)}</td><td class="num">${esc(money(h.price))}${markSign(priceMarks, text)}</td>
<td class="num">${esc(h.days_held ?? '')}</td><td>${esc(cite(h.evidence))}${markLines([...dateMarks, ...priceMarks], text)}</td></tr>${inferred}`;
  }).join('\n');

  const clause = (c: NonNullable<EvidenceSheetData['flags'][number]['clause']>) => t('print.clause', {
    clause: c.id, pack: c.pack, version: c.version, revision: c.revision, title: c.title ? t('print.clause_title', { title: (text.lang === 'zh' ? c.title_zh : null) ?? c.title }) : null,
    source: text.msg(packSourceMessage(c.source), c.source),
  }) + (c.removed_at ? t('print.clause_removed', { date: c.removed_at.slice(0, 10) }) : '');
  const flags = data.flags.map((f) => `<tr><td class="term sev-${esc(f.severity)}">${esc(text.code('print.severity', f.severity))}</td><td class="term">${esc(text.rule(f.rule))}</td><td>${esc(text.msg(f.reason_msg, f.reason))}${f.clause ? `<br><span class="clause">${esc(clause(f.clause))}</span>` : ''}</td>
<td><span class="term">${esc(text.code('print.status', f.status))}</span>${f.verdict ? `<br><span class="muted">${esc([f.verdict.reason, f.verdict.analyst ?? t('print.no_analyst'), f.verdict.updated_at.slice(0, 10)].filter(Boolean).join(' · '))}</span>` : ''}</td>
<td>${f.evidence.map((e) => esc(cite(e))).join('<br>')}</td></tr>`).join('\n');

  const noteSubject = (s: string) => (s === 'vehicle' ? t('print.note_vehicle') : s.startsWith('flag ') ? t('print.note_flag', { key: s.slice(5) }) : s);
  const notes = data.notes.map((n) => `<tr><td class="date">${esc(n.created_at.slice(0, 16).replace('T', ' '))}</td><td>${esc(n.analyst ?? t('print.no_analyst'))}</td><td>${esc(noteSubject(n.subject))}</td><td>${esc(n.body)}</td></tr>`).join('\n');

  const timeline = chain.timeline.map((e, i) => {
    const [dateMarks, otherMarks] = splitDateMarks(e.marks);
    return `<tr><td class="num">${i + 1}</td><td class="date">${esc(e.date)}${markSign(dateMarks, text)}</td><td class="term">${esc(text.code('print.event', e.kind))}</td><td>${esc(e.party ?? '')}</td>
<td class="num">${esc(e.odometer_km ?? '')}</td><td>${esc(text.msg(e.detail_msg, e.detail))}${markSign(otherMarks, text)}${markLines(e.marks ?? [], text)}</td><td>${[e.evidence, ...e.sources].map((r) => esc(cite(r))).join('<br>')}</td></tr>`;
  }).join('\n');

  const sources = data.sources.map((s) => `<tr><td>${esc(s.file_name)}</td><td class="hash">${esc(s.sha256)}</td><td>${esc(s.places.map((p) => placeText(p, text)).join(text.lang === 'zh' ? '、' : ', '))}</td></tr>`).join('\n');

  const heading = t('print.evidence_sheet', { vin: chain.vin });
  return `<section class="sheet${first ? '' : ' next'}" data-vin="${esc(chain.vin)}">
${withHeader ? headerBlock(data.header, heading, text) : `<h2 id="v-${esc(chain.vin)}"><a href="#v-${esc(chain.vin)}">${esc(heading)}</a></h2>`}
<p><b>${esc(t('print.vehicle'))}</b> ${esc(chain.vin)}${vehicleLine ? ` · ${esc(vehicleLine)}` : ''}</p>
<div class="graph">${chainSvg(chain, { shownCode: code, perRow: options.landscape ? 4 : 3, text })}</div>
<h3>${esc(t('print.ownership_chain'))}</h3>
${table(['#', t('print.holder'), t('print.role'), t('print.id'), t('print.acquired'), t('print.price'), t('print.days_held'), t('print.record_document')], holders, t('print.no_holders'))}
<h3>${esc(t('print.flags'))}</h3>
${runLine(data.run, text)}
${staleBlock(data.freshness, text)}
${table([t('print.severity'), t('print.rule'), t('print.reason'), t('print.verdict'), t('print.evidence')], flags, t('print.no_flags_vehicle'))}
${data.notes.length > 0 ? `<h3>${esc(t('print.notes'))}</h3>${table([t('print.when'), t('print.analyst'), t('print.on'), t('print.note')], notes, '')}` : ''}
<h3>${esc(t('print.timeline'))}</h3>
${chain.timeline.length > 0 ? `<div class="graph">${timelineSvg(chain, { plotWidth: options.landscape ? 1100 : 880, text, windowDays: runWindowDays(data.run?.params) })}</div>` : ''}
${table(['#', t('print.date'), t('print.event'), t('print.party'), t('print.km'), t('print.detail'), t('print.record_document')], timeline, t('print.no_records'))}
<h3>${esc(t('print.sources'))}</h3>
${table([t('print.document'), t('print.sha256'), t('print.cited_at')], sources, t('print.no_documents_cited'))}
<p class="facts-digest">${esc(t('print.digest'))} (<span class="muted">zeromile verify CASE --digest</span>): <span class="hash">${esc(formatFactsDigest(evidenceFactsDigest(data)))}</span></p>
</section>`;
}

export function htmlPage(title: string, css: string, body: string, lang = 'en'): string {
  return `<!DOCTYPE html>
<html lang="${esc(lang)}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title>
<style>${css}</style></head>
<body>
${body}
</body></html>`;
}

export function evidenceSheetHtml(data: EvidenceSheetData, options: SheetOptions): string {
  const text = printText(options.lang);
  return htmlPage(text.t('print.evidence_sheet', { vin: data.chain.vin }), pageCss(options, data.header), evidenceSection(data, options), text.htmlLang);
}
