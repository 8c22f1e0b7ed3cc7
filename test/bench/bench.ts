// `npm run bench`: every section's figures against baselines measured in the same run.
// Options: --only NAME[,NAME], --quick (a tenth of the sizes), --keep (keep the work folder).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { formatBenchTable, type BenchRow } from './bench-table';
import { SECTIONS } from './sections';

const { values } = parseArgs({ options: { only: { type: 'string' }, quick: { type: 'boolean' }, keep: { type: 'boolean' } } });
const only = values.only?.split(',');
const scale = values.quick ? 0.1 : 1;
const workDir = mkdtempSync(join(tmpdir(), 'zeromile-bench-'));
const rows: BenchRow[] = [];
try {
  for (const section of SECTIONS) {
    if (only && !only.includes(section.name)) continue;
    process.stderr.write(`bench: ${section.name} ...\n`);
    const sectionRows = await section.run(scale, join(workDir));
    rows.push(...sectionRows);
    process.stdout.write(`\n## ${section.name}\n${formatBenchTable(sectionRows)}\n`);
  }
  process.stdout.write(`\n## all figures\n${formatBenchTable(rows)}\n`);
} finally {
  if (!values.keep) rmSync(workDir, { recursive: true, force: true });
}
