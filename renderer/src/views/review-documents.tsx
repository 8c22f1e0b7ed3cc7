import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ProposedRecord } from '../../../shared/document-fields';
import type { AcceptedRecord } from '../../../shared/contract/documents';
import { api } from '../api';
import { EmptyState, ErrorBox, Loading } from '../components/messages';
import { OutsideChanges } from '../components/outside-changes';
import { SameFactNotes } from '../components/drop-import/same-fact-notes';
import { PageWithBoxes, type LabelledBox } from '../components/page-with-boxes';
import { useI18n } from '../i18n/i18n';
import { fieldLabel, kindLabel, layoutLabel } from '../lib/document-labels';
import { errorOf, useInvoke } from '../lib/use-invoke';
import { corrections, initialValues, type FormValues } from '../lib/review-values';
import { typingOrDialog } from '../lib/shortcut-target';
import { byAnalyst } from '../lib/session-analyst';
import { ReviewForm } from './review-form';
import './review-documents.css';

/** What the last decision did: the record an acceptance made, null for a rejection, or a reopening. */
type Decision = { accepted: AcceptedRecord | null; reopened?: boolean };
/** The queue shows the proposals waiting, or the rejected ones (to reopen one rejected by mistake). */
type Shown = 'proposed' | 'rejected';

/**
 * Issue 7's review panel: records read from PDFs and scans wait here as proposals; the analyst sees
 * the page with the fields highlighted and accepts, corrects or rejects each one.
 */
