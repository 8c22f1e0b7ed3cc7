/**
 * Whether a key press belongs to what the analyst is writing rather than to the screen's
 * shortcut keys. A single-letter shortcut (c, d, f, o, u, j, k, a, r, ?) must never fire while
 * the analyst is plausibly typing: in a text field, on any control of a form (the Add note button
 * of a note just left empty is where the next letters of "Note: call…" land), anywhere inside a
 * dialog, or while a modal dialog is open. Grids and plain page buttons keep their keys.
 */
export function typingOrDialog(e: KeyboardEvent): boolean {
  const target = e.target instanceof Element ? e.target : null;
  if (target?.closest('input, textarea, select, [contenteditable="true"], [contenteditable=""], form, [role="form"], [role="dialog"], [role="alertdialog"]')) return true;
  return document.querySelector('[aria-modal="true"]') !== null;
}
