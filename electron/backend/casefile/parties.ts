import type Database from 'better-sqlite3';
import { checkPartyId } from '../../../shared/party-id';
import { isPersonParty } from '../../../shared/party-kind';
import { detach, normalizeName } from '../../../shared/text';
import { deferIndexes, type DeferredIndexes } from './deferred-indexes';
import type { RegisterWrites } from './register-writes';

/**
 * An import that has created this many parties (at least `min`, and an eighth of the parties the
 * case held before it) builds the parties' name indexes again at its end rather than keeping them
 * up row by row. A new party went into three indexes at random places (identifier, normalised
 * name, name) and its alias into a fourth: at a million vehicles, 780,000 private buyers with an
 * ID number made party resolution half of the writer's time on the new-car invoices. The
 * identifier index stays (every new identifier is looked up in it first, so its insert finds the
 * page at hand), and so do the indexes the resolver reads: name-only parties and aliases by name.
 */
const BULK_PARTIES = { min: 20_000, share: 8 };
/** The parties' indexes a bulk of new parties rebuilds at the end (see BULK_PARTIES). */
const DEFERRED_PARTY_INDEXES = new Set(['parties_norm_name', 'parties_name']);

/** Above this many cached spellings the cache starts over, so a file of a million private buyers stays in bounded memory. */
const CACHE_LIMIT = 200_000;

/**
 * What is known of one identifier: the last spelling met with it (checked first: most identifiers
 * come with one spelling) and, once a second one is met, every spelling. A plain object, not a Map
 * with properties: one memory hop fewer on the hot path of a big import (a quarter of its cost).
 */
type Spellings = { last: string; lastId: number; all: Map<string, number> | null };

/** An identified party that holds a normalised name among its spellings. */
type Holder = { id: number; is_person: number };

/**
 * Resolves parties while records are written. The same USCC / ID number is the same party. A row
 * without one is the party of its normalised name that has no identifier either (DOMAIN.md), with
 * one exception: where exactly one identified party holds that name among its spellings and it is
 * an organisation, and the name is not a person's, the row is linked to it. Such a link is never
 * stored as more than it is: the record keeps its empty identifier, so "matched by name only" is
 * read from the rows (casefile/name-matches.ts) wherever the record is shown.
 *
 * A row without an identifier is never joined to a person, nor to a name two identified parties
 * share: common personal names are shared by thousands of people, and joining them was a guess
 * presented as fact (60 sales of 王伟 without an ID number became one identified 王伟's). The
 * reverse order gives the same parties: a party met first by name alone takes the identifier that
 * comes later only on the same terms (an organisation, and the only identified one of its name).
 * The one order that still matters is a second identified organisation of a name rows were already
 * linked by: those links stay (marked), later rows go to the name-only party, and the party view
 * lists every party of the same name.
 *
 * Every spelling met is kept in party_aliases. Lookups are cached per import, keyed by the exact
 * spelling, so a repeated seller costs one Map lookup.
 */
export class PartyResolver {
  private readonly byId = new Map<string, Spellings>();
  private byIdSize = 0;
  private readonly byName = new Map<string, number>();
  /**
   * Cached spellings without an identifier that are not persons' names, by normalised name: the
   * party they resolve to may change when a party takes that name under an identifier (a second
   * identified party makes it ambiguous), so they are looked up again then.
   */
  private readonly organisationNames = new Map<string, string[]>();
  private readonly findById: Database.Statement;
  private readonly findNameOnly: Database.Statement;
  private readonly findHolders: Database.Statement;
  private readonly insertParty: Database.Statement;
  private readonly attachId: Database.Statement;
  private readonly insertAlias: Database.Statement;
  private readonly hasAlias: Database.Statement;
  /** Parties whose identifier turned out invalid in this import (for the result and tests). */
  invalidIds = 0;
  /** Parties this resolver inserted, and from how many on their name indexes are rebuilt at the end. */
  private created = 0;
  private readonly bulkFrom: number;
  /** The largest party id before this resolver: a party past it is new, and has no spelling to look for. */
  private readonly heldBefore: number;
  private deferred: DeferredIndexes | null = null;

  /** `writes`: an import's register writes, told which parties it updates or gives aliases (register-writes.ts). */
  /** `bulkFrom`: tuning and tests, the new parties from which the name indexes are rebuilt at the end (BULK_PARTIES by default). */
  constructor(private readonly db: Database.Database, private readonly writes: RegisterWrites | null = null, bulkFrom?: number) {
    this.findById = db.prepare('SELECT id FROM parties WHERE party_id = ?').pluck();
    // The partial index parties_name_only (migration 013) holds only parties without an identifier.
    this.findNameOnly = db.prepare('SELECT id, is_person FROM parties WHERE norm_name = ? AND party_id IS NULL ORDER BY id LIMIT 1');
    // Up to two parties: one is all a link needs to know, two make the name ambiguous.
    this.findHolders = db.prepare(`SELECT DISTINCT a.party_id AS id, p.is_person FROM party_aliases a JOIN parties p ON p.id = a.party_id
      WHERE a.norm_name = ? AND p.party_id IS NOT NULL LIMIT 2`);
    this.insertParty = db.prepare('INSERT INTO parties (name, norm_name, party_id, id_kind, id_valid, is_person) VALUES (?, ?, ?, ?, ?, ?)');
    this.attachId = db.prepare('UPDATE parties SET party_id = ?, id_kind = ?, id_valid = ?, is_person = ? WHERE id = ?');
    this.insertAlias = db.prepare('INSERT OR IGNORE INTO party_aliases (party_id, name, norm_name) VALUES (?, ?, ?)');
    this.hasAlias = db.prepare('SELECT 1 FROM party_aliases WHERE party_id = ? AND name = ?').pluck();
    const held = db.prepare('SELECT coalesce(max(id), 0) FROM parties').pluck().get() as number;
    this.heldBefore = held;
    this.bulkFrom = bulkFrom ?? Math.max(BULK_PARTIES.min, Math.ceil(held / BULK_PARTIES.share));
  }

