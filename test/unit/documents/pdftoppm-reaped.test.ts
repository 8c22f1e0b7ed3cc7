import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderWithPdftoppm, runPdftoppm } from '../../../electron/backend/documents/pdftoppm-fallback';
import { craftedPdf } from '../../support/hostile-pdf';
import { tempDir } from '../../support/paths';
import { childrenNamed, settled, zombieChildren } from '../../support/processes';

// pdftoppm draws PDF pages where pdfjs has no canvas. Every child is waited for however it ends:
// a child never waited for stays a zombie ('Z') until ZeroMile exits. Here pdftoppm runs in this
// process, as the reading thread's starting side runs it (page-image-time.test.ts covers the thread).
const temp = tempDir('zeromile-pdftoppm-reaped-');
let held: string;
let sound: Uint8Array;

beforeAll(async () => {
  // Poppler walks 2^40 forms to draw page 2: it never ends.
  held = join(temp.dir, 'held.pdf');
  writeFileSync(held, await craftedPdf([{ text: 'first page' }, { forms: 40 }]));
  sound = await craftedPdf([{ text: 'a page drawn at once' }]);
}, 30_000);
afterAll(() => temp.remove());

const args = (input: string, page: number) => ['-r', '36', '-f', String(page), '-l', String(page), '-png', '-singlefile', input, join(mkdtempSync(join(temp.dir, 'out-')), 'out')];

/** No pdftoppm of this process left, running or zombie. */
async function noneLeft(): Promise<void> {
  await settled(() => childrenNamed('pdftoppm').length === 0);
  expect(zombieChildren()).toEqual([]);
  expect(childrenNamed('pdftoppm')).toEqual([]);
}

describe('pdftoppm children', () => {
  it('are waited for when they draw the page and when they fail', async () => {
    expect(await renderWithPdftoppm(sound, 1, 36)).not.toBeNull();
    await noneLeft();
    const notPdf = join(temp.dir, 'not.pdf');
    writeFileSync(notPdf, 'name,vin\n');
    expect(await runPdftoppm(args(notPdf, 1))).toBe(false);
    await noneLeft();
  }, 30_000);

  it('are killed and waited for past their time', async () => {
    const started = performance.now();
    const drawing = runPdftoppm(args(held, 2), undefined, 1_000);
    await settled(() => childrenNamed('pdftoppm').length > 0);
    expect(childrenNamed('pdftoppm').length).toBe(1);
    expect(await drawing).toBe(false);
    expect(performance.now() - started).toBeLessThan(10_000);
    await noneLeft();
  }, 30_000);

  it('are killed and waited for when cancelled', async () => {
    const cancel = new AbortController();
    const drawing = runPdftoppm(args(held, 2), cancel.signal);
    await settled(() => childrenNamed('pdftoppm').length > 0);
    expect(childrenNamed('pdftoppm').length).toBe(1);
    cancel.abort();
    expect(await drawing).toBe(false);
    // Its answer comes once the killed child has ended and been reaped, not while it is still ending.
    expect(childrenNamed('pdftoppm')).toEqual([]);
    await noneLeft();
    // Cancelled before it starts: none is started.
    expect(await runPdftoppm(args(held, 2), cancel.signal)).toBe(false);
    expect(childrenNamed('pdftoppm')).toEqual([]);
  }, 30_000);
});
