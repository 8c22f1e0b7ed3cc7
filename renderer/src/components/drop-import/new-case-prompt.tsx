import { useState } from 'react';
import { DROP_TEXT, fill } from './strings';

export type NewCasePromptProps = { count: number; busy: boolean; error: string | null; onCreate: (title: string) => void; onCancel: () => void };

/** Shown when files are dropped with no case open: create one, then import into it. */
export function NewCasePrompt({ count, busy, error, onCreate, onCancel }: NewCasePromptProps) {
  const [title, setTitle] = useState('New case');
  return (
    <div className="zm-drop-backdrop">
      <form
        role="dialog"
        aria-modal="true"
        aria-label={count > 0 ? DROP_TEXT.noCaseTitle : DROP_TEXT.newCaseTitle}
        className="zm-drop-dialog"
        onSubmit={(event) => {
          event.preventDefault();
          if (title.trim()) onCreate(title.trim());
        }}
      >
        <h2>{count > 0 ? DROP_TEXT.noCaseTitle : DROP_TEXT.newCaseTitle}</h2>
        {count > 0 ? <p>{fill(DROP_TEXT.noCaseBody, { count })}</p> : null}
        <label>
          {DROP_TEXT.caseTitle}
          <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={500} autoFocus required />
        </label>
        {error ? <p role="alert" className="zm-drop-error">{error}</p> : null}
        <div className="zm-drop-actions">
          <button type="button" onClick={onCancel} disabled={busy}>Cancel</button>
          <button type="submit" disabled={busy || !title.trim()}>{count > 0 ? DROP_TEXT.create : DROP_TEXT.createOnly}</button>
        </div>
      </form>
    </div>
  );
}
