import type { Migration } from './index';

/**
 * A foreign buyer's records read from its party index alone, as migration 014 did for buyers,
 * sellers and exporters: a consignee's declarations are a party's fourth kind of trade (its
 * figures, network and vehicle list), and at the demo-shaped million vehicles the busiest consignee
 * is named on 41,000 declarations, each fetched from the table by rowid (0.16-0.35 s to read their
 * VINs). The index now holds the VIN, the date, the exporter and the value, in VIN order: the party
 * page's vehicle list takes its first vehicles in VIN order from it and stops (the first 500 of
 * 41,000), and finds a vehicle's first declaration to the party by (consignee, VIN, date, id).
 */
export const migration026: Migration = {
  version: 26,
  name: 'consignee-trade-index',
  up: `
DROP INDEX exports_consignee;
CREATE INDEX exports_consignee ON exports(consignee_party_id, vin, declaration_date, id, exporter_party_id, declared_value);
`,
};
