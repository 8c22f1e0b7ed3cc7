import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ocrModelsDir } from '../../../electron/backend/documents/ocr-models';
import { tempDir } from '../../support/paths';

// Issue 17 item 6: the OCR models come from the user's own folder and are checked by SHA-256.
const temp = tempDir('zeromile-ocr-models-');
afterAll(() => temp.remove());

describe('OCR models', () => {
  it('are copied into a 0700 folder of the user data folder, and a planted file is replaced', async () => {
    const data = join(temp.dir, 'data');
    const dir = await ocrModelsDir(data);
    expect(dir).toBe(join(data, 'ocr-models'));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(data).mode & 0o777).toBe(0o700);
    const eng = join(dir, 'eng.traineddata.gz');
    const good = readFileSync(eng);
    // Same size, other bytes: the old check (size only) accepted this.
    const planted = Buffer.from(good);
    planted[100] = planted[100]! ^ 0xff;
    writeFileSync(eng, planted);
    chmodSync(dir, 0o777);
    await ocrModelsDir(data);
    expect(readFileSync(eng).equals(good)).toBe(true);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readdirSync(dir).filter((n) => n.endsWith('.part'))).toEqual([]);
  });

  it('never follow a planted link', async () => {
    const data = join(temp.dir, 'linked');
    mkdirSync(join(data, 'ocr-models'), { recursive: true, mode: 0o700 });
    const victim = join(temp.dir, 'victim');
    writeFileSync(victim, 'keep');
    symlinkSync(victim, join(data, 'ocr-models', 'eng.traineddata.gz'));
    await expect(ocrModelsDir(data)).rejects.toThrow(/symbolic link/);
    expect(readFileSync(victim, 'utf8')).toBe('keep');
    const folderLink = join(temp.dir, 'folder-link');
    mkdirSync(folderLink);
    symlinkSync(temp.dir, join(folderLink, 'ocr-models'));
    await expect(ocrModelsDir(folderLink)).rejects.toThrow(/not a plain folder/);
    expect(existsSync(join(temp.dir, 'eng.traineddata.gz'))).toBe(false);
  });
});
