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

export type FetchBlock<R, F> = (request: GridRequest<F>) => Promise<GridBlock<R>>;

type Props<R extends { id: number }, F> = {
  /** Stable accessible name of the grid (tests find grids by it). */
  label: string;
  columns: ColDef<R>[];
  fetch: FetchBlock<R, F>;
  filter: F;
  /** Bumped to reload (e.g. after a verdict) without losing the scroll position. */
  refreshKey?: number;
  onOpen?: (row: R) => void;
  /** Keys other than arrows and Enter, for the focused row (verdict shortcuts). */
  onKey?: (key: string, row: R, api: GridApi<R>) => void;
  onCount?: (count: number) => void;
  /** The row under the keyboard focus, for toolbars that act on it. */
  onFocusRow?: (row: R | null) => void;
  /** The grid's API once it is ready (to update a row in place). */
  onApi?: (api: GridApi<R>) => void;
  height?: number | string;
  /** What an empty grid says; by default that nothing matches the filters (for grids without any). */
  emptyText?: string;
};

/**
 * An AG Grid Infinite Row Model over one backend grid handler: each getRows is one block from
 * SQLite with the grid's sort; the exact count is asked once per filter and kept, since a sort
 * change does not change it.
 */
export function DataGrid<R extends { id: number }, F>({ label, columns, fetch, filter, refreshKey = 0, onOpen, onKey, onCount, onFocusRow, onApi, height = '100%', emptyText }: Props<R, F>) {
  const { t } = useI18n();
  const apiRef = useRef<GridApi<R> | null>(null);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  const handlers = useRef({ onOpen, onKey, onCount, onFocusRow });
  handlers.current = { onOpen, onKey, onCount, onFocusRow };
  // A new filter object with the same content keeps the cache.
  const sameFilter = useSameContent(filter);

  // The datasource the grid reads from now. A block asked for under an earlier filter may answer
  // after the current one's first block: its count and errors are no longer the grid's.
  const shown = useRef<IDatasource | null>(null);
  const datasource = useMemo<IDatasource>(() => {
    let count: number | null = null;
    const source: IDatasource = {
      getRows: (params) => {
        const first = params.sortModel[0];
        const sort: GridSort | null = first ? { col: first.colId, dir: first.sort } : null;
        fetch({ start: params.startRow, end: params.endRow, sort, filter: sameFilter, count: count === null })
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
    // refreshKey is a reload request: a new datasource (with its count asked again) is the reload.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetch, sameFilter, refreshKey]);

  useEffect(() => {
    if (!apiRef.current) return;
    shown.current = datasource;
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
          onGridReady={(e) => {
            apiRef.current = e.api;
            onApi?.(e.api);
            shown.current = datasource;
            e.api.setGridOption('datasource', datasource);
          }}
          onCellFocused={(e) => {
            const node = typeof e.rowIndex === 'number' ? e.api.getDisplayedRowAtIndex(e.rowIndex) : undefined;
            handlers.current.onFocusRow?.(node?.data ?? null);
          }}
          onRowDoubleClicked={(e: RowDoubleClickedEvent<R>) => { if (e.data) handlers.current.onOpen?.(e.data); }}
          onCellKeyDown={(e: CellKeyDownEvent<R>) => {
            const key = (e.event as KeyboardEvent | null)?.key;
            if (!key || !e.data) return;
            if (key === 'Enter') handlers.current.onOpen?.(e.data);
            else handlers.current.onKey?.(key, e.data, e.api);
          }}
          localeText={{ loadingOoo: t('common.loading'), noRowsToShow: emptyText ?? t('empty.no_rows') }}
        />
      </div>
    </div>
  );
}
