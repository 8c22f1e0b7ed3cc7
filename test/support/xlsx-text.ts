// Workbooks of text written byte for byte as Excel stores it (shared strings or inline strings, plain
// or rich text), for the tests that read every cell back: exceljs's writer cannot choose the storage
// per cell, and the bytes must be known to place characters across the reader's pieces.
import { zip } from '../fuzz/zip';

export type Storage = 'shared' | 'inline';
/** A cell's text, and whether it is written as rich text (runs of a few characters each). */
export type TextCell = { text: string; rich?: boolean };

const escapeXml = (text: string) => text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);

function column(i: number): string {
  let name = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** A string item's content: one <t>, or runs split on whole code points with a font on every other one. */
function stringItem(cell: TextCell): string {
  if (!cell.rich) return `<t xml:space="preserve">${escapeXml(cell.text)}</t>`;
  const points = [...cell.text];
  let runs = '';
  for (let i = 0, n = 0; i < points.length; i += 3, n++) {
    const font = n % 2 === 1 ? '<rPr><b/><sz val="11"/><rFont val="宋体"/></rPr>' : '';
    runs += `<r>${font}<t xml:space="preserve">${escapeXml(points.slice(i, i + 3).join(''))}</t></r>`;
  }
  return runs;
}

/** An XLSX of one sheet named `sheetName` holding `rows`, every cell a string in the given storage. */
export function textWorkbook(sheetName: string, rows: TextCell[][], storage: Storage): Buffer {
  const shared: string[] = [];
  const index = new Map<string, number>();
  const sheetRows: string[] = [];
  rows.forEach((cells, r) => {
    const xmlCells = cells.map((cell, i) => {
      const ref = `${column(i)}${r + 1}`;
      if (storage === 'inline') return `<c r="${ref}" t="inlineStr"><is>${stringItem(cell)}</is></c>`;
      const key = `${cell.rich ? 'r' : 'p'}${cell.text}`;
      let n = index.get(key);
      if (n === undefined) {
        n = shared.push(`<si>${stringItem(cell)}</si>`) - 1;
        index.set(key, n);
      }
      return `<c r="${ref}" t="s"><v>${n}</v></c>`;
    });
    sheetRows.push(`<row r="${r + 1}">${xmlCells.join('')}</row>`);
  });
  const head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
  const main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const entries = [
    { name: '[Content_Types].xml', data: `${head}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>` },
    { name: '_rels/.rels', data: `${head}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>` },
    { name: 'xl/workbook.xml', data: `${head}<workbook ${main} xmlns:r="${rel}"><sheets><sheet name="${escapeXml(sheetName)}" sheetId="1" r:id="rId1"/></sheets></workbook>` },
    { name: 'xl/_rels/workbook.xml.rels', data: `${head}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>` },
  ];
  // Shared strings come before the sheet, as Excel writes them (exceljs reads a sheet that comes first from a temporary file).
  if (storage === 'shared') entries.push({ name: 'xl/sharedStrings.xml', data: `${head}<sst ${main} count="${shared.length}" uniqueCount="${shared.length}">${shared.join('')}</sst>` });
  entries.push({ name: 'xl/worksheets/sheet1.xml', data: `${head}<worksheet ${main}><sheetData>${sheetRows.join('')}</sheetData></worksheet>` });
  return zip(entries);
}

const CJK = ['二手车', '乌鲁木齐欧亚国际贸易有限公司', '比亚迪', '宋PLUS', '新疆', '霍尔果斯口岸', '车辆识别代号', '𠀋𡈽', '龍'];
const CYRILLIC = ['ООО Автоимпорт', 'ТОО Астана Моторс', 'Қазақстан', 'Ўзбекистон', 'ёжик', 'Щ'];
const EMOJI = ['🚗', '🇰🇿', '👨‍👩‍👧', '✅', '🛳️', '𝔘'];
const ASCII = ['Astana', 'Motors', 'LLC', '<&>"\'', 'a', 'x1', '2024-03-02'];
const POOLS = [CJK, CYRILLIC, EMOJI, ASCII];

/** Mixed CJK, Cyrillic, emoji and ASCII words joined by single spaces (no edge spaces: a cell as an analyst types it). */
export function mixedText(random: () => number, words = 1 + Math.floor(random() * 5)): string {
  const parts: string[] = [];
  for (let i = 0; i < words; i++) {
    const pool = POOLS[Math.floor(random() * POOLS.length)]!;
    parts.push(pool[Math.floor(random() * pool.length)]!);
  }
  return parts.join(random() < 0.3 ? '' : ' ').trim() || '空';
}
