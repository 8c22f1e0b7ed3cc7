import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { refusedFileResult, type ImportFileResult } from '../../../../shared/contract/import';
import { api } from '../../api';
import { useI18n } from '../../i18n/i18n';
import { IDLE, importReducer, uploadsDone } from './import-state';
import { ImportPanel } from './import-panel';
import { NewCasePrompt } from './new-case-prompt';
import { useFileDrop, type DroppedItems } from './use-file-drop';
import './drop-import.css';

/** A dropped folder: its line is the catalogue's drop.folder, in the screen's language whenever it is drawn. */
function folderRefused(name: string, message: string): ImportFileResult {
  return refusedFileResult(name, { code: 'file_refused', message, msg: { key: 'drop.folder' } });
}

/**
 * Drag and drop import for the whole window: an overlay while files are dragged over, the
 * progress panel while they import, and a new-case prompt when no case is open. Mount it once,
 * beside the screens.
 */
export function DropImport() {
  const { t, msg } = useI18n();
  const folderMessage = t('drop.folder');
  const [state, dispatch] = useReducer(importReducer, IDLE);
  const [caseTitle, setCaseTitle] = useState<string | null>(null);
  const [pending, setPending] = useState<DroppedItems | null>(null);
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<string | null>(null);
  const running = useRef(false);

  const refreshCase = useCallback(async () => {
    const current = await api.invokeResult('case:current', {});
    const title = current.ok && current.value ? current.value.title : null;
    setCaseTitle(title);
    return title;
  }, []);

  useEffect(() => {
    void refreshCase();
    return api.onEvent((event) => {
      switch (event.type) {
        case 'import-progress':
          dispatch({ type: 'progress', progress: event.progress });
          return;
        case 'import-file-done':
          dispatch({ type: 'file-done', result: event.result });
          return;
        case 'case-changed':
          if (event.what === 'opened' || event.what === 'closed' || event.what === 'meta') void refreshCase();
          return;
        default:
          return;
      }
    });
  }, [refreshCase]);

  const runImport = useCallback(async (items: DroppedItems) => {
    running.current = true;
    dispatch({ type: 'start', names: [...items.files.map((f) => f.name), ...items.folders] });
    try {
      const folders = items.folders.map((name) => folderRefused(name, folderMessage));
      if (items.files.length === 0) {
        dispatch({ type: 'finished', results: folders });
        return;
      }
      const result = await api.importDropped(items.files, (index) => dispatch({ type: 'uploaded', index }));
      if (result.ok) dispatch({ type: 'finished', results: [...result.value.files, ...folders] });
      else dispatch({ type: 'failed', message: msg(result.error.msg, result.error.message) });
    } finally {
      running.current = false;
    }
  }, [folderMessage, msg]);

  const onDrop = useCallback(async (items: DroppedItems) => {
    // One import at a time: the writer queues them anyway, and one panel keeps the counts clear.
    if (running.current) return;
    const title = await refreshCase();
    if (title === null) {
      setCreateError(null);
      setPending(items);
      return;
    }
    await runImport(items);
  }, [refreshCase, runImport]);

  const dragging = useFileDrop((items) => void onDrop(items));

  // Desktop menu: File > New Case asks for a title here (Electron then asks where to save it).
  // Import (the top bar's button, or Ctrl+I in browser mode) opens the file picker, whose files
  // take the drop's path: the same new-case offer, upload and panel.
  const picker = useRef<HTMLInputElement>(null);
  useEffect(() => api.onMenuCommand((command) => {
    if (command === 'new-case' && !running.current) {
      setCreateError(null);
      setPending({ files: [], folders: [] });
    } else if (command === 'import-documents' && !running.current) picker.current?.click();
  }), []);

  // The rows show 'uploading' until the first progress event; Electron has nothing to upload.
  const shown = api.runtime === 'electron' && state.phase === 'running' ? uploadsDone(state) : state;

  return (
    <>
      <input ref={picker} type="file" multiple hidden data-import-picker="" aria-label={t('import.choose')}
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = '';
          if (files.length > 0) void onDrop({ files, folders: [] });
        }} />
      {dragging ? (
        <div className="zm-drop-overlay" aria-hidden="true">
          <p>{caseTitle === null ? t('drop.overlay_no_case') : t('drop.overlay', { case: caseTitle })}</p>
        </div>
      ) : null}
      {pending ? (
        <NewCasePrompt
          count={pending.files.length + pending.folders.length}
          busy={creating}
          error={createError}
          onCancel={() => setPending(null)}
          onCreate={async (title) => {
            setCreating(true);
            const created = await api.createCase(title);
            setCreating(false);
            if (created === null) return;
            if (!created.ok) {
              setCreateError(msg(created.error.msg, created.error.message));
              return;
            }
            const items = pending;
            setPending(null);
            await refreshCase();
            if (items.files.length + items.folders.length > 0) await runImport(items);
          }}
        />
      ) : null}
      {shown.phase !== 'idle' ? (
        <ImportPanel
          state={shown}
          onCancel={() => {
            dispatch({ type: 'cancelling' });
            void api.cancelImport().then((answer) => {
              if (answer.ok) dispatch({ type: 'cancel-answer', cancelled: answer.value.cancelled, tooLate: answer.value.too_late === true });
              else dispatch({ type: 'cancel-answer', cancelled: false, tooLate: false });
            });
          }}
          onClose={() => dispatch({ type: 'dismiss' })}
        />
      ) : null}
    </>
  );
}
