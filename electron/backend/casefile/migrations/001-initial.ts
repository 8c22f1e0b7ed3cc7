import type { Migration } from './index';

/**
 * The first schema: documents and their bytes, records of every kind citing document and row,
 * rejected rows, parties, vehicles, rule runs and flags, review verdicts, notes, document text
 * for search, and the hash-chained audit log.
 *
 * Record tables share their first columns (id, document_id, sheet, row_no, page, raw) so that
 * provenance reads the same way for every kind. `raw` keeps the whole source row as written, so also
 * every column that has no canonical place: for a row of a table, the JSON array of its cells (the
 * headers are in the document's info, per sheet); for a record accepted from a page, the JSON object
 * of its fields. queries/record-source.ts reads both as header -> cell.
 */
const provenance = `
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id),
  sheet TEXT,
  row_no INTEGER,
  page INTEGER,
  raw TEXT NOT NULL`;

export const migration001: Migration = {
  version: 1,
  name: 'initial',
  up: `
CREATE TABLE case_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  file_name TEXT NOT NULL,
  size INTEGER NOT NULL,
  media_type TEXT NOT NULL,
  sha256 TEXT NOT NULL UNIQUE,
  kind TEXT,
  encoding TEXT,
  imported_at TEXT NOT NULL,
  rows_total INTEGER NOT NULL DEFAULT 0,
  rows_imported INTEGER NOT NULL DEFAULT 0,
  rows_rejected INTEGER NOT NULL DEFAULT 0,
  pages INTEGER,
  info TEXT
);
-- Original bytes in chunks: one SQLite value is capped near 1 GB.
CREATE TABLE document_chunks (
  document_id INTEGER NOT NULL REFERENCES documents(id),
  seq INTEGER NOT NULL,
  bytes BLOB NOT NULL,
  PRIMARY KEY (document_id, seq)
) WITHOUT ROWID;

CREATE TABLE parties (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  norm_name TEXT NOT NULL,
  party_id TEXT,
  id_kind TEXT,
  id_valid INTEGER,
  is_person INTEGER NOT NULL DEFAULT 0,
  country TEXT
);
CREATE UNIQUE INDEX parties_party_id ON parties(party_id) WHERE party_id IS NOT NULL;
CREATE INDEX parties_norm_name ON parties(norm_name, id);
CREATE INDEX parties_name ON parties(name, id);
CREATE TABLE party_aliases (
  party_id INTEGER NOT NULL REFERENCES parties(id),
  name TEXT NOT NULL,
  norm_name TEXT NOT NULL,
  PRIMARY KEY (party_id, name)
) WITHOUT ROWID;
CREATE INDEX party_aliases_norm ON party_aliases(norm_name);

CREATE TABLE vehicles (
  id INTEGER PRIMARY KEY,
  vin TEXT NOT NULL UNIQUE,
  wmi TEXT NOT NULL,
  maker TEXT,
  model_year INTEGER,
  make TEXT,
  model TEXT,
  fuel_type TEXT,
  production_date TEXT,
  manufacturer_party_id INTEGER REFERENCES parties(id)
);
CREATE INDEX vehicles_maker ON vehicles(maker, id);
CREATE INDEX vehicles_manufacturer ON vehicles(manufacturer_party_id);

CREATE TABLE vehicle_records (${provenance},
  vin TEXT NOT NULL, make TEXT, model TEXT, fuel_type TEXT, production_date TEXT,
  manufacturer TEXT, manufacturer_id TEXT, manufacturer_party_id INTEGER REFERENCES parties(id)
);
CREATE INDEX vehicle_records_vin ON vehicle_records(vin);
CREATE INDEX vehicle_records_document ON vehicle_records(document_id);

CREATE TABLE sales (${provenance},
  invoice_no TEXT NOT NULL, invoice_date TEXT NOT NULL, vin TEXT NOT NULL,
  seller TEXT NOT NULL, seller_id TEXT, seller_party_id INTEGER NOT NULL REFERENCES parties(id),
  buyer TEXT NOT NULL, buyer_id TEXT, buyer_party_id INTEGER NOT NULL REFERENCES parties(id),
  price REAL, currency TEXT, invoice_type TEXT
);
CREATE INDEX sales_vin_date ON sales(vin, invoice_date);
CREATE INDEX sales_date ON sales(invoice_date);
CREATE INDEX sales_seller ON sales(seller_party_id);
CREATE INDEX sales_buyer ON sales(buyer_party_id);
CREATE INDEX sales_document ON sales(document_id);
CREATE INDEX sales_invoice_no ON sales(invoice_no);

CREATE TABLE registrations (${provenance},
  registration_date TEXT NOT NULL, event TEXT NOT NULL, vin TEXT NOT NULL,
  owner TEXT NOT NULL, owner_id TEXT, owner_party_id INTEGER NOT NULL REFERENCES parties(id),
  plate TEXT, city TEXT, province TEXT, odometer_km REAL
);
CREATE INDEX registrations_vin_date ON registrations(vin, registration_date);
CREATE INDEX registrations_date ON registrations(registration_date);
CREATE INDEX registrations_owner ON registrations(owner_party_id);
CREATE INDEX registrations_plate ON registrations(plate);
CREATE INDEX registrations_city ON registrations(city) WHERE city IS NOT NULL;
CREATE INDEX registrations_document ON registrations(document_id);

CREATE TABLE exports (${provenance},
  declaration_no TEXT NOT NULL, declaration_date TEXT NOT NULL, vin TEXT NOT NULL,
  exporter TEXT NOT NULL, exporter_id TEXT, exporter_party_id INTEGER NOT NULL REFERENCES parties(id),
  consignee TEXT, consignee_party_id INTEGER REFERENCES parties(id),
  destination_country TEXT NOT NULL, port TEXT, declared_value REAL, currency TEXT,
  odometer_km REAL, condition TEXT
);
CREATE INDEX exports_vin_date ON exports(vin, declaration_date);
CREATE INDEX exports_date ON exports(declaration_date);
CREATE INDEX exports_exporter ON exports(exporter_party_id);
CREATE INDEX exports_consignee ON exports(consignee_party_id);
CREATE INDEX exports_declaration_no ON exports(declaration_no);
CREATE INDEX exports_document ON exports(document_id);

CREATE TABLE shipments (${provenance},
  bl_no TEXT NOT NULL, departure_date TEXT NOT NULL, vin TEXT NOT NULL,
  carrier TEXT, mode TEXT, port_of_loading TEXT, port_of_discharge TEXT,
  consignee TEXT, consignee_party_id INTEGER REFERENCES parties(id)
);
CREATE INDEX shipments_vin_date ON shipments(vin, departure_date);
CREATE INDEX shipments_document ON shipments(document_id);

-- countries as ',RU,KZ,' so a rule can test membership with instr().
CREATE TABLE confirmations (${provenance},
  vin TEXT NOT NULL, issued_date TEXT NOT NULL, maker TEXT, maker_party_id INTEGER REFERENCES parties(id),
  countries TEXT NOT NULL
);
CREATE INDEX confirmations_vin ON confirmations(vin, issued_date);
CREATE INDEX confirmations_document ON confirmations(document_id);

CREATE TABLE rejected_rows (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id),
  sheet TEXT,
  row_no INTEGER NOT NULL,
  raw TEXT NOT NULL,
  reason TEXT NOT NULL,
  message TEXT NOT NULL
);
CREATE INDEX rejected_rows_document ON rejected_rows(document_id, row_no);
CREATE INDEX rejected_rows_reason ON rejected_rows(reason, id);

-- Text of PDFs and images, per page, for search and VIN links.
CREATE TABLE document_pages (
  document_id INTEGER NOT NULL REFERENCES documents(id),
  page INTEGER NOT NULL,
  text TEXT NOT NULL,
  source TEXT NOT NULL,
  PRIMARY KEY (document_id, page)
) WITHOUT ROWID;
CREATE VIRTUAL TABLE document_text USING fts5(text, document_id UNINDEXED, page UNINDEXED, tokenize = 'trigram');
CREATE TABLE document_vins (
  document_id INTEGER NOT NULL REFERENCES documents(id),
  vin TEXT NOT NULL,
  page INTEGER NOT NULL,
  PRIMARY KEY (document_id, vin, page)
) WITHOUT ROWID;
CREATE INDEX document_vins_vin ON document_vins(vin);
-- Records read from single documents wait here until the analyst accepts, corrects or rejects them.
CREATE TABLE proposed_records (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id),
  page INTEGER NOT NULL,
  kind TEXT NOT NULL,
  layout TEXT NOT NULL,
  fields TEXT NOT NULL,
  boxes TEXT,
  status TEXT NOT NULL DEFAULT 'proposed',
  record_id INTEGER,
  decided_at TEXT
);
CREATE INDEX proposed_records_status ON proposed_records(status, id);

CREATE TABLE rule_runs (
  id INTEGER PRIMARY KEY,
  started TEXT NOT NULL,
  finished TEXT,
  app_version TEXT NOT NULL,
  params TEXT NOT NULL,
  counts TEXT,
  status TEXT NOT NULL DEFAULT 'running'
);
-- A flag's key (rule + vehicle or party) is what a verdict attaches to, so verdicts survive re-runs.
CREATE TABLE flags (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES rule_runs(id),
  rule TEXT NOT NULL,
  severity TEXT NOT NULL,
  flag_key TEXT NOT NULL,
  vin TEXT,
  party_id INTEGER REFERENCES parties(id),
  reason TEXT NOT NULL,
  facts TEXT NOT NULL,
  maker TEXT,
  exporter TEXT,
  destination TEXT,
  days INTEGER,
  km REAL,
  status TEXT NOT NULL DEFAULT 'open'
);
-- A run writes its flags in id order, so flags_run only ever grows at its end: one covering index
-- with every grid column stands in for an index per sort column (which cost a random insert each
-- per flag); a grid block sorts that run's narrow entries and then reads its 100 rows.
CREATE INDEX flags_run ON flags(run_id, id, rule, severity, status, vin, maker, exporter, destination, days, km);
CREATE INDEX flags_key ON flags(flag_key, run_id);
CREATE INDEX flags_vin ON flags(vin, run_id) WHERE vin IS NOT NULL;
CREATE INDEX flags_party ON flags(party_id, run_id) WHERE party_id IS NOT NULL;
-- The queue's triage order (days from first registration to export, a whole run) and one rule's
-- flags walk these. Partial on a condition only the flag grid writes out, so that no other query
-- on a run's flags picks them and then reads the wide rows one by one.
CREATE INDEX flags_run_days ON flags(run_id, days, id) WHERE run_id > 0;
CREATE INDEX flags_run_rule ON flags(run_id, rule, id) WHERE run_id > 0;
CREATE TABLE flag_evidence (
  flag_id INTEGER NOT NULL REFERENCES flags(id),
  record_kind TEXT NOT NULL,
  record_id INTEGER NOT NULL,
  document_id INTEGER NOT NULL REFERENCES documents(id),
  row_no INTEGER,
  page INTEGER,
  PRIMARY KEY (flag_id, record_kind, record_id)
) WITHOUT ROWID;

CREATE TABLE reviews (
  flag_key TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  reason TEXT,
  analyst TEXT,
  updated_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE notes (
  id INTEGER PRIMARY KEY,
  subject_type TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  body TEXT NOT NULL,
  analyst TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX notes_subject ON notes(subject_type, subject_id);
CREATE TABLE tags (
  subject_type TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  tag TEXT NOT NULL,
  PRIMARY KEY (subject_type, subject_id, tag)
) WITHOUT ROWID;
CREATE INDEX tags_tag ON tags(tag);

-- Append-only: each entry's hash covers the previous entry's hash and its own content.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
`,
};
