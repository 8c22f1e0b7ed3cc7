import { openCaseFile } from '../../casefile/open-case-file';
import { sourcesCitation } from '../../../../shared/timeline-drawing';
import { citationText } from '../../../../shared/citation';
import { buildChain } from '../../graph/chain';
import { shownChain } from '../../../../shared/party-id';
import { dayCount } from '../../../../shared/flag-reasons';
import { CASE_EN } from '../../../../shared/i18n/case-en';
import { renderMessage } from '../../../../shared/i18n/message';
import { valueMarkMessage } from '../../../../shared/value-marks';
import { makerFromWmiMessage } from '../../../../shared/maker-from-wmi';
import { type CliCommand, UsageError, parseCommandArgs } from '../command';

/**
 * `zeromile chain CASE VIN [--unmask-ids] [--json]`: the holders maker to foreign consignee, the links and the timeline.
 * A private holder's ID number is masked as on every screen and sheet unless --unmask-ids.
 */
export const chainCommand: CliCommand = {
  name: 'chain',
  usage: 'chain CASE VIN [--unmask-ids] [--json]',
  summary: "a vehicle's ownership chain: holders, links with evidence, timeline",
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean', default: false }, 'unmask-ids': { type: 'boolean', default: false } });
    if (positionals.length !== 2) throw new UsageError('give a case file and a VIN');
    const caseFile = openCaseFile(positionals[0]!, { readonly: true });
    try {
      const chain = shownChain(buildChain(caseFile.db, positionals[1]!.trim().toUpperCase()), { unmaskIds: values['unmask-ids'] });
      if (values.json) {
        io.out(JSON.stringify(chain));
        return 0;
      }
      const v = chain.vehicle;
      io.out(`${chain.vin}  ${[v.maker, v.make, v.model, v.model_year, v.fuel_type].filter((x) => x !== null).join(' ')}`);
      io.out('holders:');
      chain.holders.forEach((h, i) => {
        const held = h.days_held === null ? '' : `, held ${renderMessage(dayCount(h.days_held), CASE_EN)}`;
        const price = h.price === null ? '' : `, ${Math.round(h.price)}`;
        io.out(`  ${i + 1}. ${h.name} (${h.role}${h.party_code ? `, ${h.party_code}` : ''}) ${h.acquired ? `from ${h.acquired}` : 'date not recorded'}${price}${held}`);
        // Records naming an identified holder without its identifier: matched by name only.
        for (const e of h.by_name) io.out(`     matched by name only: ${citationText(e)} names it without an ID`);
        // A maker taken from the VIN's WMI, not from a record: said, so it is not read as a recorded fact.
        const fromWmi = makerFromWmiMessage(h);
        if (fromWmi) io.out(`     ${renderMessage(fromWmi, CASE_EN)}`);
      });
      io.out('timeline:');
      for (const t of chain.timeline) {
        const km = t.odometer_km === null ? '' : ` [${Math.round(t.odometer_km)} km]`;
        // Every source of the fact, as the vehicle screen and the evidence sheet cite it.
        io.out(`  ${t.date}  ${t.kind.padEnd(14)} ${t.detail}${km}  (${sourcesCitation(t)})`);
        // A value the record's row read differently from its cell, under the line that shows it.
        for (const m of t.marks ?? []) io.out(`      read differently: ${renderMessage(valueMarkMessage(m), CASE_EN)}`);
      }
      return 0;
    } finally {
      caseFile.close();
    }
  },
};
