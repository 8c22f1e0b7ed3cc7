import type { GridApi } from 'ag-grid-community';
import { useEffect, useReducer, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n';

/**
 * The grid's Columns… button: a panel to show or hide each column, wrap long text onto two lines
 * (for grids with such columns; `wrap` is null otherwise) and go back to the default columns.
 * Widths are set by dragging a header's edge; the grid keeps what is chosen (grid-layout.ts).
 */
export function ColumnChooser<R>({ api, wrap, onWrap, onShown, onReset }: {
  api: GridApi<R> | null; wrap: boolean | null; onWrap: (wrap: boolean) => void;
  /** A column was shown or hidden here (to keep the choice). */
  onShown: () => void;
  onReset: () => void;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [, redraw] = useReducer((n: number) => n + 1, 0);
  const box = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open || !api || api.isDestroyed()) return;
    api.addEventListener('columnVisible', redraw);
    // A click elsewhere closes the panel, as a menu does.
    const away = (e: MouseEvent) => { if (!box.current?.contains(e.target as Node)) setOpen(false); };
    document.addEventListener('mousedown', away);
    return () => {
      if (!api.isDestroyed()) api.removeEventListener('columnVisible', redraw);
      document.removeEventListener('mousedown', away);
    };
  }, [open, api]);
  // The row checkboxes' column has no header name and is not offered.
  const columns = api && !api.isDestroyed() ? (api.getColumns() ?? []).filter((c) => c.getColDef().headerName) : [];
  const shown = columns.filter((c) => c.isVisible()).length;
  const close = () => { setOpen(false); button.current?.focus(); };
  return (
    <div className="column-chooser" ref={box} onKeyDown={(e) => { if (e.key === 'Escape' && open) { e.stopPropagation(); close(); } }}>
      <button ref={button} type="button" aria-expanded={open} disabled={!api} onClick={() => setOpen(!open)}>{t('grid.columns')}</button>
      {open && (
        <div className="column-chooser-panel" role="group" aria-label={t('grid.columns_title')}>
          <p className="muted small">{t('grid.columns_hint')}</p>
          <ul>
            {columns.map((column) => (
              <li key={column.getColId()}>
                <label>
                  {/* The last column shown stays: a grid of no columns shows nothing to choose from. */}
                  <input type="checkbox" checked={column.isVisible()} disabled={column.isVisible() && shown === 1}
                    onChange={(e) => { api?.setColumnsVisible([column], e.target.checked); onShown(); }} />
                  {column.getColDef().headerName}
                </label>
              </li>
            ))}
          </ul>
          {wrap !== null && (
            <label><input type="checkbox" checked={wrap} onChange={(e) => onWrap(e.target.checked)} />{t('grid.wrap')}</label>
          )}
          <div className="modal-actions">
            <button type="button" onClick={() => { onReset(); redraw(); }}>{t('grid.reset')}</button>
            <button type="button" onClick={close}>{t('common.close')}</button>
          </div>
        </div>
      )}
    </div>
  );
}
