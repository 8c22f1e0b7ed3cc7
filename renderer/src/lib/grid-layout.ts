/**
 * What the analyst made of a grid's columns (issue 19 item 8): each column's width, whether it is
 * hidden, their order, and whether long text wraps onto two lines. Kept on this computer per grid
 * (localStorage, keyed by the grid's id, not its translated title), so a reload, another case or
 * the other language opens the grid as it was left. Sorting is not kept here: the flag queue keeps
 * its sort with its filter (queue-memory).
 */
export type ColumnLayout = { id: string; width?: number; hide?: boolean; flex?: number | null };
export type GridLayout = { columns: ColumnLayout[]; wrap?: boolean };

const PREFIX = 'zeromile.grid.';

function isColumn(value: unknown): value is ColumnLayout {
  if (!value || typeof value !== 'object') return false;
  const c = value as Record<string, unknown>;
  return typeof c.id === 'string'
    && (c.width === undefined || (typeof c.width === 'number' && Number.isFinite(c.width) && c.width > 0))
    && (c.hide === undefined || typeof c.hide === 'boolean')
    && (c.flex === undefined || c.flex === null || (typeof c.flex === 'number' && Number.isFinite(c.flex)));
}

/** The saved layout of a grid, or null (none saved, storage unavailable, or written by something else). */
export function loadGridLayout(gridId: string): GridLayout | null {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(PREFIX + gridId) ?? 'null');
    if (!parsed || typeof parsed !== 'object') return null;
    const { columns, wrap } = parsed as Record<string, unknown>;
    if (!Array.isArray(columns) || !columns.every(isColumn)) return null;
    return { columns, ...(typeof wrap === 'boolean' ? { wrap } : {}) };
  } catch {
    return null;
  }
}

export function saveGridLayout(gridId: string, layout: GridLayout): void {
  try {
    localStorage.setItem(PREFIX + gridId, JSON.stringify(layout));
  } catch {
    // Storage can be unavailable or full: the layout then holds for this page only.
  }
}

export function forgetGridLayout(gridId: string): void {
  try {
    localStorage.removeItem(PREFIX + gridId);
  } catch {
    // See saveGridLayout.
  }
}
