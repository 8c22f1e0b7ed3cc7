import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPdfStreams } from '../../../electron/backend/documents/pdf-bounds';
import { CLI, tempDir } from '../../support/paths';

// Issue 17 item 5: a small PDF whose stream inflates to gigabytes is refused before pdfjs holds it.
const temp = tempDir('zeromile-pdf-bomb-');
afterAll(() => temp.remove());

function pdfWithStream(raw: Buffer): Buffer {
  const data = deflateSync(raw, { level: 9 });
  return Buffer.concat([
    Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n'
      + '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >> endobj\n'
      + `4 0 obj << /Length ${data.length} /Filter /FlateDecode >>\nstream\n`, 'latin1'),
    data,
    Buffer.from('\nendstream\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1'),
  ]);
}

describe('PDF stream bounds', () => {
  it('refuses a stream past the per-stream and total bounds, passes one within', () => {
    const pdf = pdfWithStream(Buffer.alloc(3 * 1024 * 1024, 0x20));
    expect(() => checkPdfStreams(pdf, 'bomb.pdf', 2 * 1024 * 1024)).toThrow(/bomb\.pdf was refused: one of its compressed streams inflates to more than 2 MB/);
    expect(() => checkPdfStreams(pdf, 'ok.pdf', 4 * 1024 * 1024)).not.toThrow();
    expect(() => checkPdfStreams(pdf, 'two.pdf', 4 * 1024 * 1024, 1024 * 1024)).toThrow(/inflate to more than 1 MB/);
    // A damaged stream is pdfjs's to judge, not a refusal here.
    expect(() => checkPdfStreams(Buffer.from('%PDF-1.4\n<< /Filter /FlateDecode >>\nstream\nnot zlib\nendstream\n'), 'damaged.pdf')).not.toThrow();
  });

  it('the command line refuses a 250 KB PDF that inflates to 256 MiB, naming it, in little memory', () => {
    const casePath = join(temp.dir, 'c.zmcase');
    execFileSync(process.execPath, [CLI, 'new', casePath]);
    const bomb = join(temp.dir, 'bomb.pdf');
    // 256 MiB of spaces deflates to about 250 KB.
    writeFileSync(bomb, pdfWithStream(Buffer.alloc(1024 * 1024 * 1024 / 4, 0x20)));
    const hook = 'data:text/javascript,process.on("exit",()=>process.stderr.write("ZM_MAXRSS "+process.resourceUsage().maxRSS+"\\n"))';
    const result = spawnSync(process.execPath, ['--import', hook, CLI, 'import', casePath, bomb], { encoding: 'utf8', timeout: 120_000 });
    expect(result.status).toBe(1);
    expect(result.stdout + result.stderr).toMatch(/bomb\.pdf was refused: one of its compressed streams inflates to more than 128 MB/);
    const maxRssMb = Number(/ZM_MAXRSS (\d+)/.exec(result.stderr)![1]) / 1024;
    expect(maxRssMb).toBeLessThan(600);
  }, 180_000);
});