export function ReviewDocuments({ version }: { version: number }) {
  const { t, num } = useI18n();
  const [shown, setShown] = useState<Shown>('proposed');
  const [list, reload] = useInvoke('proposed:list', { status: shown });
  // New documents dropped while the screen is open: reload in place, keeping the selection.
  const firstVersion = useRef(version);
  useEffect(() => { if (version !== firstVersion.current) reload(); }, [version, reload]);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  // Kept as data, not text, so it follows a language switch.
  const [notice, setNotice] = useState<Decision | null>(null);
  const proposals = useMemo(() => (list.state === 'ready' ? list.value : []), [list]);
  const index = Math.max(0, proposals.findIndex((p) => p.id === selectedId));
  const selected = proposals[index];

  // The list scrolls on a narrow window: the row chosen with the arrows stays in view.
  useEffect(() => { document.querySelector('.zm-review-list tr.selected')?.scrollIntoView({ block: 'nearest' }); }, [selected?.id]);

  const move = useCallback((by: number) => {
    const next = proposals[Math.min(proposals.length - 1, Math.max(0, index + by))];
    if (next) setSelectedId(next.id);
  }, [proposals, index]);

  // After a decision the list reloads; the row that took the decided one's place is selected.
  const decided = (id: number, message: Decision) => {
    const at = proposals.findIndex((p) => p.id === id);
    const next = proposals[at + 1] ?? proposals[at - 1];
    setSelectedId(next ? next.id : null);
    setNotice(message);
    reload();
  };

  if (list.state === 'loading' && proposals.length === 0) return <section className="screen"><Loading /></section>;
  if (list.state === 'error') return <section className="screen"><ErrorBox code={list.code} message={list.message} msg={list.msg} onRetry={reload} /></section>;
  return (
    <section className="screen zm-review" aria-label={t('review.title')}>
      <header className="screen-head">
        <h1>{t('review.title')}</h1>
        <span className="count" data-count={proposals.length}>{t(shown === 'proposed' ? 'review.count' : 'review.count_rejected', { count: num(proposals.length) })}</span>
        <label className="small">{t('review.show')}{' '}
          <select aria-label={t('review.show')} value={shown} onChange={(e) => { setShown(e.target.value as Shown); setSelectedId(null); setNotice(null); }}>
            <option value="proposed">{t('review.show_proposed')}</option>
            <option value="rejected">{t('review.show_rejected')}</option>
          </select>
        </label>
        <span className="muted small">{t('review.keys')}</span>
      </header>
      {notice && (
        <p className="zm-review-notice" role="status">
          {notice.accepted ? t(notice.accepted.further_source ? 'review.accepted_source' : 'review.accepted', { kind: kindLabel(t, notice.accepted.kind), id: notice.accepted.record_id })
            : t(notice.reopened ? 'review.reopened_done' : 'review.rejected_done')}
        </p>
      )}
      <OutsideChanges changes={notice?.accepted?.registers_changed_outside} act="accept" />
      <SameFactNotes notes={notice?.accepted?.same_facts} />
      {proposals.length === 0 ? <EmptyState>{t(shown === 'proposed' ? 'review.empty' : 'review.empty_rejected')}</EmptyState> : (
        <div className="zm-review-body">
          <div className="zm-review-list-wrap">
            <table className="table zm-review-list" aria-label={t('review.list')}>
              <thead><tr><th>{t('review.col_document')}</th><th className="num">{t('review.col_page')}</th><th>{t('review.col_layout')}</th><th>{t('review.col_kind')}</th></tr></thead>
              <tbody>
                {proposals.map((p) => (
                  <tr key={p.id} data-proposed={p.id} aria-selected={p.id === selected?.id} className={p.id === selected?.id ? 'selected' : ''}
                    onClick={() => setSelectedId(p.id)}>
                    <td>{p.file_name}</td><td className="num">{p.page}</td><td>{layoutLabel(t, p.layout)}</td><td>{kindLabel(t, p.kind)}
                      {p.marks.length > 0 && <span className="zm-review-mark small" data-marks={p.marks.length}> {t('review.marks_count', { count: num(p.marks.length) })}</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {selected && <ProposalPanel key={selected.id} proposal={selected} onMove={move} onDecided={decided} />}
        </div>
      )}
    </section>
  );
}

function ProposalPanel({ proposal, onMove, onDecided }: {
  proposal: ProposedRecord; onMove: (by: number) => void; onDecided: (id: number, decision: Decision) => void;
}) {
  const { t, dateTime } = useI18n();
  const [values, setValues] = useState<FormValues>(() => initialValues(proposal));
  const [focus, setFocus] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reasonBox = useRef<HTMLInputElement>(null);
  const changes = corrections(proposal, values);
  const edited = Object.keys(changes).length > 0;

  const accept = async (withCorrections: boolean) => {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    try {
      // The marks are shown beside their fields in the form: accepting here is accepting having seen them.
      const done = await api.invoke('proposed:accept', { id: proposal.id, marks_seen: true, ...(withCorrections && edited ? { corrections: changes } : {}) });
      onDecided(proposal.id, { accepted: done });
    } catch (e) {
      setProblem(errorOf(e).message);
      setBusy(false);
    }
  };
  const reopen = async () => {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    try {
      await api.invoke('proposed:reopen', { id: proposal.id, ...byAnalyst() });
      onDecided(proposal.id, { accepted: null, reopened: true });
    } catch (e) {
      setProblem(errorOf(e).message);
      setBusy(false);
    }
  };
  const reject = async () => {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    try {
      const why = reason.trim();
      await api.invoke('proposed:reject', { id: proposal.id, ...(why ? { reason: why } : {}), ...byAnalyst() });
      onDecided(proposal.id, { accepted: null });
    } catch (e) {
      setProblem(errorOf(e).message);
      setBusy(false);
    }
  };
  const startReject = () => {
    setRejecting(true);
    setTimeout(() => reasonBox.current?.focus(), 0);
  };

  // Shortcuts while no field has the focus: a accepts (with the corrections made), r asks for the reason, o reopens a rejected one, arrows move in either list.
  const rejected = proposal.status === 'rejected';
  const keys = useRef({ accept, startReject, reopen, onMove, edited, rejected });
  keys.current = { accept, startReject, reopen, onMove, edited, rejected };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typingOrDialog(e) || document.querySelector('.modal-backdrop')) return;
      const k = keys.current;
      if (e.key === 'ArrowDown' || e.key === 'ArrowRight') { e.preventDefault(); k.onMove(1); }
      else if (e.key === 'ArrowUp' || e.key === 'ArrowLeft') { e.preventDefault(); k.onMove(-1); }
      // A rejected proposal is reopened (o) before it can be accepted or rejected again.
      else if (k.rejected) { if (e.key === 'o') { e.preventDefault(); void k.reopen(); } }
      else if (e.key === 'a') { e.preventDefault(); void k.accept(k.edited); }
      else if (e.key === 'r') { e.preventDefault(); k.startReject(); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const boxes: LabelledBox[] = Object.entries(proposal.boxes ?? {}).map(([name, box]) => ({ name, label: fieldLabel(t, name), box }));
  const title = t('review.page_image', { file: proposal.file_name, page: proposal.page });
  return (
    <div className="zm-review-detail" data-proposed={proposal.id}>
      <PageWithBoxes documentId={proposal.document_id} page={proposal.page} title={title} boxes={boxes} active={focus}
        onPick={(name) => document.querySelector<HTMLInputElement>(`.zm-review-field[data-field="${name}"] input`)?.focus()} />
      <div className="zm-review-side">
        <h2>{t('review.page_of', { file: proposal.file_name, page: proposal.page })}</h2>
        <p className="muted">{layoutLabel(t, proposal.layout)} · {kindLabel(t, proposal.kind)}</p>
        <ReviewForm proposal={proposal} values={values} onChange={setValues} onFocusField={setFocus} />
        {problem && <p className="field-error" role="alert">{problem}</p>}
        {rejected ? (
          <div className="zm-review-actions">
            <span className="muted">{t('review.rejected_at', { at: dateTime(proposal.decided_at) })}</span>
            <button type="button" className="primary" disabled={busy} onClick={() => void reopen()}>{t('review.reopen')}</button>
          </div>
        ) : <div className="zm-review-actions">
          <button type="button" className="primary" disabled={busy} onClick={() => void accept(false)}>{t('review.accept')}</button>
          <button type="button" disabled={busy || !edited} onClick={() => void accept(true)}>{t('review.accept_corrected')}</button>
          <button type="button" disabled={busy} onClick={startReject}>{t('review.reject')}</button>
        </div>}
        {rejecting && (
          <div className="zm-review-reject">
            <input ref={reasonBox} type="text" aria-label={t('review.reject_reason')} placeholder={t('review.reject_reason')} value={reason}
              onChange={(e) => setReason(e.target.value)}
              onKeyDown={(e) => { if (e.key === 'Enter') void reject(); else if (e.key === 'Escape') setRejecting(false); }} />
            <button type="button" disabled={busy} onClick={() => void reject()}>{t('review.reject_confirm')}</button>
            <button type="button" onClick={() => setRejecting(false)}>{t('common.cancel')}</button>
          </div>
        )}
      </div>
    </div>
  );
}
