import { ZeroMileError } from '../../../../shared/errors';
import { openCaseFile } from '../../casefile/open-case-file';
import { runFlags } from '../../rules/run-flags';
import { type CliCommand, UsageError, parseCommandArgs } from '../command';
import { latestRunId } from '../../casefile/latest-run';

/** Lines handed to the terminal at once: big enough to write fast, small enough to keep memory flat. */
const BATCH = 500;

/**
 * `zeromile flags CASE [--run ID] [--rule R] [--jsonl]`: the flags of a run streamed one a line
 * (issue 15 item 3). Rows come from a statement iterator and go out in batches that wait for the
 * reader to drain, so a million flags take the memory of one batch, not of the run.
 */
export const flagsCommand: CliCommand = {
  name: 'flags',
  usage: 'flags CASE [--run ID] [--rule R] [--jsonl]',
  summary: 'the flags of the latest (or given) run with their evidence, streamed; --jsonl gives one JSON object a line',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { run: { type: 'string' }, rule: { type: 'string' }, jsonl: { type: 'boolean', default: false } });
    if (positionals.length !== 1) throw new UsageError('give one case file');
    if (values.run !== undefined && !/^\d+$/.test(values.run)) throw new UsageError('--run takes a run number');
    const caseFile = openCaseFile(positionals[0]!, { readonly: true });
    try {
      const runId = values.run === undefined ? latestRunId(caseFile.db) : Number(values.run);
      if (runId === null) throw new ZeroMileError('not_found', 'No rule run yet: run `zeromile analyze` first.');
      if (!caseFile.db.prepare("SELECT 1 FROM rule_runs WHERE id = ? AND status = 'done'").get(runId)) throw new ZeroMileError('not_found', `No finished rule run ${runId} in this case file.`);
      let lines: string[] = [];
      for (const flag of runFlags(caseFile.db, runId, values.rule)) {
        const subject = flag.vin ?? flag.party ?? '';
        lines.push(values.jsonl ? JSON.stringify(flag) : `${flag.id}\t${flag.rule}\t${flag.severity}\t${flag.status}\t${subject}\t${flag.reason}`);
        if (lines.length === BATCH) {
          for (const line of lines) io.out(line);
          lines = [];
          await io.flush?.();
        }
      }
      for (const line of lines) io.out(line);
      await io.flush?.();
      return 0;
    } finally {
      caseFile.close();
    }
  },
};
