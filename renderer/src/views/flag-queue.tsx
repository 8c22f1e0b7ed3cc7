import { StaleRunNotice } from '../components/stale-run-notice';
import { PackRemovedBadge } from '../components/pack-removed';
import type { ColDef, GridApi } from 'ag-grid-community';
import { useCallback, useMemo, useRef, useState } from 'react';
import { REVIEW_STATUSES, type FlagFilter, type FlagRow } from '../../../shared/contract/flags';
import { makerName } from '../../../shared/data/maker-names';
import { countryName } from '../../../shared/vocabulary';
import { RULE_IDS, SEVERITIES, type RuleId, type Severity } from '../../../shared/rules';
import type { HandlerArgs } from '../../../shared/handlers';
import { api } from '../api';
import type { GridSort } from '../../../shared/contract/grids';
import { DataGrid, focusGridRow } from '../components/data-grid';
import { ExportDialog } from '../components/export-dialog';
import { SavedFilters } from '../components/saved-filters';
import { useVerdict, verdictOfKey, VerdictButtons } from '../components/use-verdict';
import { useI18n } from '../i18n/i18n';
import { queueKey, recallQueue, rememberQueue } from '../lib/queue-memory';
import { navigate, type QueuePlace } from '../lib/route';

/** The URL query is the filter, so overview bars and links can open a filtered queue. */
export function filterFromQuery(query: Record<string, string>): FlagFilter {
  const filter: FlagFilter = {};
  if (query.rule && (RULE_IDS as readonly string[]).includes(query.rule)) filter.rule = query.rule as RuleId;
  if (query.status && (REVIEW_STATUSES as readonly string[]).includes(query.status)) filter.status = query.status as FlagFilter['status'];
  if (query.severity && (SEVERITIES as readonly string[]).includes(query.severity)) filter.severity = query.severity as Severity;
  for (const key of ['vin', 'maker', 'exporter', 'destination', 'city'] as const) if (query[key]) filter[key] = query[key];
  if (query.pack && /^[A-Z]{2}$/.test(query.pack)) filter.pack = query.pack;
  if (query.clause && /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(query.clause)) filter.clause = query.clause;
  if (query.export_month && /^\d{4}-\d{2}$/.test(query.export_month)) filter.export_month = query.export_month;
  for (const key of ['days_min', 'days_max'] as const) {
    const n = Number(query[key]);
    if (query[key] !== undefined && query[key] !== '' && Number.isInteger(n)) filter[key] = n;
  }
  return filter;
}

/**
 * A row's place in the queue as the backend has it now. Rows given a verdict stay in view under a
 * status filter they no longer match, but the backend's order has left them out: those above the
 * row are not counted.
 */
function queuePosition(api: GridApi<FlagRow> | null, index: number, filter: FlagFilter): number {
  if (!api || !filter.status) return index;
  let gone = 0;
  api.forEachNode((node) => {
    if (node.rowIndex !== null && node.rowIndex < index && node.data && node.data.status !== filter.status) gone++;
  });
  return index - gone;
}

/** Opens a flag's vehicle (or party); from the queue, the vehicle page knows the queue place to step through it. */
export function openFlag(flag: FlagRow, queue?: Omit<QueuePlace, 'flag'>): void {
  if (flag.vin) navigate({ screen: 'vehicle', vin: flag.vin, ...(queue ? { queue: { ...queue, flag: flag.id } } : {}) });
  else if (flag.party_id !== null) navigate({ screen: 'party', id: flag.party_id });
}

const fetchFlags = (request: HandlerArgs<'flags:list'>) => api.invoke('flags:list', request);

