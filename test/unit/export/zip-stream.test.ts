import { mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ZipWriter, type ByteSink } from '../../../electron/backend/export/zip-stream';
import { entryBytes, zipEntries } from '../../../electron/backend/import/xlsx-zip';
import { rng } from '../../fuzz/bad-inputs';
import { checkZip } from '../../support/zip-check';

const dir = mkdtempSync(join(tmpdir(), 'zm-zip-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A sink writing straight to a file, as the guarded writer's stream does. */
function fileSink(path: string): ByteSink & { close(): void } {
  const fd = openSync(path, 'w');
  return { write: async (chunk) => { writeSync(fd, chunk); }, close: () => closeSync(fd) };
}

async function readMember(path: string, name: string): Promise<string> {
  const entry = (await zipEntries(path)).get(name);
  if (!entry) throw new Error(`no ${name}`);
  const pieces: Buffer[] = [];
  for await (const piece of entryBytes(path, entry, { bytes: 0 })) pieces.push(piece);
  return Buffer.concat(pieces).toString('utf8');
}

/** Seeded text of about `chars` characters, some of it incompressible, so the deflated size is not tiny. */
function seededText(seed: number, chars: number): string {
  const random = rng(seed);
  let text = '';
  while (text.length < chars) text += random() < 0.5 ? `<row r="${Math.floor(random() * 1e6)}">车辆 ${random().toString(36)}</row>` : String.fromCharCode(0x4e00 + Math.floor(random() * 0x5000));
  return text;
}

async function streamed(zip: ZipWriter, name: string, text: string): Promise<void> {
  const member = await zip.openMember(name);
  // Uneven pieces, as rows come.
  for (let at = 0, n = 1; at < text.length; at += n, n = (n * 7) % 3001 + 1) await member.write(text.slice(at, at + n));
  await member.end();
}

describe('streamed zip writer', () => {
  it('writes streamed and whole members that zip readers and our reader take, the same bytes each time', async () => {
    const big = seededText(1, 600_000);
    const write = async (path: string) => {
      const sink = fileSink(path);
      const zip = new ZipWriter(sink);
      await streamed(zip, 'xl/worksheets/sheet1.xml', big);
      await zip.addFile('small.xml', '<a>小</a>');
      await streamed(zip, 'empty.xml', '');
      await zip.finish();
      sink.close();
    };
    const path = join(dir, 'plain.zip');
    await write(path);
    await write(join(dir, 'again.zip'));
    checkZip(path);
    expect(await readMember(path, 'xl/worksheets/sheet1.xml')).toBe(big);
    expect(await readMember(path, 'small.xml')).toBe('<a>小</a>');
    expect(readFileSync(path).equals(readFileSync(join(dir, 'again.zip')))).toBe(true);
  });

  it('uses ZIP64 fields for members, offsets and the directory past the limit (lowered here to 1,000 bytes)', async () => {
    const path = join(dir, 'zip64.zip');
    const sink = fileSink(path);
    const zip = new ZipWriter(sink, { zip64From: 1000 });
    const texts = [seededText(2, 50_000), 'short', seededText(3, 3_000)];
    await streamed(zip, 'a.xml', texts[0]!);
    await zip.addFile('b.xml', texts[1]!);
    await zip.addFile('c.xml', texts[2]!);
    await streamed(zip, 'd.xml', texts[1]!);
    await zip.finish();
    sink.close();
    const bytes = readFileSync(path);
    // The ZIP64 end record and its locator precede the end record.
    expect(bytes.readUInt32LE(bytes.length - 22 - 20)).toBe(0x07064b50);
    expect(bytes.readUInt32LE(bytes.length - 22 - 20 - 56)).toBe(0x06064b50);
    expect(bytes.readUInt16LE(bytes.length - 22 + 10)).toBe(0xffff);
    checkZip(path);
    expect(await readMember(path, 'a.xml')).toBe(texts[0]);
    expect(await readMember(path, 'b.xml')).toBe(texts[1]);
    expect(await readMember(path, 'c.xml')).toBe(texts[2]);
    expect(await readMember(path, 'd.xml')).toBe(texts[1]);
  });

  it('writes the ZIP64 end records for more than 65,535 members', async () => {
    const path = join(dir, 'many.zip');
    const sink = fileSink(path);
    const zip = new ZipWriter(sink);
    const count = 65_600;
    for (let i = 0; i < count; i++) await zip.addFile(`m/${i}.txt`, String(i));
    await zip.finish();
    sink.close();
    checkZip(path, true);
    const entries = await zipEntries(path);
    expect(entries.size).toBe(count);
    expect(await readMember(path, 'm/65599.txt')).toBe('65599');
  }, 60_000);

  it('stops with the sink\'s error, never hangs, when the disk fails mid-member', async () => {
    let written = 0;
    const failing: ByteSink = { write: async (chunk) => { written += chunk.length; if (written > 20_000) throw new Error('ENOSPC: no space left on device'); } };
    const zip = new ZipWriter(failing, { level: 0 });
    const member = await zip.openMember('big.xml');
    const text = seededText(4, 2_000);
    await expect((async () => { for (let i = 0; i < 500; i++) await member.write(text); await member.end(); })()).rejects.toThrow(/ENOSPC/);
  });
});
