import type Database from 'better-sqlite3';
import { checkPartyId } from '../../../shared/party-id';
import { isPersonParty } from '../../../shared/party-kind';
import { detach, normalizeName } from '../../../shared/text';
import type { RegisterWrites } from './register-writes';

/** Above this many cached spellings the cache starts over, so a file of a million private buyers stays in bounded memory. */
const CACHE_LIMIT = 200_000;

/**
 * What is known of one identifier: the last spelling met with it (checked first: most identifiers
 * come with one spelling) and, once a second one is met, every spelling. A plain object, not a Map
 * with properties: one memory hop fewer on the hot path of a big import (a quarter of its cost).
 */
type Spellings = { last: string; lastId: number; all: Map<string, number> | null };

/**
 * Resolves parties while records are written: the same USCC / ID number is the same party; without
 * one, the same normalised name. Every spelling met is kept in party_aliases. Lookups are cached
 * per import, keyed by the exact spelling, so a repeated seller costs one Map lookup.
 */
export class PartyResolver {
  private readonly byId = new Map<string, Spellings>();
  private byIdSize = 0;
  private readonly byName = new Map<string, number>();
  private readonly findById: Database.Statement;
  private readonly findNameOnly: Database.Statement;
  private readonly findByAlias: Database.Statement;
  private readonly insertParty: Database.Statement;
  private readonly attachId: Database.Statement;
  private readonly insertAlias: Database.Statement;
  /** Parties whose identifier turned out invalid in this import (for the result and tests). */
  invalidIds = 0;

  /** `writes`: an import's register writes, told which parties it updates or gives aliases (register-writes.ts). */
  constructor(db: Database.Database, private readonly writes: RegisterWrites | null = null) {
    this.findById = db.prepare('SELECT id FROM parties WHERE party_id = ?').pluck();
    this.findNameOnly = db.prepare('SELECT id FROM parties WHERE norm_name = ? AND party_id IS NULL ORDER BY id LIMIT 1').pluck();
    this.findByAlias = db.prepare('SELECT party_id FROM party_aliases WHERE norm_name = ? ORDER BY party_id LIMIT 1').pluck();
    this.insertParty = db.prepare('INSERT INTO parties (name, norm_name, party_id, id_kind, id_valid, is_person) VALUES (?, ?, ?, ?, ?, ?)');
    this.attachId = db.prepare('UPDATE parties SET party_id = ?, id_kind = ?, id_valid = ?, is_person = ? WHERE id = ?');
    this.insertAlias = db.prepare('INSERT OR IGNORE INTO party_aliases (party_id, name, norm_name) VALUES (?, ?, ?)');
  }

  /** The party row id for a name (already cleaned, not empty) and an optional identifier. */
  resolve(name: string, rawId: string | null): number {
    if (rawId !== null) {
      // Keyed by identifier, then by spelling: no per-row key string to build and hash. Most
      // identifiers come with one spelling, so the last one met is checked before the second lookup.
      let spellings = this.byId.get(rawId);
      if (spellings !== undefined && spellings.last === name) return spellings.lastId;
      const cached = spellings?.all?.get(name);
      if (cached !== undefined) {
        spellings!.last = detach(name);
        spellings!.lastId = cached;
        return cached;
      }
      if (this.byIdSize >= CACHE_LIMIT) { this.byId.clear(); this.byIdSize = 0; spellings = undefined; }
      const id = this.resolveWithId(name, rawId);
      const spelling = detach(name);
      if (!spellings) {
        spellings = { last: spelling, lastId: id, all: null };
        this.byId.set(detach(rawId), spellings);
      } else {
        // A second spelling of the identifier: from now on every spelling is kept.
        spellings.all ??= new Map([[spellings.last, spellings.lastId]]);
        spellings.all.set(spelling, id);
        spellings.last = spelling;
        spellings.lastId = id;
      }
      this.byIdSize++;
      return id;
    }
    const cached = this.byName.get(name);
    if (cached !== undefined) return cached;
    if (this.byName.size >= CACHE_LIMIT) this.byName.clear();
    const id = this.resolveByName(name);
    this.byName.set(detach(name), id);
    return id;
  }

  private resolveWithId(name: string, rawId: string): number {
    const check = checkPartyId(rawId);
    const norm = normalizeName(name);
    const isPerson = isPersonParty(name, check) ? 1 : 0;
    let id = this.findById.get(check.id) as number | undefined;
    if (id === undefined) {
      // A party first met by name only gets its identifier now, rather than becoming a second party.
      id = this.findNameOnly.get(norm) as number | undefined;
      if (id !== undefined) this.attachId.run(check.id, check.kind, check.valid ? 1 : 0, isPerson, id);
      else id = Number(this.insertParty.run(name, norm, check.id, check.kind, check.valid ? 1 : 0, isPerson).lastInsertRowid);
      if (!check.valid) this.invalidIds++;
    }
    this.insertAlias.run(id, name, norm);
    this.writes?.party(id);
    return id;
  }

  private resolveByName(name: string): number {
    const norm = normalizeName(name);
    let id = this.findByAlias.get(norm) as number | undefined;
    if (id === undefined) id = Number(this.insertParty.run(name, norm, null, null, null, isPersonParty(name, null) ? 1 : 0).lastInsertRowid);
    this.insertAlias.run(id, name, norm);
    this.writes?.party(id);
    return id;
  }
}

/**
 * A foreign buyer's country: the destination of the export declarations naming it as consignee (the
 * one most of them give, the earliest declaration breaking a tie). Run for the declarations with
 * ids from..to once they are written. Reading every declaration of every consignee again took 3 s
 * at a million (a table lookup per declaration), so only the new ones are read, in rowid order: a
 * consignee without a country takes theirs (it had no declarations before), one whose new
 * declarations all agree with its country keeps it, and only one they disagree with is counted again
 * over all its declarations.
 */
export function setConsigneeCountries(db: Database.Database, fromExportId: number, toExportId: number, writes: RegisterWrites | null = null): void {
  const counts = db.prepare(`SELECT consignee_party_id AS party, destination_country AS country, count(*) AS n, min(id) AS first
      FROM exports WHERE id >= ? AND id <= ? AND consignee_party_id IS NOT NULL GROUP BY 1, 2`).all(fromExportId, toExportId) as
    { party: number; country: string; n: number; first: number }[];
  const byParty = new Map<number, typeof counts>();
  for (const row of counts) byParty.set(row.party, [...(byParty.get(row.party) ?? []), row]);
  const countryOf = db.prepare('SELECT country FROM parties WHERE id = ?').pluck();
  const set = db.prepare('UPDATE parties SET country = ? WHERE id = ?');
  const recount = db.prepare(`SELECT destination_country FROM exports WHERE consignee_party_id = ?
      GROUP BY destination_country ORDER BY count(*) DESC, min(id) LIMIT 1`).pluck();
  for (const [party, rows] of byParty) {
    const known = countryOf.get(party) as string | null;
    if (known !== null && rows.every((r) => r.country === known)) continue;
    const country = known === null ? rows.sort((a, b) => b.n - a.n || a.first - b.first)[0]!.country : recount.get(party) as string;
    if (country !== known) {
      set.run(country, party);
      writes?.party(party);
    }
  }
}
