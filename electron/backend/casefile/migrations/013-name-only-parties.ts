import type { Migration } from './index';

/**
 * Issue 15, province scale: a party met with an identifier looks for a party of the same name met
 * without one (parties.ts findNameOnly), which walked parties_norm_name over every party of that
 * name and read each row for its identifier. Common names are shared by thousands of private
 * buyers, each with an ID number: at a million vehicles that walk was half the import's time (the
 * demo's new-car invoices took 168 s of CPU). This index holds only the parties without one.
 */
export const migration013: Migration = {
  version: 13,
  name: 'name-only-parties',
  up: 'CREATE INDEX parties_name_only ON parties(norm_name, id) WHERE party_id IS NULL;',
};
