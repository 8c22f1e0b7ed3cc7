import type Database from 'better-sqlite3';
import type { NameMatches, SameNameParty } from '../../../shared/contract/party';
import { shownPartyCode } from '../../../shared/party-id';

/** How many parties of the same name the party view lists (a common person's name has thousands). */
export const SAME_NAME_LISTED = 20;

/**
 * How many records name the identified party `party` (an SQL expression of its row id) without its
 * identifier: matched to it by name only. Each count reads one partial index (migration 015), empty
 * where every record carries its identifier; consignees never come with one. The caller makes sure
 * the party has an identifier: a party without one is its name, and nothing is matched to it.
 */
export const byNameRecordsSql = (party: string): string => `(
      (SELECT count(*) FROM sales INDEXED BY sales_buyer_by_name WHERE buyer_party_id = ${party} AND buyer_id IS NULL)
    + (SELECT count(*) FROM sales INDEXED BY sales_seller_by_name WHERE seller_party_id = ${party} AND seller_id IS NULL)
    + (SELECT count(*) FROM registrations INDEXED BY registrations_owner_by_name WHERE owner_party_id = ${party} AND owner_id IS NULL)
    + (SELECT count(*) FROM exports INDEXED BY exports_exporter_by_name WHERE exporter_party_id = ${party} AND exporter_id IS NULL)
    + (SELECT count(*) FROM exports WHERE consignee_party_id = ${party}))`;

/** How many records name `party` without its identifier (byNameRecordsSql); 0 for a party without one, which is its name. */
export function byNameRecordCount(db: Database.Database, party: { id: number; party_id: string | null }): number {
  return party.party_id === null ? 0 : db.prepare(`SELECT ${byNameRecordsSql('@id')}`).pluck().get({ id: party.id }) as number;
}

/**
 * What a party's identity rests on beyond its identifier: the records that name it without one
 * (matched by name only: casefile/parties.ts), and the other parties that share a spelling's
 * normalised name with it and were kept apart (a name is not an identity). Both read from the
 * rows, so a case imported before name matching was restricted shows its old merges the same way.
 */
export function nameMatches(db: Database.Database, party: { id: number; party_id: string | null }): NameMatches {
  // Only an identified party can be matched by name: a party without an identifier is its name.
  const records = byNameRecordCount(db, party);
  const others = db.prepare(`SELECT p.id, p.name, p.party_id, p.is_person FROM parties p WHERE p.id IN (
      SELECT DISTINCT other.party_id FROM party_aliases mine JOIN party_aliases other ON other.norm_name = mine.norm_name
      WHERE mine.party_id = @id AND other.party_id <> @id LIMIT @limit)
    ORDER BY p.party_id IS NOT NULL, p.id`).all({ id: party.id, limit: SAME_NAME_LISTED + 1 }) as
    { id: number; name: string; party_id: string | null; is_person: number }[];
  const same_name: SameNameParty[] = others.slice(0, SAME_NAME_LISTED).map((o) => ({
    id: o.id,
    name: o.name,
    // Another person's identity number, shown masked as everywhere (shownPartyCode).
    party_code: shownPartyCode(o.party_id, o.is_person === 1),
    is_person: o.is_person === 1,
  }));
  return { records, same_name, same_name_more: others.length > SAME_NAME_LISTED };
}
