import type Database from 'better-sqlite3';
import { PartyResolver } from '../casefile/parties';
import { PARTY_LINKS, prepareRecordInsert } from '../casefile/records';
import { VehicleRegistry } from '../casefile/vehicles';
import { RECORD_FIELDS, type RecordKind } from '../../../shared/record-kinds';
import type { Value } from './row-plan';

type KindWriter = {
  insert: Database.Statement;
  vinAt: number;
  /** Per party link: positions of its name and identifier among the values (-1 when the kind has no identifier). */
  links: { nameAt: number; idAt: number }[];
  master: { make: number; model: number; fuel_type: number; production_date: number } | null;
  /** The insert's parameters, filled in place for every row and bound positionally. */
  params: Value[];
  /** Where the party ids start in params. */
  partiesAt: number;
  /** The ids of the records written since the last finish (0: none). */
  firstId: number;
  lastId: number;
};

/**
 * Writes validated rows of one document: the record with its provenance, its parties resolved;
 * `finish` registers the vehicles the records name. Statements are prepared once per kind and
 * reused for every row.
 */
export class RecordWriter {
  private readonly kinds = new Map<RecordKind, KindWriter>();
  readonly parties: PartyResolver;
  readonly vehicles: VehicleRegistry;

  constructor(private readonly db: Database.Database, private readonly documentId: number) {
    this.parties = new PartyResolver(db);
    this.vehicles = new VehicleRegistry(db);
  }

  private writerFor(kind: RecordKind): KindWriter {
    let writer = this.kinds.get(kind);
    if (!writer) {
      const names = RECORD_FIELDS[kind].map((f) => f.name);
      const at = (name: string) => names.indexOf(name);
      writer = {
        insert: prepareRecordInsert(this.db, kind),
        vinAt: at('vin'),
        links: PARTY_LINKS[kind].map((link) => ({ nameAt: at(link.name), idAt: link.id === null ? -1 : at(link.id) })),
        master: kind === 'vehicles' ? { make: at('make'), model: at('model'), fuel_type: at('fuel_type'), production_date: at('production_date') } : null,
        params: new Array<Value>(4 + names.length + PARTY_LINKS[kind].length).fill(null),
        partiesAt: 4 + names.length,
        firstId: 0,
        lastId: 0,
      };
      this.kinds.set(kind, writer);
    }
    return writer;
  }

  write(kind: RecordKind, sheet: string | null, rowNo: number, raw: string, values: Value[]): void {
    const writer = this.writerFor(kind);
    const params = writer.params;
    const links = writer.links;
    for (let i = 0; i < links.length; i++) {
      const link = links[i]!;
      const name = values[link.nameAt] as string | null;
      const id = link.idAt < 0 ? null : (values[link.idAt] as string | null);
      params[writer.partiesAt + i] = name !== null ? this.parties.resolve(name, id) : id !== null ? this.parties.resolve(id, id) : null;
    }
    if (writer.master) {
      const vin = values[writer.vinAt] as string;
      const m = writer.master;
      this.vehicles.master(vin, {
        make: values[m.make] as string | null,
        model: values[m.model] as string | null,
        fuel_type: values[m.fuel_type] as string | null,
        production_date: values[m.production_date] as string | null,
        manufacturer_party_id: (params[writer.partiesAt] as number | null | undefined) ?? null,
      });
    }
    params[0] = this.documentId;
    params[1] = sheet;
    params[2] = rowNo;
    params[3] = raw;
    for (let i = 0; i < values.length; i++) params[4 + i] = values[i]!;
    const id = writer.insert.run(params).lastInsertRowid as number;
    if (writer.firstId === 0) writer.firstId = id;
    writer.lastId = id;
  }

  /**
   * Registers the vehicles of every record written (records of a kind get consecutive ids within one
   * transaction). `bulkKinds`: kinds loaded in bulk, whose VIN index was just rebuilt.
   */
  finish(bulkKinds: ReadonlySet<RecordKind> = new Set()): void {
    for (const [kind, writer] of this.kinds) {
      if (kind !== 'vehicles' && writer.firstId > 0) this.vehicles.registerRecords(kind, writer.firstId, writer.lastId, bulkKinds.has(kind));
      writer.firstId = 0;
    }
  }
}
