import type Database from 'better-sqlite3';
import { KeptBlockCheck, REGISTER_BLOCK_BITS } from './register-digest';
import { mergeChangedRows } from './row-digests';
import type { ChangedRows } from '../../../shared/contract/changed-rows';

/**
 * The register triggers set aside for one import, which says itself which blocks it wrote.
 *
 * Migration 011's triggers drop a register block's kept digest whenever a row of it is written.
 * But a table with a trigger makes every INSERT and UPDATE on it a statement that may write more
 * than one row, and with its NOT NULL and UNIQUE constraints SQLite then opens a statement
 * journal for each: every 16 KB page the row touches copied to a temporary file first. An import
 * writes a vehicle, a party or an alias per row: at a million vehicles that was 9 s of system
 * time for the 700,000-vehicle file and 14 s for the new-car invoices.
 *
 * So an import drops the triggers inside its own transaction (a rollback or a crash brings them
 * back with everything else), notes the blocks of the rows it updates, and before its audit entry
 * commits the registers drops the kept digests of those blocks and of every block from the first
 * id it may have added, then creates the triggers again from their own SQL. Only RecordWriter's
 * register writes (VehicleRegistry, PartyResolver, setConsigneeCountries) run meanwhile; the test
 * import/register-writes.test.ts holds the commit to a digest made from the rows alone.
 *
 * Either way (set aside, or only watched by an accepted proposed record, whose writes go through
 * the triggers) each block that held rows is held to its kept digest before its first write.
 */
export class RegisterWrites {
  private readonly triggers: { name: string; sql: string }[];
  /** Blocks of each table from which new rows may have been added (ids only grow). */
  private readonly firstNew: { vehicles: number; parties: number };
  private readonly vehicleBlocks = new Set<number>();
  private readonly partyBlocks = new Set<number>();
  private readonly check: KeptBlockCheck;
  /** Tables whose rows in a block this import writes differed from the block's kept digest before it wrote them. */
  private readonly outside = { vehicles: new Set<string>(), parties: new Set<string>() };
  /** The rows that differed, by register and table. */
  private readonly outsideRows: { vehicles: Record<string, ChangedRows>; parties: Record<string, ChangedRows> } = { vehicles: {}, parties: {} };
  private resumed = false;

  private constructor(private readonly db: Database.Database, private readonly setAside: boolean) {
    this.triggers = !setAside ? [] : db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'register\\_blocks\\_%' ESCAPE '\\' ORDER BY name")
      .all() as { name: string; sql: string }[];
    const maxId = (table: string) => (db.prepare(`SELECT coalesce(max(id), 0) FROM ${table}`).pluck().get() as number);
    this.firstNew = { vehicles: blockOf(maxId('vehicles') + 1), parties: blockOf(maxId('parties') + 1) };
    this.check = new KeptBlockCheck(db);
    // The blocks new rows go to, whose digests resume() drops: the first may hold rows already, and
    // a digest kept past it is of rows deleted since. Looked at before anything is written.
    const beyond = db.prepare('SELECT DISTINCT block FROM register_blocks WHERE tbl IN (?, ?) AND block > ?').pluck();
    for (const block of [this.firstNew.vehicles, ...(beyond.all('vehicles', 'vehicles', this.firstNew.vehicles) as number[])]) this.look('vehicles', block);
    for (const block of [this.firstNew.parties, ...(beyond.all('parties', 'party_aliases', this.firstNew.parties) as number[])]) this.look('parties', block);
    for (const trigger of this.triggers) db.exec(`DROP TRIGGER "${trigger.name.replaceAll('"', '""')}"`);
  }

  /** Sets the triggers aside; must run inside the import's transaction. */
  static pause(db: Database.Database): RegisterWrites {
    if (!db.inTransaction) throw new Error('register triggers are set aside only inside a transaction');
    return new RegisterWrites(db, true);
  }

  /** Watches register writes made through the triggers (an accepted proposed record): the blocks are looked at, the triggers stay. */
  static watch(db: Database.Database): RegisterWrites {
    return new RegisterWrites(db, false);
  }

  /** A vehicle row that was there before the import, about to be updated. */
  vehicle(id: number): void {
    this.writing('vehicles', this.vehicleBlocks, id);
  }

  /** A party row, or its aliases, about to be written. */
  party(id: number): void {
    this.writing('parties', this.partyBlocks, id);
  }

  /** The registers whose rows in blocks this import wrote were changed outside ZeroMile before it wrote them, with their tables. */
  changedOutside(): { key: 'parties' | 'vehicles'; tables: string[]; rows: Record<string, ChangedRows> }[] {
    return (['parties', 'vehicles'] as const).filter((key) => this.outside[key].size > 0)
      .map((key) => ({ key, tables: [...this.outside[key]].sort(), rows: this.outsideRows[key] }));
  }

  /** The first write of a block that held rows before the import: its rows are held to its kept digest first. */
  private writing(key: 'parties' | 'vehicles', blocks: Set<number>, id: number): void {
    const block = blockOf(id);
    if (this.resumed || blocks.has(block)) return;
    blocks.add(block);
    if (block < this.firstNew[key]) this.look(key, block);
  }

  private look(key: 'parties' | 'vehicles', block: number): void {
    const found = this.check.differingRows(key, block);
    for (const table of found.tables) this.outside[key].add(table);
    for (const [table, rows] of Object.entries(found.rows)) this.outsideRows[key][table] = mergeChangedRows(this.outsideRows[key][table], rows);
  }

  /** Drops the kept digests of every block written and puts the triggers back (watched writes: nothing to do but stop watching). */
  resume(): void {
    if (this.resumed) return;
    this.resumed = true;
    if (!this.setAside) return; // the triggers dropped what the writes made stale
    const drop = (tables: string[], from: number, blocks: Set<number>) => {
      const statement = this.db.prepare('DELETE FROM register_blocks WHERE tbl = ? AND (block >= ? OR block IN (SELECT value FROM json_each(?)))');
      for (const table of tables) statement.run(table, from, JSON.stringify([...blocks]));
    };
    drop(['vehicles'], this.firstNew.vehicles, this.vehicleBlocks);
    drop(['parties', 'party_aliases'], this.firstNew.parties, this.partyBlocks);
    for (const trigger of this.triggers) this.db.exec(trigger.sql);
  }
}

function blockOf(id: number): number {
  return Math.floor(id / 2 ** REGISTER_BLOCK_BITS);
}