  /** Whether this resolver has set the name indexes aside (BULK_PARTIES) and not built them again yet. */
  get indexesDeferred(): boolean {
    return this.deferred !== null;
  }

  /** Builds the name indexes again if this resolver set them aside (BULK_PARTIES); before the import commits or reads parties by name. */
  restoreIndexes(between?: () => void): void {
    this.deferred?.restore(between);
    this.deferred = null;
  }

  private newParty(name: string, norm: string, partyId: string | null, kind: string | null, valid: number | null, isPerson: number): number {
    if (++this.created === this.bulkFrom) this.deferred = deferIndexes(this.db, 'parties', (index) => DEFERRED_PARTY_INDEXES.has(index));
    return Number(this.insertParty.run(name, norm, partyId, kind, valid, isPerson).lastInsertRowid);
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
    if (this.byName.size >= CACHE_LIMIT) { this.byName.clear(); this.organisationNames.clear(); }
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
      // An organisation first met by name alone takes its identifier now, rather than becoming a
      // second party, if it is the first identified party of that name (the terms a later row
      // without one would be linked on). A person never does: the name says nothing of which one.
      const nameOnly = isPerson ? undefined : this.findNameOnly.get(norm) as Holder | undefined;
      if (nameOnly !== undefined && nameOnly.is_person === 0 && this.holders(norm).length === 0) {
        id = nameOnly.id;
        this.writes?.party(id);
        this.attachId.run(check.id, check.kind, check.valid ? 1 : 0, isPerson, id);
      } else {
        id = this.newParty(name, norm, check.id, check.kind, check.valid ? 1 : 0, isPerson);
      }
      if (!check.valid) this.invalidIds++;
    }
    // A spelling new to the case under an identifier: a name cached for rows without one may now
    // have two identified parties to choose from, so it is looked up again.
    if (this.addAlias(id, name, norm)) this.forgetLinks(norm);
    return id;
  }

  private resolveByName(name: string): number {
    const norm = normalizeName(name);
    const nameOnly = this.findNameOnly.get(norm) as Holder | undefined;
    let id: number;
    let isPerson: boolean;
    if (nameOnly !== undefined) {
      id = nameOnly.id;
      isPerson = nameOnly.is_person === 1;
    } else {
      isPerson = isPersonParty(name, null);
      const holders = isPerson ? [] : this.holders(norm);
      if (holders.length === 1 && holders[0]!.is_person === 0) id = holders[0]!.id;
      else id = this.newParty(name, norm, null, null, null, isPerson ? 1 : 0);
    }
    if (!isPerson) {
      const spellings = this.organisationNames.get(norm);
      if (spellings) spellings.push(detach(name));
      else this.organisationNames.set(detach(norm), [detach(name)]);
    }
    this.addAlias(id, name, norm);
    return id;
  }

  /**
   * Keeps a spelling of a party; whether it was new. Only a new one writes, and only then is the
   * party's block told (before the write: a block that held rows is held to its kept digest first,
   * register-writes.ts). Told for every spelling met, a file naming parties the case already had
   * (the registrations' owners, the used-car invoices' buyers) marked every block of the register
   * as written: each was checked against its kept digest and hashed again at commit, 2-3.5 s of a
   * million-vehicle import's finishing per such file, for blocks it had not changed.
   */
  private addAlias(id: number, name: string, norm: string): boolean {
    // A party this import created (780,000 private buyers in the new-car invoices) is not looked up:
    // INSERT OR IGNORE below still keeps its second spelling of the same name to one row.
    if (id <= this.heldBefore && this.hasAlias.get(id, name) !== undefined) return false;
    this.writes?.party(id);
    return this.insertAlias.run(id, name, norm).changes > 0;
  }

  /** The identified parties (up to two) that hold a normalised name among their spellings. */
  private holders(norm: string): Holder[] {
    return this.findHolders.all(norm) as Holder[];
  }

  private forgetLinks(norm: string): void {
    const spellings = this.organisationNames.get(norm);
    if (spellings === undefined) return;
    for (const spelling of spellings) this.byName.delete(spelling);
    this.organisationNames.delete(norm);
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
      writes?.party(party);
      set.run(country, party);
    }
  }
}
