// Generated bad input files for the reader fuzz test: hand-made nasties (each named for what is
// wrong with it) plus seeded random mutations of good files. Deterministic for a seed.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { withCheckDigit } from '../../shared/vin';
import { sheetXml, xlsx, zip } from './zip';
import { createRng } from '../../electron/backend/demo/random';

export type BadInput = { name: string; path: string };

export function rng(seed: number): () => number {
  // The demo generator's seeded generator: one implementation for every generated input.
  return createRng(seed).next;
}

const HEADER = 'VIN,品牌,车型,燃料种类,生产日期';
const vin = (i: number) => withCheckDigit(`LGXCE4CB0NA${String(i).padStart(6, '0')}`);
const row = (i: number) => `${vin(i)},BYD,Seal,BEV,2024-03-05`;
export const goodCsv = (rows: number, first = 0) => [HEADER, ...Array.from({ length: rows }, (_, i) => row(first + i))].join('\n') + '\n';

/** A small PDF with one page of text (xref offsets computed, so it is well-formed). */
export function minimalPdf(text: string): Buffer {
  const stream = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
  return pdfOfObjects([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]);
}

/** A PDF of these objects (numbered from 1, the first the catalog) with a correct cross-reference table. */
export function pdfOfObjects(objects: string[]): Buffer {
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => { offsets.push(out.length); out += `${i + 1} 0 obj\n${body}\nendobj\n`; });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

function randomBytes(random: () => number, n: number): Buffer {
  const bytes = Buffer.alloc(n);
  for (let i = 0; i < n; i++) bytes[i] = Math.floor(random() * 256);
  return bytes;
}

/** One random damage to a good file: flip, insert quotes or NULs, cut, splice, duplicate. */
function mutate(random: () => number, good: Buffer): Buffer {
  const bytes = Buffer.from(good);
  const at = () => Math.floor(random() * bytes.length);
  switch (Math.floor(random() * 7)) {
    case 0: { for (let i = 0; i < 1 + random() * 20; i++) bytes[at()] = Math.floor(random() * 256); return bytes; }
    case 1: { const p = at(); return Buffer.concat([bytes.subarray(0, p), Buffer.from('"'), bytes.subarray(p)]); }
    case 2: { const p = at(); return Buffer.concat([bytes.subarray(0, p), Buffer.alloc(1 + Math.floor(random() * 8)), bytes.subarray(p)]); }
    case 3: return bytes.subarray(0, at());
    case 4: { const p = at(); const q = at(); return Buffer.concat([bytes.subarray(0, Math.min(p, q)), bytes.subarray(Math.max(p, q))]); }
    case 5: { const p = at(); return Buffer.concat([bytes.subarray(0, p), randomBytes(random, 1 + Math.floor(random() * 64)), bytes.subarray(p)]); }
    default: { const p = at(); const q = at(); return Buffer.concat([bytes, bytes.subarray(Math.min(p, q), Math.max(p, q))]); }
  }
}

