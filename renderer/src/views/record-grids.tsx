import type { ColDef } from 'ag-grid-community';
import { useMemo, useState } from 'react';
import type { DocumentRow, PartyRow, RejectedRow, VehicleRow } from '../../../shared/contract/grids';
import { makerName } from '../../../shared/data/maker-names';
import type { HandlerArgs } from '../../../shared/handlers';
import { countryName } from '../../../shared/vocabulary';
import { api } from '../api';
import { DataGrid } from '../components/data-grid';
import { useI18n } from '../i18n/i18n';
import { documentKindLabel } from '../lib/document-labels';
import { navigate } from '../lib/route';
import { fuelName } from './vehicle-view';

const fetchVehicles = (r: HandlerArgs<'grid:vehicles'>) => api.invoke('grid:vehicles', r);
const fetchParties = (r: HandlerArgs<'grid:parties'>) => api.invoke('grid:parties', r);
const fetchDocuments = (r: HandlerArgs<'grid:documents'>) => api.invoke('grid:documents', r);
const fetchRejected = (r: HandlerArgs<'grid:rejected'>) => api.invoke('grid:rejected', r);

function GridScreen({ title, count, children }: { title: string; count: number | null; children: React.ReactNode }) {
  const { t, num } = useI18n();
  return (
    <section className="screen screen-grid" aria-label={title}>
      <header className="screen-head"><h1>{title}</h1><span className="count">{count === null ? '…' : t('common.rows', { count: num(count) })}</span></header>
      {children}
    </section>
  );
}

/** A text box that applies on Enter or leaving it, so a block is not fetched per keystroke. */
function FilterBox({ label, onApply }: { label: string; onApply: (value: string) => void }) {
  return (
    <label>{label}
      <input aria-label={label} onKeyDown={(e) => { if (e.key === 'Enter') onApply(e.currentTarget.value.trim()); }} onBlur={(e) => onApply(e.target.value.trim())} />
    </label>
  );
}

export function VehiclesGrid({ refreshKey = 0 }: { refreshKey?: number }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const [count, setCount] = useState<number | null>(null);
  const [vin, setVin] = useState('');
  const columns = useMemo<ColDef<VehicleRow>[]>(() => [
    { colId: 'vin', field: 'vin', headerName: t('col.vin'), sortable: true, width: 200, cellClass: 'mono' },
    { colId: 'maker', field: 'maker', headerName: t('col.maker'), sortable: true, width: 180, valueFormatter: (p) => (p.value ? makerName(String(p.value), lang) : '') },
    { field: 'model_year', headerName: t('col.model_year'), width: 110 },
    { field: 'make', headerName: t('col.make'), width: 140 },
    { field: 'model', headerName: t('col.model'), width: 160 },
    { field: 'fuel_type', headerName: t('col.fuel'), width: 90, valueFormatter: (p) => (p.value ? fuelName(String(p.value), i18n) : '') },
    { field: 'production_date', headerName: t('col.production_date'), flex: 1 },
  ], [t, lang, i18n]);
  return (
    <GridScreen title={t('vehicles.grid')} count={count}>
      <DataGrid<VehicleRow, { vin?: string }> gridId="vehicles" label={t('vehicles.grid')} tools={<FilterBox label={t('vehicles.filter_vin')} onApply={(v) => setVin(v.toUpperCase())} />} refreshKey={refreshKey} columns={columns} fetch={fetchVehicles} filter={vin ? { vin } : {}}
        onCount={setCount} onOpen={(row) => navigate({ screen: 'vehicle', vin: row.vin })} />
    </GridScreen>
  );
}

export function PartiesGrid({ refreshKey = 0 }: { refreshKey?: number }) {
  const { t, lang } = useI18n();
  const [count, setCount] = useState<number | null>(null);
  const [name, setName] = useState('');
  const columns = useMemo<ColDef<PartyRow>[]>(() => [
    { colId: 'name', field: 'name', headerName: t('col.name'), sortable: true, flex: 2, minWidth: 240 },
    { field: 'is_person', headerName: t('col.party_kind'), width: 110, valueFormatter: (p) => t(p.value ? 'party.kind_person' : 'party.kind_company') },
    { field: 'party_id', headerName: t('col.party_code'), width: 220, cellClass: 'mono' },
    { field: 'id_valid', headerName: t('col.id_valid'), width: 100, valueFormatter: (p) => (p.value === null || p.value === undefined ? '' : p.value ? '✓' : '✗') },
    { field: 'country', headerName: t('col.country'), width: 200, valueFormatter: (p) => (p.value ? `${countryName(String(p.value), lang)} (${String(p.value)})` : '') },
  ], [t, lang]);
  return (
    <GridScreen title={t('parties.grid')} count={count}>
      <DataGrid<PartyRow, { name?: string }> gridId="parties" label={t('parties.grid')} tools={<FilterBox label={t('parties.filter_name')} onApply={setName} />} refreshKey={refreshKey} columns={columns} fetch={fetchParties} filter={name ? { name } : {}}
        onCount={setCount} onOpen={(row) => navigate({ screen: 'party', id: row.id })} />
    </GridScreen>
  );
}

