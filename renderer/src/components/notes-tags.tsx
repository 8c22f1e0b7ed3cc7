import { useRef, useState } from 'react';
import type { SubjectType } from '../../../shared/contract/review';
import { api } from '../api';
import { useI18n } from '../i18n/i18n';
import { byAnalyst } from '../lib/session-analyst';
import { errorOf, useInvoke } from '../lib/use-invoke';

/** Notes and tags on a vehicle or a party; both are audited by the backend. */
export function NotesTags({ subjectType, subjectId }: { subjectType: SubjectType; subjectId: string }) {
  const { t, dateTime } = useI18n();
  const subject = { subject_type: subjectType, subject_id: subjectId };
  const [notes, reloadNotes] = useInvoke('notes:list', subject);
  const [tags, reloadTags] = useInvoke('tags:list', subject);
  const [changed, reloadChanged] = useInvoke('tags:changed', subject);
  const [draft, setDraft] = useState('');
  const [tagDraft, setTagDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const noteBox = useRef<HTMLTextAreaElement>(null);
  const addNote = () => {
    // An empty note: the focus goes to the box, so the letters typed next are the note, not shortcuts.
    if (!draft.trim()) { noteBox.current?.focus(); return; }
    api.invoke('notes:add', { ...subject, body: draft, ...byAnalyst() }).then(() => { setDraft(''); setProblem(null); reloadNotes(); }, (e: unknown) => setProblem(errorOf(e).message));
  };
  const tagText = tagDraft ?? (tags.state === 'ready' ? tags.value.join(', ') : '');
  const saveTags = () => {
    api.invoke('tags:set', { ...subject, tags: tagText.split(/[,，]/), ...byAnalyst() }).then(() => { setTagDraft(null); setProblem(null); reloadTags(); reloadChanged(); }, (e: unknown) => setProblem(errorOf(e).message));
  };
  return (
    <section className="panel" aria-label={t('notes.title')}>
      <h2>{t('tags.title')}</h2>
      {/* Forms: a key pressed on their controls is writing, never a verdict shortcut (shortcut-target.ts). */}
      <form className="row" onSubmit={(e) => { e.preventDefault(); saveTags(); }}>
        <input aria-label={t('tags.title')} placeholder={t('tags.placeholder')} value={tagText} onChange={(e) => setTagDraft(e.target.value)} />
        <button type="submit" aria-label={t('tags.save')}>{t('tags.save')}</button>
      </form>
      {tags.state === 'ready' && tags.value.length > 0 && <p className="tags">{tags.value.map((tag) => <span className="chip" key={tag}>{tag}</span>)}</p>}
      {changed.state === 'ready' && changed.value && <p className="muted small">{changed.value.analyst === null ? t('tags.changed_unnamed', { at: dateTime(changed.value.at) }) : t('tags.changed', { at: dateTime(changed.value.at), analyst: changed.value.analyst })}</p>}
      <h2>{t('notes.title')}</h2>
      {notes.state === 'ready' && notes.value.length === 0 && <p className="muted">{t('notes.empty')}</p>}
      {notes.state === 'ready' && (
        <ul className="notes">
          {notes.value.map((n) => <li key={n.id}><span className="muted small">{dateTime(n.created_at)} · {n.analyst ?? t('history.no_analyst')}</span><p>{n.body}</p></li>)}
        </ul>
      )}
      <form className="note-form" onSubmit={(e) => { e.preventDefault(); addNote(); }}>
        <textarea ref={noteBox} aria-label={t('notes.placeholder')} placeholder={t('notes.placeholder')} value={draft} rows={2} onChange={(e) => setDraft(e.target.value)} />
        <button type="submit" aria-label={t('notes.add')}>{t('notes.add')}</button>
      </form>
      {problem && <p className="field-error" role="alert">{problem}</p>}
    </section>
  );
}