/** Writes every bad input into `dir`; `mutations` random damages of each good format. */
export function writeBadInputs(dir: string, seed: number, mutations: { csv: number; xlsx: number; pdf: number; random: number }): BadInput[] {
  const random = rng(seed);
  const inputs: BadInput[] = [];
  const add = (name: string, data: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, data);
    inputs.push({ name, path });
  };
  const five = 'x'.repeat(5 * 1024 * 1024);

  // CSV: quoting, encodings, NUL bytes, sizes, shapes.
  add('unbalanced-quote.csv', `${HEADER}\n${row(1)}\n"${vin(2)},BYD,Seal,BEV,2024-03-05\n${row(3)}\n`);
  add('unbalanced-quote-at-end.csv', `${HEADER}\n${row(1)}\n${vin(2)},"BYD,Seal,BEV,2024-03-05\n`);
  add('quote-inside-cell.csv', `${HEADER}\n${vin(1)},B"Y"D,Seal,BEV,2024-03-05\n${row(2)}\n`);
  add('mixed-encodings.csv', Buffer.concat([Buffer.from(`${HEADER}\n${row(1)}\n`), iconv.encode(`${vin(2)},比亚迪,海豹,BEV,2024年3月5日\n`, 'gb18030'), Buffer.from(`${row(3)}\n`)]));
  add('gbk-throughout.csv', iconv.encode(`车辆识别代号,品牌,车型\n${vin(1)},比亚迪,海豹\n`, 'gb18030'));
  add('utf16le-bom.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(goodCsv(3), 'utf16le')]));
  add('utf16be-bom.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(goodCsv(3), 'utf16le').swap16()]));
  add('utf16le-no-bom.csv', Buffer.from(goodCsv(3), 'utf16le'));
  add('invalid-utf8.csv', Buffer.concat([Buffer.from(`${HEADER}\n`), Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0x2c]), Buffer.from(`\n${row(1)}\n`)]));
  add('nul-bytes-early.csv', `${HEADER}\n${vin(1)},BY\u0000D,Seal,BEV,2024-03-05\n`);
  add('nul-bytes-late.csv', `${goodCsv(400)}${vin(999)},BY\u0000\u0000D,Se\u0000al,BEV,2024-03-05\n`);
  add('five-mb-cell.csv', `${HEADER}\n${vin(1)},${five},Seal,BEV,2024-03-05\n${row(2)}\n`);
  add('five-mb-quoted-cell.csv', `${HEADER}\n${vin(1)},"${five.slice(0, 2_000_000)}\n${five.slice(0, 3_000_000)}",Seal,BEV,2024-03-05\n`);
  add('five-mb-header.csv', `${five}\n${row(1)}\n`);
  add('ten-thousand-columns.csv', `VIN,${Array.from({ length: 9999 }, (_, i) => `extra_${i}`).join(',')}\n${[1, 2, 3].map((i) => `${vin(i)}${',x'.repeat(9999)}`).join('\n')}\n`);
  add('ten-thousand-columns-header-only.csv', `${Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(',')}\n`);
  add('header-only.csv', `${HEADER}\n`);
  add('header-only-no-newline.csv', HEADER);
  add('empty.csv', '');
  add('bom-only.csv', Buffer.from([0xef, 0xbb, 0xbf]));
  add('only-newlines.csv', '\n\n\r\n\n');
  add('only-commas.csv', ',,,,\n,,,,\n');
  add('unknown-headers.csv', 'foo,bar,baz\n1,2,3\n');
  add('ragged-rows.csv', `${HEADER}\n${vin(1)},BYD\n${row(2)},extra,cells,here\n${vin(3)}\n`);
  add('duplicate-headers.csv', `VIN,VIN,品牌,品牌\n${vin(1)},${vin(2)},BYD,Chery\n`);
  add('formula-cells.csv', `${HEADER}\n${vin(1)},=HYPERLINK("http://x","click"),+cmd|' /C calc'!A0,-2+3,@SUM(A1)\n`);
  add('html-in-cells.csv', `${HEADER}\n${vin(1)},<img src=x onerror=alert(1)>,<script>alert(1)</script>,BEV,2024-03-05\n`);
  add('cr-only-newlines.csv', goodCsv(3).replaceAll('\n', '\r'));
  add('semicolons.csv', goodCsv(3).replaceAll(',', ';'));
  add('garbage-values.csv', `${HEADER}\n${vin(1)},BYD,Seal,BEV,9999-99-99\n${vin(2)},BYD,Seal,BEV,${'9'.repeat(400)}\nNOTAVIN,,,,\n`);
  add('long-line-no-newline.csv', `${HEADER}\n${'a,'.repeat(1_000_000)}`);
  add('random-bytes.csv', randomBytes(random, 20_000));
  add('printable-noise.csv', Buffer.from(Array.from({ length: 50_000 }, () => 32 + Math.floor(random() * 95))));

  // JSON lines.
  add('truncated.jsonl', `{"vin": "${vin(1)}", "make": "BYD"}\n{"vin": "${vin(2)}", "ma`);
  add('mixed-values.jsonl', `{"vin": "${vin(1)}"}\n[1,2,3]\n42\n"text"\nnull\n{"vin": {"nested": true}}\n`);
  add('deep-nesting.jsonl', `{"vin": ${'['.repeat(5000)}${']'.repeat(5000)}}\n`);
  add('not-json.jsonl', `{ this is not json }\n{"vin": "${vin(1)}"}\n`);

  // XLSX: zip bombs, broken XML, broken zips.
  const bombXml = `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>VIN</t></is></c></row>${' '.repeat(24 * 1024 * 1024)}</sheetData></worksheet>`;
  add('zip-bomb-whitespace.xlsx', xlsx(bombXml));
  const bombCell = `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>VIN</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>${'A'.repeat(12 * 1024 * 1024)}</t></is></c></row></sheetData></worksheet>`;
  add('zip-bomb-one-cell.xlsx', xlsx(bombCell));
  add('zip-bomb-lying-sizes.xlsx', xlsx(sheetXml([['VIN'], [vin(1)]]), 0xfffffff0));
  add('entity-expansion.xlsx', xlsx(`<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol4;</t></is></c></row></sheetData></worksheet>`));
  const goodXlsx = xlsx(sheetXml([HEADER.split(','), ...[1, 2, 3].map((i) => row(i).split(','))]));
  const sheet = sheetXml([HEADER.split(','), row(1).split(',')]);
  add('broken-xml-truncated.xlsx', xlsx(sheet.slice(0, Math.floor(sheet.length * 0.7))));
  add('broken-xml-unclosed.xlsx', xlsx(sheet.replace('</row>', '')));
  add('broken-xml-garbage.xlsx', xlsx('<<<not xml at all>>> & < >'));
  add('xlsx-no-workbook.xlsx', zip([{ name: 'hello.txt', data: 'hello' }]));
  add('xlsx-empty-sheet.xlsx', xlsx(sheetXml([])));
  add('xlsx-truncated.xlsx', goodXlsx.subarray(0, Math.floor(goodXlsx.length / 2)));
  add('xlsx-pk-then-garbage.xlsx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(random, 3000)]));
  add('xlsx-ten-thousand-columns.xlsx', xlsx(sheetXml([['VIN', ...Array.from({ length: 9999 }, (_, i) => `c${i}`)], [vin(1), ...Array.from({ length: 9999 }, () => 'x')]])));

  // PDFs and images.
  const pdf = minimalPdf(`VIN ${vin(1)}`);
  add('truncated.pdf', pdf.subarray(0, Math.floor(pdf.length / 2)));
  add('header-only.pdf', '%PDF-1.7\n');
  add('pdf-then-garbage.pdf', Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(random, 5000)]));
  add('truncated.png', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(random, 200)]));
  add('truncated.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]));
  add('old-excel.xls', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), randomBytes(random, 1000)]));

  // Random bytes under every name a user might give them.
  for (let i = 0; i < mutations.random; i++) {
    const ext = ['.csv', '.xlsx', '.pdf', '.jsonl', '.txt', ''][i % 6];
    add(`random-${i}${ext}`, randomBytes(random, 1 + Math.floor(random() * 30_000)));
  }
  // Seeded mutations of good files.
  const good = Buffer.from(goodCsv(60, 5000));
  for (let i = 0; i < mutations.csv; i++) add(`mutated-${i}.csv`, mutate(random, good));
  for (let i = 0; i < mutations.xlsx; i++) add(`mutated-${i}.xlsx`, mutate(random, goodXlsx));
  for (let i = 0; i < mutations.pdf; i++) add(`mutated-${i}.pdf`, mutate(random, pdf));
  return inputs;
}
