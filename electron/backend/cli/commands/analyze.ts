import { readFileSync } from 'node:fs';
import { ZeroMileError } from '../../../../shared/errors';
import { RULE_IDS, RULES } from '../../../../shared/rules';
import { openCaseFile } from '../../casefile/open-case-file';
import { runRules } from '../../rules/runner';
import { type CliCommand, UsageError, counted, parseCommandArgs } from '../command';

function readParams(file: string | undefined): unknown {
  if (file === undefined) return {};
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ZeroMileError('file_not_found', `Cannot read the parameters file ${file}.`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ZeroMileError('bad_argument', `${file} is not JSON: ${(error as Error).message}`);
  }
}

/**
 * `zeromile analyze CASE [--params FILE.json] [--summarize] [--json]`: one rule run; a summary per
 * rule, as text or JSON (the flags: `zeromile flags`). It exits once the run is committed: the
 * run's statistics and queue orders (minutes at a million vehicles) are summed when the app or
 * the web server next opens the case (resumeRunSummary), or now with --summarize.
 */
export const analyzeCommand: CliCommand = {
  name: 'analyze',
  usage: 'analyze CASE [--params FILE.json] [--summarize] [--json]',
  summary: 'run every detection rule; a new run, earlier runs are kept (--summarize: also store its statistics before exiting)',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      params: { type: 'string' }, json: { type: 'boolean', default: false }, summarize: { type: 'boolean', default: false },
    });
    if (positionals.length !== 1) throw new UsageError('give one case file');
    const params = readParams(values.params);
    const caseFile = openCaseFile(positionals[0]!);
    // With --summarize, waited for before the close (which would stop it to be resumed at the next open).
    let summarizing: Promise<unknown> | null = null;
    try {
      const result = runRules(caseFile, params, {
        onProgress: values.json ? undefined : (p) => io.err(`  ${p.done}/${p.total} ${p.rule}`),
        summarize: values.summarize,
      });
      // What happens to the run's statistics is said on stderr, so neither a wait nor their absence is a mystery.
      if (result.summary) {
        io.err(`run ${result.run.id} committed; storing its statistics and queue orders on a background thread before exiting (--summarize; stopping now loses nothing: they are summed at the case's next open)`);
        summarizing = result.summary.then((outcome) => io.err(outcome.ok
          ? `run ${result.run.id}: statistics and queue orders stored in ${(outcome.ms / 1000).toFixed(1)} s`
          : `run ${result.run.id}: statistics not stored (${outcome.message ?? 'unknown reason'}); the app sums them when it next opens the case`));
      } else {
        io.err(`run ${result.run.id} committed. Its statistics and queue orders (the overview's charts, \`zeromile stats\`, deep blocks of the flag queue) are not stored yet: the app or the web server sums them in the background when it next opens the case or, if it has it open, shows its overview, \`zeromile stats\` sums them on request, and \`zeromile analyze --summarize\` stores them before exiting`);
      }
      if (values.json) {
        // The run and its counts only: a million flags do not fit in one string; `zeromile flags` streams them.
        io.out(JSON.stringify({
          run: { id: result.run.id, params: result.run.params, started: result.run.started, finished: result.run.finished, app_version: result.run.app_version, counts: result.counts },
          rules: Object.entries(result.counts).map(([rule, flags]) => ({ rule, flags, ms: Math.round(result.timings[rule as keyof typeof result.timings] ?? 0) })),
          flags_total: Object.values(result.counts).reduce((a, b) => a + b, 0),
        }));
        return 0;
      }
      const width = Math.max(...RULE_IDS.map((id) => id.length));
      io.out(`run ${result.run.id} (${result.run.started} - ${result.run.finished})`);
      for (const id of RULE_IDS) {
        if (result.counts[id] === undefined) continue;
        io.out(`  ${id.padEnd(width)}  ${RULES[id].severity.padEnd(6)}  ${counted(result.counts[id], 'flag ', 'flags').padStart(14)}  ${Math.round(result.timings[id])} ms`);
      }
      io.out(`  ${'total'.padEnd(width)}          ${counted(Object.values(result.counts).reduce((a, b) => a + b, 0), 'flag', 'flags').padStart(14)}`);
      return 0;
    } finally {
      await summarizing;
      caseFile.close();
    }
  },
};
