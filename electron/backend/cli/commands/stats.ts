import { openCaseFile } from '../../casefile/open-case-file';
import { caseStats } from '../../stats/case-stats';
import { shownPartyStats } from '../../stats/party-stats';
import { type CliCommand, UsageError, counted, parseCommandArgs } from '../command';

const pct = (share: number) => `${(share * 100).toFixed(1)}%`;

/**
 * `zeromile stats CASE [--run ID] [--unmask-ids] [--json]`: regional inflation, parties, destinations, overview.
 * A person's ID number among the parties is masked, as on every screen, unless --unmask-ids.
 */
export const statsCommand: CliCommand = {
  name: 'stats',
  usage: 'stats CASE [--run ID] [--unmask-ids] [--json]',
  summary: 'regional inflation, parties, destinations and flag counts of the latest (or given) run',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean', default: false }, run: { type: 'string' }, 'unmask-ids': { type: 'boolean', default: false } });
    if (positionals.length !== 1) throw new UsageError('give one case file');
    if (values.run !== undefined && !/^\d+$/.test(values.run)) throw new UsageError('--run takes a run number');
    const caseFile = openCaseFile(positionals[0]!, { readonly: true });
    try {
      const computed = caseStats(caseFile.db, values.run === undefined ? {} : { runId: Number(values.run) });
      const stats = { ...computed, parties: shownPartyStats(caseFile.db, computed.parties, { unmaskIds: values['unmask-ids'] }) };
      if (values.json) {
        io.out(JSON.stringify(stats));
        return 0;
      }
      const o = stats.overview;
      io.out(stats.run_id === null ? 'no rule run yet: run `zeromile analyze` for flag figures' : `rule run ${stats.run_id}: ${counted(o.flags_total, 'flag', 'flags')}`);
      for (const r of o.flags_by_rule) io.out(`  ${r.rule} (${r.severity}): ${r.flags}`);
      io.out(`vehicles ${o.vehicles}, exported ${o.exported_vehicles}; days from first registration to export:`);
      for (const b of o.days_to_export) io.out(`  ${b.label.padEnd(9)} ${b.vehicles}`);
      // The exported vehicles no bucket can hold are counted, never left out: buckets and these add up to the exported.
      const u = o.days_to_export_unplaced;
      io.out(`  not in the buckets: no registration: ${u.no_registration}, exported before registration: ${u.exported_before_registration}`);
      io.out('regional inflation (city, month, registered, zero-mileage exports, value counted twice, share):');
      for (const r of stats.regional) io.out(`  ${r.city}  ${r.month}  ${r.registered}  ${r.zero_mileage_exports}  ${Math.round(r.double_counted_value)}  ${pct(r.share)}`);
      io.out('parties (vehicles bought, exported, received as consignee, median days to export):');
      // A party without an identifier is every row of its name without one: said, so two 王伟 are not read as one.
      for (const p of stats.parties.slice(0, 20)) io.out(`  ${p.name}${p.party_code === null ? ' (no ID number)' : ''}: ${p.bought}, ${p.exported}, ${p.received}, ${p.median_days_to_export ?? '-'}`);
      io.out('destinations (country, month, exports, zero-mileage):');
      for (const d of stats.destinations) io.out(`  ${d.country}  ${d.month}  ${d.exports}  ${d.zero_mileage_exports}`);
      return 0;
    } finally {
      caseFile.close();
    }
  },
};
