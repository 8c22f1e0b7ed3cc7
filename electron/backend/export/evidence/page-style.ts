import type { Lang } from '../../../../shared/i18n/message';
import type { PrintHeader } from './evidence-data';
import { printText } from './print-text';

/**
 * The print layout shared by every printer (headless Chromium in the CLI, Electron's printToPDF
 * and print dialog, a browser's print): paper size and orientation in CSS @page, the
 * classification and case in the top margin boxes, "Page x of y" in the bottom one. One layout,
 * so every printer makes the same pages.
 */
export type Paper = 'a4' | 'letter';
/** `lang`: the language of the page's own words (English by default); the case's values print as written. */
export type PageSetup = { paper: Paper; landscape: boolean; lang?: Lang };

/** A CSS string literal: every character but letters and digits as a 6-digit escape, so document text cannot end the string or the style element. */
export function cssString(text: string): string {
  let out = '"';
  for (const ch of text) {
    out += /[A-Za-z0-9]/.test(ch) ? ch : `\\${ch.codePointAt(0)!.toString(16).padStart(6, '0')}`;
  }
  return `${out}"`;
}

export function pageCss(setup: PageSetup, header: PrintHeader): string {
  const text = printText(setup.lang);
  const { t } = text;
  const size = `${setup.paper === 'letter' ? 'letter' : 'A4'} ${setup.landscape ? 'landscape' : 'portrait'}`;
  const classification = header.classification ?? '';
  const caseLine = [header.case_number ? t('print.case_line', { no: header.case_number }) : null, text.caseTitle(header.title)].filter(Boolean).join(' · ');
  const printed = t('print.printed_line', {
    time: header.printed.slice(0, 16).replace('T', ' '),
    by: header.analyst ? t('print.printed_by', { analyst: header.analyst }) : null,
    organisation: header.organisation ? t('print.printed_org', { organisation: header.organisation }) : null,
  });
  // "Page x of y" in the page's language: the catalogue's text around the two counters.
  const [before = '', between = '', after = ''] = t('print.page_of').split(/\{page\}|\{pages\}/);
  const pageOf = `${cssString(before)} counter(page) ${cssString(between)} counter(pages) ${cssString(after)}`;
  return `
@page {
  size: ${size};
  margin: 16mm 13mm 15mm 13mm;
  @top-left { content: ${cssString(classification)}; font: bold 8.5pt sans-serif; color: #b00020; }
  @top-right { content: ${cssString(caseLine)}; font: 8pt sans-serif; color: #333; }
  @bottom-left { content: ${cssString(printed)}; font: 7.5pt sans-serif; color: #555; }
  @bottom-right { content: ${pageOf}; font: 8pt sans-serif; color: #333; }
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font: 9.5pt/1.35 'Noto Sans', 'Noto Sans CJK SC', 'DejaVu Sans', sans-serif; color: #111; }
h1 { font-size: 15pt; margin: 0 0 2mm; }
h2 { font-size: 11.5pt; margin: 5mm 0 2mm; border-bottom: 0.6pt solid #888; padding-bottom: 1mm; break-after: avoid; }
h3 { font-size: 10pt; margin: 3mm 0 1.5mm; break-after: avoid; }
.classification { color: #b00020; font-weight: bold; letter-spacing: 0.05em; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.5mm 4mm; font-size: 8.5pt; margin-bottom: 2mm; }
.meta dt { color: #555; }
.meta dd { margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: 8pt; margin: 1mm 0 3mm; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 0.5pt solid #aaa; padding: 0.8mm 1.2mm; text-align: left; vertical-align: top; }
th { background: #eef1f4; }
/*
 * Chinese has no spaces, so a table sizing its columns would break a CJK word anywhere, down to one
 * character a line (零/公/里/出/口 beside a long reason). Headings and the page's own terms (rule,
 * severity, role, status, event, kind) break only where a space or punctuation allows: in English
 * nothing changes. Names and reasons from the case still break anywhere, or a party's 16-character
 * name would widen its column past the paper.
 */
th, .term { word-break: keep-all; }
td.num { text-align: right; white-space: nowrap; }
.hash { font-family: 'DejaVu Sans Mono', monospace; font-size: 6.8pt; word-break: break-all; }
.graph { break-inside: avoid; width: 100%; margin: 2mm 0; }
.graph svg { display: block; width: 100%; height: auto; max-height: ${setup.landscape ? 120 : 200}mm; }
.sev-high { color: #b00020; font-weight: bold; }
.sev-medium { color: #b35c00; font-weight: bold; }
.sev-low { color: #555; font-weight: bold; }
.muted { color: #666; }
.stale-run { border: 1px solid #b35c00; color: #6b3600; padding: 4px 8px; }
.by-name { color: #7d4e00; font-style: italic; }
.clause { display: block; margin-top: 2pt; color: #333; font-size: 0.92em; }
.inferred { color: #7d4e00; font-style: italic; font-size: 0.92em; }
.inferred-row td { border-top: none; }
.value-mark { color: #7d4e00; font-weight: bold; }
.read-differently { display: block; margin-top: 1pt; color: #7d4e00; font-size: 0.92em; }
.sheet.next { break-before: page; }
td.date { white-space: nowrap; }
.hash { white-space: nowrap; }
.cover { break-after: page; padding-top: 40mm; }
.cover h1 { font-size: 24pt; }
.figures { display: grid; grid-template-columns: repeat(4, 1fr); gap: 3mm; margin: 3mm 0; }
.figure { border: 0.6pt solid #aaa; border-radius: 2mm; padding: 2mm 3mm; }
.figure b { display: block; font-size: 15pt; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 4mm; break-inside: avoid; }
.charts svg { width: 100%; height: auto; }
`;
}
