import { DEFAULT_DEMO_SEED, DEFAULT_DEMO_VEHICLES, writeDemo, type DemoManifest } from '../../demo/write-demo';
import { type CliCommand, UsageError, counted, parseCommandArgs } from '../command';

function summary(m: DemoManifest): string {
  const width = Math.max(...m.files.map((f) => f.file.length));
  const rules = Object.entries(m.counts).map(([rule, n]) => `  ${rule.padEnd(34)} ${n}`);
  return [
    `wrote ${m.files.length} source files for ${counted(m.vehicles, 'vehicle', 'vehicles')} (seed ${m.seed}) to ${m.dir} in ${(m.elapsed_ms / 1000).toFixed(1)} s`,
    '',
    ...m.files.map((f) => `  ${f.file.padEnd(width)}  ${f.kind.padEnd(13)} ${f.format} ${f.encoding.padEnd(8)} ${f.header_language} ${f.date_style.padEnd(7)} ${counted(f.rows, 'row ', 'rows').padStart(14)}, ${f.rejected} to reject`),
    '',
    `ground truth (${m.truth_file}), with default parameters:`,
    ...rules,
    ...(m.ambiguous.length + m.intent_mismatches.length > 0
      ? ['', `WARNING: ${m.ambiguous.length} ambiguous, ${m.intent_mismatches.length} planted differently than stated`]
      : []),
  ].join('\n');
}

/** `zeromile demo DIR [--vehicles N] [--seed S] [--json]`: source files with planted schemes and their ground truth. */
export const demoCommand: CliCommand = {
  name: 'demo',
  usage: 'demo DIR [--vehicles N] [--seed S] [--json]',
  summary: 'write demo source files (every kind, planted schemes, bad rows) and ground-truth.json',
  async run(argv, io) {
    const parsed = parseCommandArgs(argv, { vehicles: { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean' } });
    const [dir, ...extra] = parsed.positionals;
    if (!dir || extra.length > 0) throw new UsageError('give one folder to write into.');
    const vehiclesText = parsed.values.vehicles ?? String(DEFAULT_DEMO_VEHICLES);
    if (!/^\d[\d_,]*$/.test(vehiclesText)) throw new UsageError(`--vehicles takes a whole number, not '${vehiclesText}'.`);
    const vehicles = Number(vehiclesText.replace(/[_,]/g, ''));
    const seed = parsed.values.seed ?? DEFAULT_DEMO_SEED;
    const manifest = await writeDemo(dir, {
      vehicles, seed,
      onProgress: parsed.values.json || vehicles < 100_000 ? undefined
        : (done, total) => io.err(`demo: ${done} of ${total} vehicles`),
    });
    io.out(parsed.values.json ? JSON.stringify(manifest, null, 2) : summary(manifest));
    return 0;
  },
};
