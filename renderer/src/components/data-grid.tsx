import type { Message } from '../../../shared/i18n/message';
import { AllCommunityModule, ModuleRegistry, themeQuartz, type CellKeyDownEvent, type ColDef, type GridApi, type IDatasource, type RowDoubleClickedEvent } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { GridBlock, GridRequest, GridSort } from '../../../shared/contract/grids';
import { useI18n } from '../i18n/i18n';
import { forgetGridLayout, loadGridLayout, saveGridLayout } from '../lib/grid-layout';
import { useSameContent } from '../lib/same-content';
import { errorOf } from '../lib/use-invoke';
import { ColumnChooser } from './column-chooser';
import { ErrorBox } from './messages';

ModuleRegistry.registerModules([AllCommunityModule]);

const theme = themeQuartz.withParams({ fontSize: 13, headerFontSize: 13, rowHeight: 32, headerHeight: 36, spacing: 6 });
export const BLOCK_SIZE = 100;
/**
 * Rows of two lines when long text wraps. The infinite row model places rows it has not loaded by
 * one fixed height, so wrapped cells cannot size their rows (autoHeight): every row takes two
 * lines, and longer text ends in … with the whole of it in the cell's tooltip.
 */
const WRAPPED_ROW_HEIGHT = 50;

const ROW_SELECTION = { mode: 'multiRow', checkboxes: true, headerCheckbox: false, enableClickSelection: false } as const;

/**
 * Puts the keyboard focus on a row, once its block has loaded: the grid scrolls to it (`top`
 * first, to restore the scroll position too) and the cell takes the browser's focus, so arrow
 * and verdict keys act on it. Gives up after ~3 s (a row beyond the end stays unfocused).
 */
export function focusGridRow<R>(api: GridApi<R>, row: number, col: string, top?: number): void {
  let tries = 0;
  let scrolled = false;
  const attempt = () => {
    if (api.isDestroyed()) return;
    const target = Math.max(0, Math.min(row, api.getDisplayedRowCount() - 1));
    if (!scrolled) {
      if (top !== undefined && top <= target) api.ensureIndexVisible(top, 'top');
      api.ensureIndexVisible(target);
      scrolled = true;
    }
    if (api.getDisplayedRowAtIndex(target)?.data !== undefined) {
      api.setFocusedCell(target, col);
      return;
    }
    if (++tries < 60) setTimeout(attempt, 50);
  };
  // Called from a block's answer, the grid takes the block's rows (and its row count) just after.
  setTimeout(attempt, 0);
}

export type FetchBlock<R, F> = (request: GridRequest<F>) => Promise<GridBlock<R>>;

type Props<R extends { id: number }, F> = {
  /** The grid's own name, the same in every language: its columns' widths, order and visibility are kept under it. */
  gridId: string;
  /** Stable accessible name of the grid (tests find grids by it). */
  label: string;
  /** Controls shown on the row of the Columns… button (filters, verdict buttons). */
  tools?: ReactNode;
  columns: ColDef<R>[];
  fetch: FetchBlock<R, F>;
  filter: F;
  /** Bumped to reload (new records imported, a run finished) without losing the scroll position. */
  refreshKey?: number;
  /** Enter or double click on a row; `index` is its place in the grid's current order. */
  onOpen?: (row: R, index: number) => void;
  /** Keys other than arrows and Enter, for the focused row (verdict shortcuts). */
  onKey?: (event: KeyboardEvent, row: R, api: GridApi<R>) => void;
  onCount?: (count: number) => void;
  /** The row under the keyboard focus (with its index and column), for toolbars that act on it. */
  onFocusRow?: (row: R | null, index: number | null, col: string | null) => void;
  /** The selected rows, whenever the selection changes (with `selectable`). */
  onSelect?: (rows: R[]) => void;
  /** The grid's API once it is ready (to update a row in place). */
  onApi?: (api: GridApi<R>) => void;
  height?: number | string;
  /** What an empty grid says; by default that nothing matches the filters (for grids without any). */
  emptyText?: string;
  /** The sort the grid opens with (a queue coming back as it was left). */
  initialSort?: GridSort | null;
  onSortChange?: (sort: GridSort | null) => void;
  /** Rows can be selected (Space, or the checkbox) to act on several at once. */
  selectable?: boolean;
};

/**
 * An AG Grid Infinite Row Model over one backend grid handler: each getRows is one block from
 * SQLite with the grid's sort; the exact count is asked once per filter and kept, since a sort
 * change does not change it.
 */
/** Whether the screen's filter holds anything: an empty grid then says to clear it, else that there is nothing yet. */
function filtering(filter: unknown): boolean {
  return Object.values(filter ?? {}).some((v) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0));
}

