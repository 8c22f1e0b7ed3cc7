import { useEffect, useRef, useState } from 'react';
import { UNTITLED_CASE, type CaseSummary } from '../../shared/contract/case';
import type { PrintRequest } from '../../shared/print-request';
import { api } from './api';
import { AnalystControl } from './components/analyst-control';
import { DropImport } from './components/drop-import';
import { CasePropertiesDialog } from './components/case-properties';
import { CasesDialog } from './components/cases-dialog';
import { ExportDialog } from './components/export-dialog';
import { KeysHelp } from './components/keys-help';
import { EmptyState } from './components/messages';
import { OutcomeLine, failedOutcome, type Outcome } from './components/outcome-line';
import { PdfDialog, savePdfNow } from './components/print-actions';
import { SearchPalette } from './components/search-palette';
import { useI18n, type Lang } from './i18n/i18n';
import type { MessageKey } from './i18n/en';
import { printTarget } from './lib/print-target';
import { href, useRoute, type Route } from './lib/route';
import { FlagQueue } from './views/flag-queue';
import { OverviewView } from './views/overview';
import { PartyView } from './views/party-view';
import { DocumentsGrid, PartiesGrid, RejectedGrid, VehiclesGrid } from './views/record-grids';
import { DocumentPage } from './views/document-page';
import { ReviewDocuments } from './views/review-documents';
import { RulePacks } from './views/rule-packs';
import { RuleRuns } from './views/rule-runs';
import { typingOrDialog } from './lib/shortcut-target';
import { VehicleView } from './views/vehicle-view';
import { errorOf } from './lib/use-invoke';

const NAV: { screen: Route['screen']; key: MessageKey; also?: Route['screen'][] }[] = [
  { screen: 'overview', key: 'nav.overview' },
  { screen: 'flags', key: 'nav.flags' },
  { screen: 'vehicles', key: 'nav.vehicles', also: ['vehicle'] },
  { screen: 'parties', key: 'nav.parties', also: ['party'] },
  { screen: 'documents', key: 'nav.documents', also: ['document'] },
  { screen: 'review', key: 'nav.review' },
  { screen: 'rejected', key: 'nav.rejected' },
  { screen: 'runs', key: 'nav.runs' },
  { screen: 'packs', key: 'nav.packs' },
];

/**
 * The case summary, refreshed when the backend says the case changed, and two counters screens
 * reload on: `version` when the case itself changes (opened, closed, a rule run, packs) and the
 * screens start afresh; `data` when an import added records, which the screens showing records
 * read again in place, keeping their scroll and what is on screen. A refused or duplicate file
 * changes nothing and reloads nothing; verdicts update their own rows.
 */
function useCase(): [CaseSummary | null | undefined, { version: number; data: number }, () => void] {
  const [summary, setSummary] = useState<CaseSummary | null | undefined>(undefined);
  const [versions, setVersions] = useState({ version: 0, data: 0 });
  const bump = () => setVersions((v) => ({ ...v, version: v.version + 1 }));
  useEffect(() => {
    // Only the latest request's answer counts: one made before a case switch can answer after the
    // one its event caused. (Reads asked during the switch itself wait for it in the host.)
    let latest = 0;
    const load = (): Promise<void> => {
      const asked = ++latest;
      return api.invoke('case:current', {}).then((value) => { if (asked === latest) setSummary(value); }, () => { if (asked === latest) setSummary(null); });
    };
    void load();
    const off = api.onEvent((event) => {
      if (event.type === 'case-changed') {
        if (event.what === 'reviews') return;
        void load();
        if (event.what === 'records') setVersions((v) => ({ ...v, data: v.data + 1 }));
        else if (event.what !== 'meta') bump();
      } else if (event.type === 'import-file-done' && !event.result.refused && !event.result.duplicate) {
        void load();
      }
    });
    return off;
  }, []);
  return [summary, versions, bump];
}