export function FlagQueue({ query }: { query: Record<string, string> }) {
  const { t, msg, rule, num, lang } = useI18n();
  const filter = useMemo(() => filterFromQuery(query), [query]);
  const [count, setCount] = useState<number | null>(null);
  const [focused, setFocused] = useState<FlagRow | null>(null);
  const [selected, setSelected] = useState<FlagRow[]>([]);
  const gridApi = useRef<GridApi<FlagRow> | null>(null);
  // The queue as it was left under this filter (Back from a vehicle): sort, row, scroll.
  const memory = useMemo(() => recallQueue(query), [query]);
  const sort = useRef<GridSort | null>(memory?.sort ?? null);
  const restoredFor = useRef<string | null>(null);
  const onSaved = useCallback((flag: FlagRow) => {
    gridApi.current?.getRowNode(String(flag.id))?.setData(flag);
    setFocused((f) => (f?.id === flag.id ? flag : f));
  }, []);
  // After every verdict or dialog the keyboard is back on the row it left, ready for the next key.
  const refocus = useCallback(() => {
    const api = gridApi.current;
    const place = recallQueue(query);
    if (api && place) focusGridRow(api, place.row, place.col);
  }, [query]);
  // A selection given its verdict is done with: the next key acts on the focused row alone.
  const clearSelection = useCallback(() => gridApi.current?.deselectAll(), []);
  const { decide, undo, dialog, notice } = useVerdict(onSaved, refocus, clearSelection);
  const [exporting, setExporting] = useState(false);
  // A verdict acts on the selected rows while there are any, wherever the focus is (Space then ↓
  // leaves it on a row not selected; the chip says a verdict key acts on all), else on the focused row.
  const targets = (row: FlagRow | null): FlagRow[] => (selected.length > 0 ? selected : row ? [row] : []);

  const setQuery = (key: string, value: string) => {
    const next = { ...query };
    if (value) next[key] = value;
    else delete next[key];
    navigate({ screen: 'flags', query: next });
  };

  const columns = useMemo<ColDef<FlagRow>[]>(() => [
    { colId: 'vin', field: 'vin', headerName: t('col.vin'), sortable: true, width: 170, cellClass: 'mono' },
    // A flag whose rule pack was removed since says so before its rule, where a long rule title cut short cannot hide it (it stays as evidence).
    { colId: 'rule', field: 'rule', headerName: t('col.rule'), sortable: true, width: 160, valueFormatter: (p) => rule(String(p.value ?? '')), tooltipValueGetter: (p) => rule(String(p.value ?? '')),
      cellRenderer: (p: { valueFormatted: string | null; data?: FlagRow }) => <><PackRemovedBadge flag={p.data} />{p.valueFormatted}</> },
    // Wide enough for "Medium" and the header's sort arrow (90 px showed "Medi…").
    { colId: 'severity', field: 'severity', headerName: t('col.severity'), sortable: true, width: 112,
      valueFormatter: (p) => (p.value ? t(`severity.${p.value as Severity}`) : ''), cellClass: (p) => `sev sev-${String(p.value ?? '')}` },
    // The review status comes before the long columns so it stays in view on a narrow window.
    { colId: 'status', field: 'status', headerName: t('col.status'), sortable: true, width: 100,
      valueFormatter: (p) => (p.value ? t(`status.${p.value as FlagRow['status']}`) : ''), cellClass: (p) => `status status-${String(p.value ?? '')}` },
    { colId: 'reason', field: 'reason', headerName: t('col.reason'), flex: 1, minWidth: 200, wrapText: true,
      valueGetter: (p) => (p.data ? msg(p.data.reason_msg, p.data.reason) : ''), tooltipValueGetter: (p) => String(p.value ?? '') },
    { colId: 'maker', field: 'maker', headerName: t('col.maker'), sortable: true, width: 130,
      valueFormatter: (p) => (p.value ? makerName(String(p.value), lang) : ''), tooltipValueGetter: (p) => (p.value ? makerName(String(p.value), lang) : '') },
    { colId: 'exporter', field: 'exporter', headerName: t('col.exporter'), sortable: true, width: 160, wrapText: true, tooltipField: 'exporter' },
    { colId: 'destination', field: 'destination', headerName: t('col.destination'), sortable: true, width: 150,
      valueFormatter: (p) => (p.value ? `${countryName(String(p.value), lang)} (${String(p.value)})` : ''), tooltipValueGetter: (p) => (p.value ? countryName(String(p.value), lang) : '') },
    { colId: 'days', field: 'days', headerName: t('col.days'), sortable: true, width: 70, type: 'numericColumn', valueFormatter: (p) => num(p.value as number | null) },
    { colId: 'km', field: 'km', headerName: t('col.km'), sortable: true, width: 70, type: 'numericColumn', valueFormatter: (p) => num(p.value as number | null) },
  ], [t, msg, rule, num, lang]);

  const extra = (['exporter', 'destination', 'maker', 'days_min', 'days_max', 'export_month', 'city', 'pack', 'clause'] as const).filter((k) => query[k]);
  // The filters the overview bars set, in the screen's language (a destination by its country name).
  const filterText = (key: (typeof extra)[number], value: string): string => {
    switch (key) {
      case 'exporter': return `${t('col.exporter')} = ${value}`;
      case 'destination': return `${t('col.destination')} = ${countryName(value, lang)}`;
      case 'maker': return `${t('col.maker')} = ${makerName(value, lang)}`;
      case 'days_min': return t('flags.filter_days_min', { value });
      case 'days_max': return t('flags.filter_days_max', { value });
      case 'export_month': return t('flags.filter_export_month', { value });
      case 'city': return t('flags.filter_city', { value });
      case 'pack': return t('flags.filter_pack', { value });
      case 'clause': return t('flags.filter_clause', { value });
      default: {
        const never: never = key;
        return never;
      }
    }
  };

  return (
    <section className="screen screen-grid" aria-label={t('flags.grid')}>
      <header className="screen-head">
        <h1>{t('flags.grid')}</h1>
        <span className="count" aria-label={t('flags.count', { count: count ?? 0 })} data-count={count ?? ''}>{count === null ? '…' : t('flags.count', { count: num(count) })}</span>
      </header>
      <StaleRunNotice />
      <div className="toolbar">
        <label>{t('flags.filter_rule')}
          <select aria-label={t('flags.filter_rule')} value={filter.rule ?? ''} onChange={(e) => setQuery('rule', e.target.value)}>
            <option value="">{t('common.all')}</option>
            {RULE_IDS.map((id) => <option key={id} value={id}>{rule(id)}</option>)}
          </select>
        </label>
        <label>{t('flags.filter_status')}
          <select aria-label={t('flags.filter_status')} value={filter.status ?? ''} onChange={(e) => setQuery('status', e.target.value)}>
            <option value="">{t('common.all')}</option>
            {REVIEW_STATUSES.map((s) => <option key={s} value={s}>{t(`status.${s}`)}</option>)}
          </select>
        </label>
        <label>{t('flags.filter_severity')}
          <select aria-label={t('flags.filter_severity')} value={filter.severity ?? ''} onChange={(e) => setQuery('severity', e.target.value)}>
            <option value="">{t('common.all')}</option>
            {SEVERITIES.map((s) => <option key={s} value={s}>{t(`severity.${s}`)}</option>)}
          </select>
        </label>
        <label>{t('flags.filter_vin')}
          <input aria-label={t('flags.filter_vin')} defaultValue={filter.vin ?? ''} size={12}
            onKeyDown={(e) => { if (e.key === 'Enter') setQuery('vin', e.currentTarget.value.trim().toUpperCase()); }}
            onBlur={(e) => { if ((filter.vin ?? '') !== e.target.value.trim().toUpperCase()) setQuery('vin', e.target.value.trim().toUpperCase()); }} />
        </label>
        {extra.length > 0 && <span className="chip">{t('flags.active_filter', { what: extra.map((k) => filterText(k, query[k]!)).join(', ') })}</span>}
        {Object.keys(query).length > 0 && <button type="button" onClick={() => navigate({ screen: 'flags', query: {} })} aria-label={t('flags.clear')}>{t('flags.clear')}</button>}
      </div>
      <div className="toolbar">
        <SavedFilters query={query} sort={() => sort.current} />
        <button type="button" onClick={() => setExporting(true)} disabled={!count}>{t('queue_export.open')}</button>
      </div>
      {count === 0 && Object.keys(query).length === 0 && <p className="empty-state" role="status">{t('empty.no_flags')}</p>}
      <DataGrid<FlagRow, FlagFilter>
        gridId="flags"
        label={t('flags.grid')}
        tools={(
          <>
            <VerdictButtons flag={targets(focused)} decide={decide} />
            {selected.length > 0 && <span className="chip" role="status">{t('flags.selected', { count: selected.length })}</span>}
            <span className="muted keys">{t('flags.keys')}</span>
            {notice}
          </>
        )}
        columns={columns}
        fetch={fetchFlags}
        filter={filter}
        selectable
        initialSort={memory?.sort ?? null}
        onSortChange={(s) => { sort.current = s; rememberQueue(query, { sort: s, row: 0, top: 0 }); }}
        onCount={(n) => {
          setCount(n);
          // Once the first block of a filter is in, the remembered row is scrolled to and focused;
          // a queue opened afresh takes the keyboard on its first row unless a control has it.
          const key = queueKey(query);
          if (restoredFor.current === key || !gridApi.current) return;
          restoredFor.current = key;
          if (memory) focusGridRow(gridApi.current, memory.row, memory.col, memory.top);
          else if (n > 0 && (document.activeElement === null || document.activeElement === document.body)) focusGridRow(gridApi.current, 0, 'vin');
        }}
        onFocusRow={(row, at, col) => {
          setFocused(row);
          if (at !== null && gridApi.current) rememberQueue(query, { row: at, col: col ?? 'vin', top: gridApi.current.getFirstDisplayedRowIndex(), sort: sort.current });
        }}
        onSelect={setSelected}
        onOpen={(row, at) => openFlag(row, { query, sort: sort.current, at: queuePosition(gridApi.current, at, filter) })}
        onApi={(a) => { gridApi.current = a; }}
        onKey={(e, row) => {
          const status = verdictOfKey(e);
          if (status) decide(targets(row), status);
          else if (e.key === 'u' && !e.ctrlKey && !e.metaKey && !e.altKey) undo();
        }}
      />
      {dialog}
      {exporting && <ExportDialog queue={{ filter, sort: sort.current }} onClose={() => { setExporting(false); refocus(); }} />}
    </section>
  );
}