export function DocumentsGrid({ refreshKey = 0 }: { refreshKey?: number }) {
  const { t, num, dateTime } = useI18n();
  const [count, setCount] = useState<number | null>(null);
  const columns = useMemo<ColDef<DocumentRow>[]>(() => [
    { colId: 'id', field: 'id', headerName: '#', sortable: true, width: 70 },
    { field: 'file_name', headerName: t('col.file_name'), flex: 2, minWidth: 200 },
    { field: 'kind', headerName: t('col.kind'), width: 120, valueFormatter: (p) => (p.value ? documentKindLabel(t, String(p.value)) : '') },
    { field: 'size', headerName: t('col.size'), width: 100, valueFormatter: (p) => num(p.value as number) },
    { field: 'rows_total', headerName: t('col.rows_total'), width: 90, valueFormatter: (p) => num(p.value as number) },
    { field: 'rows_imported', headerName: t('col.rows_imported'), width: 120, valueFormatter: (p) => num(p.value as number) },
    { field: 'rows_rejected', headerName: t('col.rows_rejected'), width: 120, valueFormatter: (p) => num(p.value as number) },
    // A document of more pages than are read says so here too: '2,000 of 30,000 read'.
    { field: 'pages', headerName: t('col.pages'), width: 150,
      valueFormatter: (p) => (p.data?.pages_in_file ? t('documents.pages_read', { read: num(p.data.pages), total: num(p.data.pages_in_file) })
        : p.value === null || p.value === undefined ? '' : num(p.value as number)),
      cellClass: (p) => (p.data?.pages_in_file ? 'zm-cell-warn' : undefined) },
    { field: 'imported_at', headerName: t('col.imported_at'), width: 170, valueFormatter: (p) => dateTime(p.value as string) },
    { field: 'sha256', headerName: t('col.sha256'), flex: 1, minWidth: 200, cellClass: 'mono small' },
  ], [t, num, dateTime]);
  return (
    <GridScreen title={t('documents.grid')} count={count}>
      {/* An empty case says so once, in the grid (the documents grid has no filter to clear). */}
      <DataGrid<DocumentRow, Record<string, never>> gridId="documents" label={t('documents.grid')} refreshKey={refreshKey} columns={columns} fetch={fetchDocuments} filter={{}} onCount={setCount}
        emptyText={t('empty.no_records')}
        onOpen={(row) => { if (row.pages) navigate({ screen: 'document', id: row.id, page: 1, name: row.file_name }); }} />
    </GridScreen>
  );
}

const REJECT_REASONS = ['invalid_vin', 'bad_date', 'bad_number', 'missing_field', 'bad_value', 'bad_country', 'bad_row'] as const;

export function RejectedGrid({ refreshKey = 0 }: { refreshKey?: number }) {
  const { t, msg } = useI18n();
  const [count, setCount] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const columns = useMemo<ColDef<RejectedRow>[]>(() => [
    { colId: 'id', field: 'id', headerName: '#', sortable: true, width: 80 },
    { field: 'file_name', headerName: t('col.file_name'), width: 200 },
    // A workbook's row number names a row only with its sheet (each sheet counts from 1).
    { field: 'sheet', headerName: t('col.sheet'), width: 130, valueFormatter: (p) => String(p.value ?? '') },
    { field: 'row_no', headerName: t('col.row_no'), width: 80 },
    { colId: 'reason', field: 'reason', headerName: t('rejected.filter_reason'), sortable: true, width: 160,
      valueFormatter: (p) => (REJECT_REASONS.includes(p.value as never) ? t(`reject.${p.value as (typeof REJECT_REASONS)[number]}`) : String(p.value ?? '')) },
    { colId: 'message', field: 'message', headerName: t('col.message'), flex: 1, minWidth: 240, wrapText: true,
      valueGetter: (p) => (p.data ? msg(p.data.message_msg, p.data.message) : ''), tooltipValueGetter: (p) => String(p.value ?? '') },
    { colId: 'raw', headerName: t('col.raw'), flex: 2, minWidth: 300, wrapText: true, tooltipValueGetter: (p) => String(p.value ?? ''),
      valueGetter: (p) => (p.data ? Object.entries(p.data.raw).map(([k, v]) => `${k}: ${v === null || v === undefined ? '' : String(v)}`).join(' | ') : '') },
  ], [t, msg]);
  const reasonFilter = (
    <label>{t('rejected.filter_reason')}
      <select aria-label={t('rejected.filter_reason')} value={reason} onChange={(e) => setReason(e.target.value)}>
        <option value="">{t('common.all')}</option>
        {REJECT_REASONS.map((r) => <option key={r} value={r}>{t(`reject.${r}`)}</option>)}
      </select>
    </label>
  );
  return (
    <GridScreen title={t('rejected.grid')} count={count}>
      <DataGrid<RejectedRow, { reason?: string }> gridId="rejected" label={t('rejected.grid')} tools={reasonFilter} refreshKey={refreshKey} columns={columns} fetch={fetchRejected} filter={reason ? { reason } : {}} onCount={setCount} />
    </GridScreen>
  );
}
