import { AllCommunityModule, ModuleRegistry, themeQuartz, type CellKeyDownEvent, type ColDef, type GridApi, type IDatasource, type RowDoubleClickedEvent } from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { GridBlock, GridRequest, GridSort } from '../../../shared/contract/grids';
import { useI18n } from '../i18n/i18n';
import { useSameContent } from '../lib/same-content';
import { errorOf } from '../lib/use-invoke';
import { ErrorBox } from './messages';

ModuleRegistry.registerModules([AllCommunityModule]);

const theme = themeQuartz.withParams({ fontSize: 13, headerFontSize: 13, rowHeight: 32, headerHeight: 36, spacing: 6 });
export const BLOCK_SIZE = 100;

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
  /** Stable accessible name of the grid (tests find grids by it). */
  label: string;
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
export function DataGrid<R extends { id: number }, F>({ label, columns, fetch, filter, refreshKey = 0, onOpen, onKey, onCount, onFocusRow, onSelect, onApi, height = '100%', emptyText, initialSort, onSortChange, selectable }: Props<R, F>) {
  const { t } = useI18n();
  const apiRef = useRef<GridApi<R> | null>(null);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
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

  return (
    <div className="grid-wrap" style={{ height }}>
      {error && <ErrorBox code={error.code} message={error.message} onRetry={() => apiRef.current?.purgeInfiniteCache()} />}
      <div className="grid" role="region" aria-label={label}>
        <AgGridReact<R>
          theme={theme}
          columnDefs={columns}
          defaultColDef={defaultColDef}
          rowModelType="infinite"
          cacheBlockSize={BLOCK_SIZE}
          maxBlocksInCache={50}
          infiniteInitialRowCount={1}
          getRowId={(p) => String(p.data.id)}
          {...(selectable ? { rowSelection: ROW_SELECTION } : {})}
          onGridReady={(e) => {
            apiRef.current = e.api;
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
            loadingOoo: t('common.loading'), noRowsToShow: emptyText ?? t('empty.no_rows'),
            // What the grid announces to screen readers (and shows in its live region) in the screen's language.
            ariaRowSelect: t('grid.aria_row_select'), ariaRowDeselect: t('grid.aria_row_deselect'), ariaRowToggleSelection: t('grid.aria_row_toggle'),
            ariaRowSelectAll: t('grid.aria_row_select_all'), ariaSortableColumn: t('grid.aria_sortable'),
          }}
        />
      </div>
    </div>
  );
}