export function App() {
  const i18n = useI18n();
  const { t, lang, setLang } = i18n;
  const route = useRoute();
  const [summary, versions, bump] = useCase();
  const [searching, setSearching] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [helping, setHelping] = useState(false);
  const [editing, setEditing] = useState(false);
  const [casesOpen, setCasesOpen] = useState(false);
  const [savingPdf, setSavingPdf] = useState<PrintRequest | null>(null);
  const routeRef = useRef(route);
  routeRef.current = route;

  const [menuOutcome, setMenuOutcome] = useState<Outcome>(null);

  const summaryRef = useRef(summary);
  summaryRef.current = summary;
  // Desktop menu (and its keys in browser mode): Print and Save as PDF act on the open vehicle,
  // else the case report; with no case open they do nothing, as the menu's items are disabled.
  useEffect(() => api.onMenuCommand((command) => {
    const open = summaryRef.current;
    if (!open) return;
    const target = printTarget(routeRef.current, { paper: 'a4', landscape: false, lang });
    if (command === 'print') {
      void api.printPage(target).then((r) => setMenuOutcome(r.ok ? null : failedOutcome(r.error)));
    } else if (command === 'save-pdf') {
      // Browser mode has no save dialog: the export's dialog asks where, as the page's button does.
      if (!api.hasSaveDialog) { setSavingPdf(target); return; }
      setMenuOutcome({ kind: 'working' });
      void savePdfNow(target).then(setMenuOutcome, (error: unknown) => setMenuOutcome(failedOutcome(errorOf(error))));
    } else if (command === 'export') setExporting(true);
  }), [t, lang, i18n]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setSearching(true);
      } else if (e.key === '?' && !typingOrDialog(e)) {
        e.preventDefault();
        setHelping(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => { document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en'; }, [lang]);

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">{t('app.title')}</span>
        {summary && (
          <button type="button" className="case-title link" title={`${summary.path}\n${t('case.properties')}`} aria-label={`${t('case.properties')}: ${summary.title === UNTITLED_CASE ? t('case.untitled') : summary.title}`} onClick={() => setEditing(true)}>
            {summary.title === UNTITLED_CASE ? t('case.untitled') : summary.title}{summary.case_number ? ` · ${summary.case_number}` : ''}
          </button>
        )}
        <button type="button" className="link cases-button" onClick={() => setCasesOpen(true)}>{t('cases.button')}</button>
        {summary && <AnalystControl caseAnalyst={summary.analyst} />}
        <button type="button" className="search-button" onClick={() => setSearching(true)} aria-label={t('app.search')}>{t('app.search')}</button>
        <button type="button" className="import-button" title="Ctrl+I" aria-keyshortcuts="Control+I" onClick={() => api.sendMenuCommand('import-documents')}>{t('import.button')}</button>
        <label className="lang">
          {t('app.language')}
          <select aria-label="Language / 语言" value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
            <option value="en">English</option>
            <option value="zh">简体中文</option>
          </select>
        </label>
      </header>
      <nav className="sidebar" aria-label={t('nav.label')}>
        {NAV.map((item) => {
          // A vehicle opened from the flag queue belongs to the queue.
          const fromQueue = route.screen === 'vehicle' && route.queue !== undefined;
          const current = fromQueue ? item.screen === 'flags' : route.screen === item.screen || (item.also?.includes(route.screen) ?? false);
          return (
            <a key={item.screen} href={href(item.screen === 'flags' ? { screen: 'flags', query: {} } : { screen: item.screen } as Route)}
              aria-current={current ? 'page' : undefined} className={current ? 'current' : ''}>{t(item.key)}</a>
          );
        })}
      </nav>
      <main className="content">
        <OutcomeLine outcome={menuOutcome} />
        {summary === undefined ? null : summary === null ? <EmptyState>{t('empty.no_case')} <button type="button" onClick={() => setCasesOpen(true)}>{t('cases.button')}</button></EmptyState> : (
          <Screen route={route} version={versions.version} data={versions.data} onRan={bump} />
        )}
      </main>
      {editing && summary && <CasePropertiesDialog summary={summary} onClose={() => setEditing(false)} />}
      {helping && <KeysHelp onClose={() => setHelping(false)} />}
      {casesOpen && <CasesDialog currentPath={summary?.path ?? null} onClose={() => setCasesOpen(false)} />}
      {searching && <SearchPalette onClose={() => setSearching(false)} />}
      {exporting && summary && <ExportDialog onClose={() => setExporting(false)} />}
      {savingPdf && summary && <PdfDialog request={savingPdf} onClose={() => setSavingPdf(null)} />}
      <DropImport />
    </div>
  );
}

function Screen({ route, version, data, onRan }: { route: Route; version: number; data: number; onRan: () => void }) {
  switch (route.screen) {
    case 'overview': return <OverviewView key={version} refreshKey={data} />;
    case 'flags': return <FlagQueue key={version} query={route.query} />;
    case 'vehicles': return <VehiclesGrid key={version} refreshKey={data} />;
    case 'vehicle': return <VehicleView key={`${route.vin}-${version}`} vin={route.vin} {...(route.queue ? { queue: route.queue } : {})} />;
    case 'parties': return <PartiesGrid key={version} refreshKey={data} />;
    case 'party': return <PartyView key={`${route.id}-${version}`} id={route.id} />;
    case 'documents': return <DocumentsGrid key={version} refreshKey={data} />;
    case 'review': return <ReviewDocuments version={version + data} />;
    case 'document': return <DocumentPage key={`${route.id}-${route.page}`} id={route.id} page={route.page} {...(route.name ? { name: route.name } : {})} />;
    case 'rejected': return <RejectedGrid key={version} refreshKey={data} />;
    case 'runs': return <RuleRuns key={route.start ? 'start' : 'runs'} onRan={onRan} start={route.start === true} />;
    // Not keyed on the case version: a save bumps it, and the screen keeps its outcome line and reloads itself.
    case 'packs': return <RulePacks />;
    default: {
      const never: never = route;
      return never;
    }
  }
}
