import { useEffect, useRef, useState } from 'react';
import type { CaseFileEntry } from '../../../shared/contract/case';
import { api } from '../api';
import { useI18n } from '../i18n/i18n';
import { errorOf } from '../lib/use-invoke';

/**
 * New, Open and Recent cases. Browser mode has no file dialogs: it lists the case files of the
 * folders this session may read (newest first: the recent ones on top) and takes a path, which
 * the server refuses outside those folders. The desktop app's Open… is its native open dialog and
 * its list is File > Open Recent's; both open through case:open, as browser mode does.
 */
export function CasesDialog({ currentPath, onClose }: { currentPath: string | null; onClose: () => void }) {
  const { t, num, dateTime } = useI18n();
  const [list, setList] = useState<{ folders: string[]; cases: CaseFileEntry[] } | null>(null);
  const [title, setTitle] = useState('');
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  /** What had the focus when an action started: its button is disabled while it works, which drops the focus to the page. */
  const returnTo = useRef<HTMLElement | null>(null);
  const desktop = api.runtime === 'electron';
  useEffect(() => {
    first.current?.focus();
    void api.listCases().then((r) => { if (r.ok) setList(r.value); else setProblem(r.error.message); });
  }, []);
  // Once an action has failed and its controls are enabled again, the focus goes back into the dialog, so Esc still closes it.
  useEffect(() => {
    const target = returnTo.current;
    if (busy || target === null) return;
    returnTo.current = null;
    if (dialog.current?.contains(document.activeElement)) return;
    const usable = target.isConnected && !(target as HTMLButtonElement).disabled;
    (usable ? target : dialog.current)?.focus();
  }, [busy, problem]);
  const start = () => {
    returnTo.current = document.activeElement instanceof HTMLElement && dialog.current?.contains(document.activeElement) ? document.activeElement : dialog.current;
    setBusy(true);
  };
  const done = (result: { ok: true } | { ok: false; error: { message: string } } | null) => {
    setBusy(false);
    if (result === null) return;
    if (result.ok) { returnTo.current = null; onClose(); }
    else setProblem(result.error.message);
  };
  const create = () => {
    if (!title.trim()) return;
    start();
    void api.createCase(title.trim()).then(done);
  };
  const openDialog = () => {
    start();
    void api.openCaseDialog().then(done);
  };
  const open = (target: string) => {
    if (!target.trim()) return;
    start();
    api.invoke('case:open', { path: target.trim() }).then(() => done({ ok: true }), (e: unknown) => done({ ok: false, error: errorOf(e) }));
  };
  return (
    <div className="modal-backdrop" onKeyDown={(e) => { e.stopPropagation(); if (e.key === 'Escape') onClose(); }}>
      <div ref={dialog} tabIndex={-1} className="modal cases-dialog" role="dialog" aria-modal="true" aria-label={t('cases.title')}>
        <h2>{t('cases.title')}</h2>
        <form className="inline-form" onSubmit={(e) => { e.preventDefault(); create(); }}>
          <label>{t('cases.new_title')}
            <input ref={first} aria-label={t('cases.new_title')} value={title} maxLength={500} onChange={(e) => setTitle(e.target.value)} />
          </label>
          <button type="submit" disabled={busy || !title.trim()}>{t('cases.create')}</button>
        </form>
        {desktop && <p><button type="button" disabled={busy} onClick={openDialog}>{t('cases.open_dialog')}</button></p>}
        <h3>{desktop ? t('cases.recent_desktop') : t('cases.recent')}</h3>
        {list === null ? <p className="muted">{t('common.loading')}</p> : list.cases.length === 0
          ? <p className="muted">{desktop ? t('cases.none_recent') : t('cases.none', { folders: list.folders.join(', ') })}</p> : (
          <ul className="case-files" aria-label={desktop ? t('cases.recent_desktop') : t('cases.recent')}>
            {list.cases.map((c) => (
              <li key={c.path}>
                <button type="button" className="link" disabled={busy || c.path === currentPath} onClick={() => open(c.path)} title={c.path}>
                  {c.name}
                </button>
                <span className="muted small"> {dateTime(c.modified)} · {num(Math.ceil(c.bytes / 1024))} KB{c.path === currentPath ? ` · ${t('cases.open_now')}` : ''}</span>
              </li>
            ))}
          </ul>
        )}
        {/* The desktop page names no path of its own: its dialogs grant them. */}
        {!desktop && <form className="inline-form" onSubmit={(e) => { e.preventDefault(); open(path); }}>
          <label>{t('cases.path')}
            <input aria-label={t('cases.path')} className="mono small" size={40} value={path} onChange={(e) => setPath(e.target.value)} />
          </label>
          <button type="submit" disabled={busy || !path.trim()}>{t('cases.open')}</button>
        </form>}
        {list && !desktop && <p className="muted small">{t('cases.folders', { folders: list.folders.join(', ') })}</p>}
        {problem && <p className="field-error" role="alert">{problem}</p>}
        <div className="modal-actions"><button type="button" onClick={onClose}>{t('common.close')}</button></div>
      </div>
    </div>
  );
}
