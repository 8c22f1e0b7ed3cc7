// The investigators' computers are in China (UTC+8): set before anything reads the zone, so that a
// date read through the computer's zone would come out a day early here as it did there.
process.env.TZ = 'Asia/Shanghai';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../../electron/backend/import/import-files';
import { zip } from '../../fuzz/zip';
import { BUYER_USCC, SELLER_USCC, vinNo, workspace, type Workspace } from './import-helpers';

// Dates in workbooks the probe of helper-65 found read wrong without a word: every date of a
// workbook in the 1904 date system (Excel for Mac's older default, still in files passed around)
// came out 70 years and 2 days late (5 January 2026 as 7 January 2096), and a cell of type d
// (ISO text, `2026-01-05T00:00:00`) was read in the computer's zone, so in China a day early.

let ws: Workspace;
beforeEach(() => { ws = workspace(); });
afterEach(() => ws.done());

const HEADERS = ['发票号码', '开票日期', 'VIN', '销货单位名称', '销货单位纳税人识别号', '购买方名称', '购买方纳税人识别号', '价税合计'];
const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
// Style 1: numFmtId 14 (the short date); style 2: a custom Chinese date format; style 3: numFmtId 22 (date and time).
const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="165" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>
<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="165" applyNumberFormat="1"/><xf numFmtId="22" applyNumberFormat="1"/></cellXfs></styleSheet>`;

function workbook(date1904: boolean, dateCells: string[], base = 0): Buffer {
  const header = HEADERS.map((h, i) => inline(`${String.fromCharCode(65 + i)}1`, h)).join('');
  const rows = dateCells.map((cell, i) => {
    const r = i + 2;
    return `<row r="${r}">${[inline(`A${r}`, String(base + 1000 + i)), cell.replace('@', `B${r}`), inline(`C${r}`, vinNo(base + i + 1)), inline(`D${r}`, '比亚迪汽车工业有限公司'),
      inline(`E${r}`, SELLER_USCC), inline(`F${r}`, '重庆两江汽车贸易有限公司'), inline(`G${r}`, BUYER_USCC), `<c r="H${r}"><v>100000</v></c>`].join('')}</row>`;
  }).join('');
  const sheet = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">${header}</row>${rows}</sheetData></worksheet>`;
  return zip([
    { name: '[Content_Types].xml', data: '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>' },
    { name: '_rels/.rels', data: '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>' },
    { name: 'xl/workbook.xml', data: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">${date1904 ? '<workbookPr date1904="1"/>' : '<workbookPr/>'}<sheets><sheet name="发票" sheetId="1" r:id="rId1"/></sheets></workbook>` },
    { name: 'xl/_rels/workbook.xml.rels', data: '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>' },
    { name: 'xl/worksheets/sheet1.xml', data: sheet },
    { name: 'xl/styles.xml', data: STYLES },
  ]);
}

async function invoiceDates(name: string, bytes: Buffer): Promise<string[]> {
  const [result] = await importFiles(ws.caseFile, [{ path: ws.file(name, bytes) }]);
  expect(result!.refused?.message).toBeUndefined();
  expect(result!.rejected).toBe(0);
  return (ws.caseFile.db.prepare('SELECT invoice_date FROM sales JOIN documents d ON d.id = sales.document_id WHERE d.file_name = ? ORDER BY row_no').pluck().all(name) as string[]);
}

describe('dates in workbooks', () => {
  it('reads a 1904-system workbook\'s dates as the sheet shows them, whatever their format', async () => {
    // 5 January 2026 is day 46027 of the 1900 system and day 44565 of the 1904 system.
    const cells = ['<c r="@" s="1"><v>44565</v></c>', '<c r="@" s="2"><v>44565</v></c>', '<c r="@" s="3"><v>44565.5</v></c>', '<c r="@" s="1"><v>44566</v></c>'];
    expect(await invoiceDates('mac.xlsx', workbook(true, cells))).toEqual(['2026-01-05', '2026-01-05', '2026-01-05', '2026-01-06']);
    // The same days in the 1900 system, as before.
    const cells1900 = cells.map((c) => c.replace('44565', '46027').replace('44566', '46028'));
    expect(await invoiceDates('windows.xlsx', workbook(false, cells1900, 100))).toEqual(['2026-01-05', '2026-01-05', '2026-01-05', '2026-01-06']);
  });

  it('reads a cell of type d as its date is written, not through the computer\'s time zone', async () => {
    expect(new Date('2026-01-05T00:00:00').getTimezoneOffset()).toBe(-480);
    const cells = ['<c r="@" t="d"><v>2026-01-05T00:00:00</v></c>', '<c r="@" t="d"><v>2026-01-05</v></c>', '<c r="@" t="d"><v>2026-01-05T23:30:00</v></c>', '<c r="@" t="d"><v>2026-01-06T00:00:00.000</v></c>'];
    expect(await invoiceDates('typed.xlsx', workbook(false, cells))).toEqual(['2026-01-05', '2026-01-05', '2026-01-05', '2026-01-06']);
  });
});
