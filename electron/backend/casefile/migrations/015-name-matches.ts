import type { Migration } from './index';

/**
 * A record that names a party without its identifier, where the party has one, was matched to it by
 * name only (casefile/parties.ts links such rows to the one identified organisation of that name;
 * cases imported before did so for any name, persons' too). The party view counts those records
 * for the party, and a party with 10,000 purchases must not read 10,000 rows for their empty
 * identifiers: these indexes hold only the records without one (none, where every row has its
 * identifier, so an import of such files writes nothing more). Consignees never come with an
 * identifier: exports_consignee serves them.
 */
export const migration015: Migration = {
  version: 15,
  name: 'name-matches',
  up: `
CREATE INDEX sales_buyer_by_name ON sales(buyer_party_id) WHERE buyer_id IS NULL;
CREATE INDEX sales_seller_by_name ON sales(seller_party_id) WHERE seller_id IS NULL;
CREATE INDEX registrations_owner_by_name ON registrations(owner_party_id) WHERE owner_id IS NULL;
CREATE INDEX exports_exporter_by_name ON exports(exporter_party_id) WHERE exporter_id IS NULL;
`,
};
