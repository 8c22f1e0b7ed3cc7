/**
 * Rows of a document or register that differ from what their last commit held, as verify, an
 * import and an accepted proposed record name them (electron/backend/casefile/row-digests.ts).
 */
export type ChangedRow = {
  table: string;
  /** The row's id (rowid) in its table. */
  id: number;
  /** changed: the row is there and differs; added: not committed; deleted: committed and gone. */
  change: 'changed' | 'added' | 'deleted';
  /** Where a record came from: its source row number, sheet and page (as committed, for a deleted row). */
  row_no?: number;
  sheet?: string;
  page?: number;
  /** A vehicle's VIN, a party's name (as committed, for a deleted row). */
  vin?: string;
  name?: string;
  /** The VIN or name committed, where the row now holds another. */
  was?: string;
};

/**
 * The rows named (the first few) and how many differ in all, by kind of change. `unnamed`: ranges
 * of register ids whose rows the last commit may have held but whose kept row digests are gone
 * (deleted by hand): nothing to hold those rows to, so they are neither named nor counted.
 */
export type ChangedRows = { rows: ChangedRow[]; total: number; changed: number; added: number; deleted: number; unnamed?: [number, number][] };
