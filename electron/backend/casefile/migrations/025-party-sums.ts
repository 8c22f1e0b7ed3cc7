import type { Migration } from './index';

/**
 * A busy party's figures and whole-period network as the summary thread summed them after a rule
 * run (party-sums.ts): at the demo's million vehicles a maker has 250,000 sales and a trader
 * 15,000 counterparties, and its page summed them from its records on every open (0.5 s for the
 * figures, 1.1-3.1 s for the network, 0.35 s for a page of its flagged vehicles' timelines): the
 * figures, the network and the flagged VINs (a JSON array in VIN order, paged by json_each). Each row keeps the audit entry its records were read at,
 * so that a later import or accepted record sends the page back to the records. Only the latest
 * run's rows are kept.
 */
export const migration025: Migration = {
  version: 25,
  name: 'party-sums',
  up: `
CREATE TABLE party_sums (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES rule_runs(id),
  party_id INTEGER NOT NULL REFERENCES parties(id),
  audit_id INTEGER NOT NULL,
  figures TEXT NOT NULL,
  network TEXT NOT NULL,
  flagged_vins TEXT NOT NULL
);
CREATE UNIQUE INDEX party_sums_party ON party_sums(run_id, party_id);
CREATE TABLE party_sums_runs (
  run_id INTEGER PRIMARY KEY REFERENCES rule_runs(id),
  computed TEXT NOT NULL,
  parties INTEGER NOT NULL,
  ms INTEGER NOT NULL
);
`,
};
