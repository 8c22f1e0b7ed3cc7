/**
 * The page count and named destinations (page index of each) of a PDF that Chromium has just
 * printed, read straight from its bytes. Chromium (Skia) writes a classic cross-reference table and
 * keeps every object outside streams, so the catalog, the page tree and the /Dests dictionary are
 * a few small reads. pdfjs read the same in a few milliseconds more but left about 4 MB of garbage
 * per chunk of an evidence pack, which V8 collected only once the CLI's heap passed 250 MB.
 * Anything else (an xref stream, objects in streams, a damaged table) gives null: the caller then
 * reads the PDF with pdfjs.
 */
export type PrintedPdfFacts = { pages: number; starts: Map<string, number> };

const REF = /(\d+)\s+\d+\s+R/;

export function printedPdfFacts(bytes: Buffer): PrintedPdfFacts | null {
  const tail = bytes.subarray(Math.max(0, bytes.length - 1024)).toString('latin1');
  const startxref = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!startxref) return null;
  const table = Number(startxref[1]);
  const head = bytes.subarray(table, table + 64).toString('latin1');
  const section = /^xref\s+0\s+(\d+)\s*\n/.exec(head);
  if (!section) return null;
  const count = Number(section[1]);
  const entries = table + section[0].length;
  const trailerAt = entries + count * 20;
  const trailer = /^\s*trailer\s*<<([\s\S]*?)>>/.exec(bytes.subarray(trailerAt, trailerAt + 512).toString('latin1'));
  const root = trailer && REF.exec(/\/Root\s+\d+\s+\d+\s+R/.exec(trailer[1]!)?.[0] ?? '');
  if (!root) return null;

  /** The text of object `n` between "n 0 obj" and "endobj" (small objects only: dictionaries). */
  const object = (n: number): string | null => {
    if (n <= 0 || n >= count) return null;
    const entry = bytes.subarray(entries + n * 20, entries + n * 20 + 18).toString('latin1');
    const m = /^(\d{10}) (\d{5}) n/.exec(entry);
    if (!m) return null;
    const at = Number(m[1]);
    const end = bytes.indexOf('endobj', at, 'latin1');
    if (end < 0 || end - at > 1 << 20) return null;
    const text = bytes.subarray(at, end).toString('latin1');
    return text.startsWith(`${n} 0 obj`) ? text : null;
  };
  const refIn = (dict: string, key: string): number | null => {
    const m = new RegExp(`/${key}\\s+(\\d+)\\s+\\d+\\s+R`).exec(dict);
    return m ? Number(m[1]) : null;
  };

  const catalog = object(Number(root[1]));
  const pagesRoot = catalog && refIn(catalog, 'Pages');
  if (!catalog || !pagesRoot) return null;
  // The page tree in order: /Pages nodes hold /Kids, leaves are /Page.
  const order: number[] = [];
  const walk = (n: number, depth: number): boolean => {
    const node = object(n);
    if (!node || depth > 32) return false;
    if (/\/Type\s*\/Pages\b/.test(node)) {
      const kids = /\/Kids\s*\[([^\]]*)\]/.exec(node);
      if (!kids) return false;
      return [...kids[1]!.matchAll(/(\d+)\s+\d+\s+R/g)].every((k) => walk(Number(k[1]), depth + 1));
    }
    if (!/\/Type\s*\/Page\b/.test(node)) return false;
    order.push(n);
    return true;
  };
  if (!walk(pagesRoot, 0)) return null;
  const index = new Map(order.map((n, i) => [n, i]));

  const starts = new Map<string, number>();
  const destsRef = refIn(catalog, 'Dests');
  if (destsRef !== null) {
    const dests = object(destsRef);
    if (!dests) return null;
    for (const m of dests.matchAll(/\/([^\s/[\]<>()]+)\s*\[\s*(\d+)\s+\d+\s+R/g)) {
      const page = index.get(Number(m[2]));
      if (page === undefined) return null;
      starts.set(m[1]!.replace(/#([0-9A-Fa-f]{2})/g, (_x, hex: string) => String.fromCharCode(parseInt(hex, 16))), page);
    }
  }
  return { pages: order.length, starts };
}
