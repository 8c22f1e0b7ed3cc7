import { mkdirSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onlineBackup } from '../../../electron/backend/casefile/backup';
import { backupCommand } from '../../../electron/backend/cli/commands/backup';
import { toWireError, ZeroMileError } from '../../../shared/errors';
import { makeI18n } from '../../../renderer/src/i18n/format';
import { failureText } from '../../../renderer/src/lib/failure-text';
import { createFixture, type Fixture } from '../../support/record-fixture';

// A save that fails says why in the reader's language (95fb966, error.write.*); a backup that
// failed said so in English alone: its own sentence wrapped the write's and dropped its message key.

let f: Fixture;
beforeAll(() => { f = createFixture(); });
afterAll(() => f.remove());

/** The error `run` throws, as the handlers send it, and its line in English and Chinese. */
async function failure(run: () => Promise<unknown>): Promise<{ code: string; en: string; zh: string; message: string }> {
  const error = await run().then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ZeroMileError);
  const wire = toWireError(error);
  return { code: wire.code, message: wire.message, en: failureText(makeI18n('en'), wire), zh: failureText(makeI18n('zh'), wire) };
}

describe('a backup that fails', () => {
  it("says why in the reader's language, the write's reason inside, the English as before", async () => {
    const out = join(dirname(f.caseFile.path), 'nope', '备份.zmcase');
    const failed = await failure(() => onlineBackup(f.caseFile.db, out));
    expect(failed.code).toBe('write_failed');
    expect(failed.message).toBe(`The backup to ${out} failed; nothing was left there. Cannot write ${out}: the folder does not exist. Nothing was written there.`);
    expect(failed.en).toBe(failed.message);
    expect(failed.zh).toBe(`备份到 ${out} 失败；该处未留下任何文件。无法写入 ${out}：文件夹不存在。该处未写入任何内容。`);
    expect(existsSync(dirname(out))).toBe(false);
  });

  it('says a folder or an existing file is refused in Chinese too, on the command line the English as before', async () => {
    const io = { out: () => undefined, err: () => undefined };
    const folder = join(dirname(f.caseFile.path), 'backups');
    mkdirSync(folder);
    const intoFolder = await failure(() => backupCommand.run([f.caseFile.path, folder], io));
    expect(intoFolder.message).toBe(`${folder} is a folder; the backup is one file. Give a file name in it, such as ${join(folder, 'case-backup.zmcase')}.`);
    expect(intoFolder.zh).toBe(`${folder} 是一个文件夹；备份是单个文件。请给出其中的文件名，例如 ${join(folder, 'case-backup.zmcase')}。`);
    const existing = join(folder, 'old.zmcase');
    writeFileSync(existing, 'kept');
    const over = await failure(() => backupCommand.run([f.caseFile.path, existing], io));
    expect(over).toMatchObject({ code: 'case_exists', message: `${existing} already exists; a backup never overwrites a file. Choose another name.` });
    expect(over.zh).toBe(`${existing} 已存在；备份从不覆盖已有文件。请换一个文件名。`);
    expect(readdirSync(folder)).toEqual(['old.zmcase']);
  });
});
