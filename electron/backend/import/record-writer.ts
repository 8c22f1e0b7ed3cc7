import type Database from 'better-sqlite3';
import { PartyResolver, setConsigneeCountries } from '../casefile/parties';
import type { RegisterWrites } from '../casefile/register-writes';
import { PARTY_LINKS, prepareRecordInsert } from '../casefile/records';
import { foldSameFacts } from '../casefile/record-sources';
import { FoldNotes } from '../casefile/fold-notes';
import { VehicleRegistry } from '../casefile/vehicles';
import { RECORD_FIELDS, type RecordKind } from '../../../shared/record-kinds';
import type { Value } from './row-plan';
import { RecordPacker, type PackedRecords } from './packed-records';
import { ValueMarkNotes } from './value-mark-notes';
import type { ValueMark } from '../../../shared/value-marks';

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
  /** What folding rows into facts the case held has to tell (record-sources.ts, fold-notes.ts). */
  readonly folds = new FoldNotes();
  /** Values read differently from their cells: marked on their rows (value_marks), summed up for the result. */
  readonly marks: ValueMarkNotes;

  /**
   * `writes`: an import's register writes (register-writes.ts), told which rows of the registers it
   * updates. `bulkPartiesFrom`: see PartyResolver.
   */
  constructor(private readonly db: Database.Database, private readonly documentId: number, private readonly writes: RegisterWrites | null = null, bulkPartiesFrom?: number) {
    this.parties = new PartyResolver(db, writes, bulkPartiesFrom);
    this.vehicles = new VehicleRegistry(db, writes);
    this.marks = new ValueMarkNotes(db, documentId);
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

  /** Writes packed records (packed-records.ts), resolving the parties they name. */
  write(sheet: string | null, records: PackedRecords): void {
    const writer = this.writerFor(records.kind);
    const params = writer.params;
    const links = writer.links;
    // The insert's parameters: document, sheet, row number, raw cells, the values, the parties.
    params[0] = this.documentId;
    params[1] = sheet;
    // The marked records' positions, ascending: one comparison a record, a write only for a marked one.
    const markedAt = records.markedAt;
    let marked = 0;
    for (let r = 0; r < records.rowNos.length; r++) {
      params[2] = records.rowNos[r]!;
      params[3] = records.raws[r]!;
      const values = records.values[r]!;
      for (let i = 0; i < values.length; i++) params[4 + i] = values[i]!;
      for (let i = 0; i < links.length; i++) {
        const link = links[i]!;
        const name = params[4 + link.nameAt] as string | null;
        const id = link.idAt < 0 ? null : (params[4 + link.idAt] as string | null);
        params[writer.partiesAt + i] = name !== null ? this.parties.resolve(name, id) : id !== null ? this.parties.resolve(id, id) : null;
      }
      if (writer.master) this.master(writer, params, params[writer.partiesAt] as number | null);
      this.insert(writer);
      if (marked < markedAt.length && markedAt[marked] === r) this.marks.write(records.kind, sheet, records.rowNos[r]!, values, records.marks[marked++]!);
    }
  }

  /** A vehicles-kind record's master data, from its insert's parameters (values start at 4). */
  private master(writer: KindWriter, params: readonly Value[], manufacturer: number | null): void {
    const m = writer.master!;
    this.vehicles.master(params[4 + writer.vinAt] as string, {
      make: params[4 + m.make] as string | null,
      model: params[4 + m.model] as string | null,
      fuel_type: params[4 + m.fuel_type] as string | null,
      production_date: params[4 + m.production_date] as string | null,
      manufacturer_party_id: manufacturer,
    });
  }

  private insert(writer: KindWriter): void {
    const params = writer.params;
    const id = writer.insert.run(params).lastInsertRowid as number;
    if (writer.firstId === 0) writer.firstId = id;
    writer.lastId = id;
  }

  /** One record met outside a table import (a proposed record accepted). */
  writeValues(kind: RecordKind, sheet: string | null, rowNo: number | null, raw: string, values: readonly Value[], marks?: readonly ValueMark[]): void {
    const packer = new RecordPacker(kind);
    packer.add(rowNo, raw, values, marks);
    this.write(sheet, packer.take());
  }

  /**
   * Registers the vehicles of every record written (records of a kind get consecutive ids within one
   * transaction). `bulkKinds`: kinds loaded in bulk, whose VIN index was just rebuilt. First, a
   * record telling a fact the case already holds becomes a further source of that record
   * (record-sources.ts). The consignees of new declarations get their country. Returns how many
   * records were folded so.
   */
  /** `between`: called between its steps (an import's cancel check, which throws to stop the import). */
  finish(bulkKinds: ReadonlySet<RecordKind> = new Set(), between: () => void = () => undefined): number {
    this.parties.restoreIndexes(between);
    let folded = 0;
    for (const [kind, writer] of this.kinds) {
      if (kind !== 'vehicles' && writer.firstId > 0) {
        folded += foldSameFacts(this.db, kind, writer.firstId, writer.lastId, this.folds);
        between();
        if (kind === 'exports') setConsigneeCountries(this.db, writer.firstId, writer.lastId, this.writes);
        this.vehicles.registerRecords(kind, writer.firstId, writer.lastId, bulkKinds.has(kind));
        between();
      }
      writer.firstId = 0;
    }
    return folded;
  }
}
