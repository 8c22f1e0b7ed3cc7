import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCaseFile } from '../../../electron/backend/casefile/open-case-file';
import { CaseHost } from '../../../electron/backend/host/case-host';
import { verifyCaseFile } from '../../../electron/backend/verify/verify';
import { ROOT, tempDir } from '../../support/paths';
import { csv, vinNo } from '../import/import-helpers';

// Issue 17 item 6: a case worker killed by an uncaught error (as a planted OCR model's TypeError
// killed browser mode's writer for good) is restarted, and the call it was running says so.
const workerPath = join(ROOT, 'dist', 'case-worker.mjs');

describe('a dead case worker', () => {
  const temp = tempDir('zeromile-restart-');
  let host: CaseHost | null = null;
  afterAll(async () => {
    await host?.close();
    temp.remove();
  });

  it('is restarted with the case reopened; the call that killed it gets a clear error and left nothing', async () => {
    // The workers read the fault when they start: only the first writer has it (the restarted one is started without).
    process.env.ZEROMILE_FAULT_CRASH = 'import:files';
    try {
      host = await CaseHost.start({ workerPath, readers: 2 });
    } finally {
      delete process.env.ZEROMILE_FAULT_CRASH;
    }
    const path = join(temp.dir, 'restart.zmcase');
    expect(await host.call('case:create', { path, title: 'restart' })).toMatchObject({ ok: true });
    const sales = join(temp.dir, 'sales.csv');
    writeFileSync(sales, csv([['发票号码', '开票日期', '车辆识别代号', '销售方名称', '购买方名称', '价税合计'],
      ...Array.from({ length: 50 }, (_, i) => [`R${i}`, '2024-03-05', vinNo(i + 1), '比亚迪汽车销售有限公司', '深圳市前海贸易有限公司', '100000'])]));

    const killed = await host.call('import:files', { files: [{ path: sales }] });
    expect(killed).toMatchObject({ ok: false, error: { code: 'internal' } });
    const message = (killed as { error: { message: string } }).error.message;
    expect(message).toMatch(/^import:files did not finish: the writer case worker failed \(fault injected into import:files\) while it ran\. The worker has been restarted with the case reopened; nothing of this call was kept/);
    expect(host.restarts).toBe(1);

    // The readers never stopped; the new writer has the case open, and nothing of the killed import is in it.
    expect(await host.call('case:current', {})).toMatchObject({ ok: true, value: { path, counts: { documents: 0 } } });
    const again = await host.call('import:files', { files: [{ path: sales }] });
    expect(again).toMatchObject({ ok: true, value: { files: [{ imported: 50, rejected: 0 }] } });
    expect(await host.call('case:current', {})).toMatchObject({ ok: true, value: { counts: { documents: 1 } } });
    await host.call('case:close', {});
    const side = openCaseFile(path);
    expect(verifyCaseFile(side.db).problems).toEqual([]);
    side.close();
  }, 60_000);
});
