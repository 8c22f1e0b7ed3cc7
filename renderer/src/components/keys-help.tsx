import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/en';

// Every key the app answers to, by screen; `?` opens this list from anywhere.
const KEYS: { title: MessageKey; keys: [string, MessageKey][] }[] = [
  { title: 'keys.anywhere', keys: [['Ctrl+K', 'keys.search'], ['?', 'keys.help'], ['Ctrl+P', 'keys.print'], ['Ctrl+Shift+S', 'keys.save_pdf'], ['Ctrl+E', 'keys.export'], ['Ctrl+I', 'keys.import']] },
  { title: 'keys.queue', keys: [['↑ ↓', 'keys.move'], ['Enter', 'keys.open'], ['Space', 'keys.select'], ['c', 'verdict.confirm'], ['d', 'verdict.dismiss'], ['f', 'verdict.follow_up'], ['o', 'verdict.reopen'], ['u', 'keys.undo']] },
  { title: 'keys.vehicle', keys: [['j', 'steps.next'], ['k', 'steps.previous'], ['Esc', 'steps.back'], ['c d f o', 'keys.verdicts'], ['u', 'keys.undo']] },
  { title: 'keys.dialog', keys: [['Ctrl+Enter', 'keys.save'], ['Esc', 'keys.cancel']] },
  { title: 'keys.review', keys: [['a', 'keys.accept'], ['r', 'keys.reject']] },
];

export function KeysHelp({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const close = useRef<HTMLButtonElement>(null);
  // Closing gives the focus back to where it was (a grid row keeps taking keys).
  useEffect(() => {
    const before = document.activeElement;
    close.current?.focus();
    return () => { if (before instanceof HTMLElement) before.focus(); };
  }, []);
  return (
    <div className="modal-backdrop" onKeyDown={(e) => { e.stopPropagation(); if (e.key === 'Escape' || e.key === '?') onClose(); }}>
      <div className="modal" role="dialog" aria-modal="true" aria-label={t('keys.title')}>
        <h2>{t('keys.title')}</h2>
        {KEYS.map((group) => (
          <section key={group.title}>
            <h3>{t(group.title)}</h3>
            <dl className="facts">
              {group.keys.map(([key, what]) => <div key={key} className="key-line"><dt><kbd>{key}</kbd></dt><dd>{t(what)}</dd></div>)}
            </dl>
          </section>
        ))}
        <div className="modal-actions"><button ref={close} type="button" onClick={onClose}>{t('common.close')}</button></div>
      </div>
    </div>
  );
}
