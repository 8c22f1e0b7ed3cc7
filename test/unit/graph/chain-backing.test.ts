import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCaseFile } from '../../../electron/backend/casefile/open-case-file';
import { PARTY_LINKS, RECORD_TABLES } from '../../../electron/backend/casefile/records';
import { writeDemo } from '../../../electron/backend/demo/write-demo';
import { buildChain } from '../../../electron/backend/graph/chain';
import { importFiles } from '../../../electron/backend/import/import-files';
import type { RecordKind } from '../../../shared/record-kinds';
import { tempDir } from '../../support/paths';

const temp = tempDir('zeromile-chain-backing-');
afterAll(() => temp.remove());

// Chains never invent hand-overs (issue 16 item 3): every link of every chain of a demo case (which
// has vehicles on two export declarations) is cited to a record that names both of its ends.
describe('chain links of a demo case', { timeout: 120_000 }, () => {
  it('are each backed by a record naming both ends', async () => {
    const demoDir = join(temp.dir, 'demo');
    const truth = await writeDemo(demoDir, { vehicles: 600, seed: 16 });
    const caseFile = openCaseFile(join(temp.dir, 'demo.zmcase'), { create: { title: 'chains' } });
    try {
      await importFiles(caseFile, truth.files.map((f) => ({ path: join(demoDir, f.file) })));
      const db = caseFile.db;
      const vins = db.prepare('SELECT vin FROM vehicles ORDER BY vin').pluck().all() as string[];
      const doubleExports = new Set(db.prepare('SELECT vin FROM exports GROUP BY vin HAVING count(DISTINCT declaration_no) > 1').pluck().all() as string[]);
      expect(doubleExports.size).toBeGreaterThan(0);
      let links = 0;
      let gaps = 0;
      const unbacked: string[] = [];
      for (const vin of vins) {
        const chain = buildChain(db, vin);
        for (const link of chain.links) {
          links++;
          const kind = link.evidence.record_kind as RecordKind;
          const record = db.prepare(`SELECT * FROM ${RECORD_TABLES[kind]} WHERE id = ?`).get(link.evidence.record_id) as Record<string, unknown>;
          const named = PARTY_LINKS[kind].map((p) => record[p.column]);
          const from = chain.holders[link.from]!.party_id;
          const to = chain.holders[link.to]!.party_id;
          if (!(record.vin === vin && named.includes(from) && named.includes(to) && from !== to)) unbacked.push(`${vin} ${link.kind} ${link.from}->${link.to}`);
        }
        for (const gap of chain.gaps) {
          gaps++;
          // A gap cites the record that names its new holder.
          expect(gap.evidence.record_id).toBeGreaterThan(0);
        }
      }
      expect(unbacked).toEqual([]);
      expect(links).toBeGreaterThan(vins.length);
      process.stderr.write(`chain backing: ${vins.length} chains, ${links} links all backed, ${gaps} gaps, ${doubleExports.size} vehicles with two declarations\n`);
    } finally {
      caseFile.close();
    }
  });
});