export function DataGrid<R extends { id: number }, F>({ gridId, label, tools, columns, fetch, filter, refreshKey = 0, onOpen, onKey, onCount, onFocusRow, onSelect, onApi, height = '100%', emptyText, initialSort, onSortChange, selectable }: Props<R, F>) {
  const { t } = useI18n();
  const apiRef = useRef<GridApi<R> | null>(null);
  const [error, setError] = useState<{ code: string; message: string; msg?: Message } | null>(null);
  const handlers = useRef({ onOpen, onKey, onCount, onFocusRow, onSelect, onSortChange });
  handlers.current = { onOpen, onKey, onCount, onFocusRow, onSelect, onSortChange };
  // A new filter object with the same content keeps the cache.
  const sameFilter = useSameContent(filter);

  // The datasource the grid reads from now. A block asked for under an earlier filter may answer
  // after the current one's first block: its count and errors are no longer the grid's.
  const shown = useRef<IDatasource | null>(null);
  // A refresh asks the count again with the next block.
  const recount = useRef(false);
  const datasource = useMemo<IDatasource>(() => {
    let count: number | null = null;
    const source: IDatasource = {
      getRows: (params) => {
        const first = params.sortModel[0];
        const sort: GridSort | null = first ? { col: first.colId, dir: first.sort } : null;
        const asking = count === null || recount.current;
        recount.current = false;
        fetch({ start: params.startRow, end: params.endRow, sort, filter: sameFilter, count: asking })
          .then((block) => {
            if (shown.current !== source) return;
            if (block.count !== null) {
              count = block.count;
              handlers.current.onCount?.(count);
            }
            setError(null);
            params.successCallback(block.rows, count ?? undefined);
          })
          .catch((e: unknown) => {
            if (shown.current !== source) return;
            setError(errorOf(e));
            params.failCallback();
          });
      },
    };
    return source;
  }, [fetch, sameFilter]);

  // refreshKey is a reload request: the blocks are read again in place (rows, count and scroll
  // position stay on screen until the new ones come), not a new grid.
  const lastRefresh = useRef(refreshKey);
  useEffect(() => {
    if (lastRefresh.current === refreshKey || !apiRef.current) return;
    lastRefresh.current = refreshKey;
    recount.current = true;
    apiRef.current.refreshInfiniteCache();
  }, [refreshKey]);

  useEffect(() => {
    if (!apiRef.current) return;
    shown.current = datasource;
    // Rows selected under another filter are not this one's: a verdict key must not reach them unseen.
    apiRef.current.deselectAll();
    apiRef.current.setGridOption('datasource', datasource);
  }, [datasource]);

  const defaultColDef = useMemo<ColDef<R>>(() => ({ sortable: false, resizable: true, minWidth: 60 }), []);

  // The analyst's columns: widths, order and hidden ones come back from the last session; the
  // screens' widths are only the first ones (initialWidth), so a language switch, which makes new
  // column definitions, does not undo a column the analyst resized.
  const [api, setApi] = useState<GridApi<R> | null>(null);
  const [wrap, setWrap] = useState(() => loadGridLayout(gridId)?.wrap ?? true);
  const wraps = columns.some((c) => c.wrapText);
  const columnDefs = useMemo(() => columns.map(({ width, flex, hide, wrapText, ...rest }): ColDef<R> => ({
    ...rest,
    ...(width === undefined ? {} : { initialWidth: width }),
    ...(flex === undefined || flex === null ? {} : { initialFlex: flex }),
    ...(hide === undefined || hide === null ? {} : { initialHide: hide }),
    ...(wrapText && wrap ? { wrapText: true } : {}),
  })), [columns, wrap]);
  const saveLayout = useCallback((grid: GridApi<R>, wrapped = wrap) => {
    saveGridLayout(gridId, {
      columns: grid.getColumnState().map((c) => ({ id: c.colId, ...(c.width ? { width: Math.round(c.width) } : {}), ...(c.hide ? { hide: true } : {}), flex: c.flex ?? null })),
      wrap: wrapped,
    });
  }, [gridId, wrap]);
  const resetLayout = useCallback(() => {
    forgetGridLayout(gridId);
    setWrap(true);
    const grid = apiRef.current;
    if (!grid) return;
    // Back to the screen's columns, keeping the rows' sort.
    const sorted = grid.getColumnState().filter((c) => c.sort).map((c) => ({ colId: c.colId, sort: c.sort, sortIndex: c.sortIndex }));
    grid.resetColumnState();
    if (sorted.length > 0) grid.applyColumnState({ state: sorted, defaultState: { sort: null } });
  }, [gridId]);

  return (
    <div className="grid-wrap" style={{ height }}>
      {error && <ErrorBox code={error.code} message={error.message} msg={error.msg} onRetry={() => apiRef.current?.purgeInfiniteCache()} />}
      <div className="grid-tools">
        {tools}
        <ColumnChooser api={api} wrap={wraps ? wrap : null} onReset={resetLayout} onShown={() => { if (apiRef.current) saveLayout(apiRef.current); }}
          onWrap={(next) => { setWrap(next); if (apiRef.current) saveLayout(apiRef.current, next); }} />
      </div>
      <div className="grid" role="region" aria-label={label}>
        <AgGridReact<R>
          theme={theme}
          columnDefs={columnDefs}
          defaultColDef={defaultColDef}
          maintainColumnOrder
          {...(wraps && wrap ? { rowHeight: WRAPPED_ROW_HEIGHT } : {})}
          rowModelType="infinite"
          cacheBlockSize={BLOCK_SIZE}
          maxBlocksInCache={50}
          infiniteInitialRowCount={1}
          getRowId={(p) => String(p.data.id)}
          {...(selectable ? { rowSelection: ROW_SELECTION } : {})}
          onGridReady={(e) => {
            apiRef.current = e.api;
            const saved = loadGridLayout(gridId);
            if (saved) {
              e.api.applyColumnState({
                state: saved.columns.map((c) => ({ colId: c.id, ...(c.width ? { width: c.width } : {}), hide: c.hide ?? false, flex: c.flex ?? null })),
                applyOrder: true,
              });
            }
            setApi(e.api);
            if (initialSort) e.api.applyColumnState({ state: [{ colId: initialSort.col, sort: initialSort.dir }], defaultState: { sort: null } });
            onApi?.(e.api);
            shown.current = datasource;
            e.api.setGridOption('datasource', datasource);
          }}
          onCellFocused={(e) => {
            const node = typeof e.rowIndex === 'number' ? e.api.getDisplayedRowAtIndex(e.rowIndex) : undefined;
            const col = e.column && typeof e.column === 'object' ? e.column.getColId() : null;
            handlers.current.onFocusRow?.(node?.data ?? null, typeof e.rowIndex === 'number' ? e.rowIndex : null, col);
          }}
          onSelectionChanged={(e) => handlers.current.onSelect?.(e.api.getSelectedRows())}
          // Kept when the analyst changes them (not when the grid sizes its flex columns).
          onColumnResized={(e) => { if (e.finished && e.source === 'uiColumnResized') saveLayout(e.api); }}
          onColumnMoved={(e) => { if (e.finished && e.source === 'uiColumnMoved') saveLayout(e.api); }}
          onSortChanged={(e) => {
            const first = e.api.getColumnState().find((c) => c.sort);
            handlers.current.onSortChange?.(first?.sort ? { col: first.colId, dir: first.sort } : null);
          }}
          onRowDoubleClicked={(e: RowDoubleClickedEvent<R>) => { if (e.data) handlers.current.onOpen?.(e.data, e.rowIndex ?? 0); }}
          onCellKeyDown={(e: CellKeyDownEvent<R>) => {
            const event = e.event as KeyboardEvent | null;
            if (!event?.key || !e.data) return;
            if (event.key === 'Enter') handlers.current.onOpen?.(e.data, e.rowIndex ?? 0);
            else handlers.current.onKey?.(event, e.data, e.api);
          }}
          localeText={{
            loadingOoo: t('common.loading'), noRowsToShow: emptyText ?? t(filtering(filter) ? 'empty.no_rows' : 'empty.no_rows_yet'),
            // What the grid announces to screen readers (and shows in its live region) in the screen's language.
            ariaRowSelect: t('grid.aria_row_select'), ariaRowDeselect: t('grid.aria_row_deselect'), ariaRowToggleSelection: t('grid.aria_row_toggle'),
            ariaRowSelectAll: t('grid.aria_row_select_all'), ariaSortableColumn: t('grid.aria_sortable'),
            // The pagination panel's words and labels (its page field reads "{page} {number}, 1 {of} 1"), the
            // checkboxes' states, rows loading: AG Grid's key names (its localeTextFunc calls).
            page: t('grid.page'), number: t('grid.page_number'), of: t('grid.of'), to: t('grid.to'), more: t('grid.more'),
            firstPage: t('grid.first_page'), previousPage: t('grid.previous_page'), nextPage: t('grid.next_page'), lastPage: t('grid.last_page'),
            pageSizeSelectorLabel: t('grid.page_size_label'), ariaPageSizeSelectorLabel: t('grid.page_size'), pageLastRowUnknown: t('grid.page_unknown'),
            ariaChecked: t('grid.checked'), ariaUnchecked: t('grid.unchecked'), ariaIndeterminate: t('grid.indeterminate'),
            ariaSkeletonCellLoading: t('grid.row_loading'), ariaSkeletonCellLoadingFailed: t('grid.row_failed'), ariaDeferSkeletonCellLoading: t('grid.cell_loading'),
          }}
        />
      </div>
    </div>
  );
}
