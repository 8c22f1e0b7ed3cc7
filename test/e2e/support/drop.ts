import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Page } from 'playwright-core';

export type DropFile = { name: string; mimeType?: string } & ({ text: string } | { path: string });

/**
 * Drops files on the page the way a user does: a real DataTransfer holding File objects, with
 * dragenter, dragover and drop events dispatched on the element under `selector` (the body by
 * default: the drop zone covers the whole window).
 */
export async function dropFiles(page: Page, files: DropFile[], selector = 'body'): Promise<void> {
  // The drop zone listens once the app has mounted; a drop before that would be lost.
  await page.locator('body[data-drop-zone="ready"]').waitFor({ timeout: 15_000 });
  const payload = files.map((file) => ({
    name: file.name,
    mimeType: file.mimeType ?? guessType(file.name),
    base64: 'text' in file ? Buffer.from(file.text, 'utf8').toString('base64') : readFileSync(file.path).toString('base64'),
  }));
  const transfer = await page.evaluateHandle((items) => {
    // Runs in the page; test/ is type-checked without the DOM library, hence the loose types.
    type PageGlobals = {
      DataTransfer: new () => { items: { add(file: unknown): void } };
      File: new (parts: unknown[], name: string, options: { type: string }) => unknown;
    };
    const page = globalThis as unknown as PageGlobals;
    const dt = new page.DataTransfer();
    for (const item of items) {
      const bytes = Uint8Array.from(atob(item.base64), (c) => c.charCodeAt(0));
      dt.items.add(new page.File([bytes], item.name, { type: item.mimeType }));
    }
    return dt;
  }, payload);
  const target = page.locator(selector).first();
  await target.dispatchEvent('dragenter', { dataTransfer: transfer });
  await target.dispatchEvent('dragover', { dataTransfer: transfer });
  await target.dispatchEvent('drop', { dataTransfer: transfer });
  await transfer.dispose();
}

/** A DropFile for a file on disk, named as on disk. */
export function fileOnDisk(path: string): DropFile {
  return { name: basename(path), path };
}

function guessType(name: string): string {
  const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  switch (ext) {
    case 'csv': return 'text/csv';
    case 'xlsx': return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    case 'pdf': return 'application/pdf';
    case 'png': return 'image/png';
    case 'jpg': case 'jpeg': return 'image/jpeg';
    default: return 'application/octet-stream';
  }
}
