import { BrowserWindow, dialog } from 'electron';
import { writeGuardedBytes as writeFile } from './backend/files/guarded-write';
import { DIALOG_PRINT_OPTIONS, PDF_OPTIONS, safeFileName, saveFilters, svgSize, type SaveKind } from './backend/export/print-layout';
import { guardWebContents } from './window';

/**
 * Printing in the app. The backend makes the page (handlers print:evidence-html,
 * print:report-html, print:evidence-svg); this file shows it to a printer: the system print
 * dialog, or Save as PDF with webContents.printToPDF, or the chain graph alone as SVG or PNG.
 * The page is loaded into a hidden, sandboxed window with scripts off: it is data, never code.
 */
export type PrintPage = { title: string; html: string };

async function hiddenPage(html: string, size = { width: 1200, height: 900 }): Promise<BrowserWindow> {
  const window = new BrowserWindow({
    show: false,
    width: size.width,
    height: size.height,
    useContentSize: true,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, webSecurity: true, spellcheck: false },
  });
  guardWebContents(window.webContents);
  await window.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`);
  return window;
}

async function askPath(parent: BrowserWindow | null, title: string, kind: SaveKind): Promise<string | null> {
  const options = { title: `Save ${kind.toUpperCase()}`, defaultPath: safeFileName(title, kind), filters: saveFilters(kind) };
  const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}

/** The system print dialog for the page. Resolves false when the analyst cancels. */
export async function printWithDialog(page: PrintPage): Promise<boolean> {
  const window = await hiddenPage(page.html);
  try {
    return await new Promise<boolean>((resolve) => {
      window.webContents.print({ ...DIALOG_PRINT_OPTIONS }, (success) => resolve(success));
    });
  } finally {
    window.destroy();
  }
}

/** The page as PDF bytes, laid out by its own CSS like the CLI's headless Chromium. */
export async function pageToPdf(html: string): Promise<Buffer> {
  const window = await hiddenPage(html);
  try {
    return await window.webContents.printToPDF({ ...PDF_OPTIONS });
  } finally {
    window.destroy();
  }
}

/** Save as PDF: asks where, writes the file; returns its path, or null when cancelled. */
export async function savePdf(parent: BrowserWindow | null, page: PrintPage): Promise<string | null> {
  const path = await askPath(parent, page.title, 'pdf');
  if (!path) return null;
  await writeFile(path, await pageToPdf(page.html));
  return path;
}

/** The chain graph alone: SVG as made by the backend, or PNG captured at twice its size. */
export async function saveGraph(parent: BrowserWindow | null, title: string, svg: string, format: 'svg' | 'png'): Promise<string | null> {
  const path = await askPath(parent, title, format);
  if (!path) return null;
  if (format === 'svg') {
    await writeFile(path, svg);
    return path;
  }
  const size = svgSize(svg) ?? { width: 1200, height: 600 };
  const body = svg.replace(/^<\?xml[^>]*>\s*/, '');
  const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><style>html,body{margin:0;background:#fff}svg{display:block;width:${size.width * 2}px;height:${size.height * 2}px}</style></head><body>${body}</body></html>`;
  const window = await hiddenPage(html, { width: size.width * 2, height: size.height * 2 });
  try {
    const image = await window.webContents.capturePage({ x: 0, y: 0, width: size.width * 2, height: size.height * 2 });
    await writeFile(path, image.toPNG());
  } finally {
    window.destroy();
  }
  return path;
}
