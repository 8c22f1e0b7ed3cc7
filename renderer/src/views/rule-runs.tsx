import type { Message } from '../../../shared/i18n/message';
import type { ColDef } from 'ag-grid-community';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { RuleRunRow } from '../../../shared/contract/grids';
import type { HandlerArgs } from '../../../shared/handlers';
import { RULE_PARAM_NAMES, RULE_PARAM_SPECS, ruleParamLabelKey, type RuleParams } from '../../../shared/rules';
import { api } from '../api';
import { DataGrid } from '../components/data-grid';
import { ErrorBox } from '../components/messages';
import { useI18n } from '../i18n/i18n';
import { errorOf, useInvoke } from '../lib/use-invoke';

const fetchRuns = (r: HandlerArgs<'grid:rule-runs'>) => api.invoke('grid:rule-runs', r);

type Progress = { rule: string; done: number; total: number };

export function RuleRuns({ onRan, start = false }: { onRan: () => void; start?: boolean }) {
  const { t, num, dateTime, rule, lang } = useI18n();
  const [count, setCount] = useState<number | null>(null);
  const [refresh, setRefresh] = useState(0);
  // Opened to start a run (the flags-out-of-date notice): the form shows and Start takes the focus, so Enter runs.
  const [showForm, setShowForm] = useState(start);
  const startButton = useRef<HTMLButtonElement>(null);
  useEffect(() => { if (start) startButton.current?.focus(); }, [start]);
  const [lastParams] = useInvoke('rules:last-params', {});
  const [params, setParams] = useState<Partial<Record<keyof RuleParams, string>>>({});
  const [progress, setProgress] = useState<Progress | null>(null);
  const [running, setRunning] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: true; text: string } | { ok: false; code: string; message: string; msg?: Message } | null>(null);

  useEffect(() => api.onEvent((e) => { if (e.type === 'rules-progress') setProgress({ rule: e.rule, done: e.done, total: e.total }); }), []);

  const valueOf = (name: keyof RuleParams): string => params[name] ?? (lastParams.state === 'ready' ? String(lastParams.value[name]) : '');
  // What is wrong with each parameter, in the screen's language: the form checks them itself
  // (noValidate), so the browser's own bubble, in the browser's language, never shows.
  const [problems, setProblems] = useState<Partial<Record<keyof RuleParams, string>>>({});
  const problemOf = (name: keyof RuleParams, input: HTMLInputElement | null): string | null => {
    const spec = RULE_PARAM_SPECS[name];
    const raw = valueOf(name).trim();
    // A number field holding text the browser cannot read reports an empty value and badInput.
    if (input?.validity.badInput) return spec.kind === 'date' ? t('runs.param_date') : t('runs.param_number');
    if (raw === '') return null;
    if (spec.kind === 'date') return /^\d{4}-\d{2}-\d{2}$/.test(raw) && !Number.isNaN(Date.parse(`${raw}T00:00:00Z`)) ? null : t('runs.param_date');
    const value = Number(raw);
    if (!Number.isFinite(value)) return t('runs.param_number');
    if (spec.kind === 'integer' && !Number.isInteger(value)) return t('runs.param_whole');
    if (value < spec.min || value > spec.max) return t('runs.param_range', { min: num(spec.min), max: num(spec.max) });
    return null;
  };
  const submit = (form: HTMLFormElement) => {
    const found: Partial<Record<keyof RuleParams, string>> = {};
    for (const name of RULE_PARAM_NAMES) {
      const problem = problemOf(name, form.elements.namedItem(name) as HTMLInputElement | null);
      if (problem) found[name] = problem;
    }
    setProblems(found);
    const first = RULE_PARAM_NAMES.find((name) => found[name]);
    if (first) {
      (form.elements.namedItem(first) as HTMLInputElement | null)?.focus();
      return;
    }
    run();
  };
  const run = () => {
    const chosen: Record<string, number | string> = {};
    for (const name of RULE_PARAM_NAMES) {
      const raw = valueOf(name);
      if (raw === '') continue;
      chosen[name] = RULE_PARAM_SPECS[name].kind === 'date' ? raw : Number(raw);
    }
    setRunning(true);
    setCancelling(false);
    setOutcome(null);
    setProgress(null);
    api.invoke('rules:run', { params: chosen as Partial<RuleParams> }).then(
      (result) => {
        const total = Object.values(result.counts).reduce((s, n) => s + n, 0);
        setOutcome({ ok: true, text: t('runs.done', { id: result.run_id, count: num(total) }) });
        setRefresh((n) => n + 1);
        setShowForm(false);
        onRan();
      },
      (e: unknown) => {
        const error = errorOf(e);
        // A cancel the analyst asked for is not a failure.
        setOutcome(error.code === 'cancelled' ? { ok: true, text: t('runs.cancelled') } : { ok: false, ...error });
      },
    ).finally(() => { setRunning(false); setCancelling(false); setProgress(null); });
  };
  // The run rolls back and answers with the `cancelled` error (see run() above).
  const cancel = () => {
    setCancelling(true);
    api.invoke('rules:cancel', {}).catch((e: unknown) => { setCancelling(false); setOutcome({ ok: false, ...errorOf(e) }); });
  };

  const columns = useMemo<ColDef<RuleRunRow>[]>(() => [
    { colId: 'id', field: 'id', headerName: t('col.run'), sortable: true, width: 80 },
    { field: 'started', headerName: t('col.started'), width: 170, valueFormatter: (p) => dateTime(p.value as string) },
    { field: 'finished', headerName: t('col.finished'), width: 170, valueFormatter: (p) => dateTime(p.value as string | null) },
    { field: 'status', headerName: t('col.run_status'), width: 90,
      valueFormatter: (p) => (['running', 'done', 'failed', 'cancelled'].includes(String(p.value)) ? t(`run_status.${p.value as 'done'}`) : String(p.value ?? '')) },
    { colId: 'counts', headerName: t('col.counts'), flex: 2, minWidth: 300, wrapText: true, tooltipValueGetter: (p) => String(p.value ?? ''),
      valueGetter: (p) => (p.data?.counts ? Object.entries(p.data.counts).filter(([, n]) => n > 0).map(([id, n]) => `${rule(id)} ${num(n)}`).join(' · ') : '') },
    { colId: 'params', headerName: t('col.params'), flex: 2, minWidth: 300, wrapText: true, tooltipValueGetter: (p) => String(p.value ?? ''),
      // Each parameter by its label where it has one (a pack's own parameters by their names).
      valueGetter: (p) => (p.data ? Object.entries(p.data.params).map(([k, v]) => { const key = ruleParamLabelKey(k); return `${key ? t(key) : k} = ${String(v)}`; }).join(lang === 'zh' ? '；' : '; ') : '') },
    { field: 'app_version', headerName: t('col.app_version'), width: 90 },
  ], [t, num, dateTime, rule, lang]);

  return (
    <section className="screen screen-grid" aria-label={t('runs.grid')}>
      <header className="screen-head">
        <h1>{t('runs.grid')}</h1>
        <span className="count">{count === null ? '…' : t('common.rows', { count: num(count) })}</span>
        <button type="button" className="primary" onClick={() => setShowForm((s) => !s)} aria-label={t('runs.run')} disabled={running}>{t('runs.run')}</button>
      </header>
      {showForm && (
        <form className="panel params" aria-label={t('runs.params')} noValidate onSubmit={(e) => { e.preventDefault(); submit(e.currentTarget); }}>
          <h2>{t('runs.params')}</h2>
          <div className="param-grid">
            {RULE_PARAM_NAMES.map((name) => {
              const spec = RULE_PARAM_SPECS[name];
              return (
                <label key={name}>
                  {/* What it means in the reader's language; the name the rule descriptions use under it. */}
                  <span>{t(`param.${name}`)}</span>
                  <span className="mono small muted">{name}</span>
                  <input name={name} aria-label={`${t(`param.${name}`)} (${name})`} type={spec.kind === 'date' ? 'date' : 'number'} value={valueOf(name)}
                    step={spec.kind === 'integer' ? 1 : 'any'} min={spec.kind === 'date' ? undefined : spec.min} max={spec.kind === 'date' ? undefined : spec.max}
                    aria-invalid={problems[name] ? true : undefined} aria-describedby={problems[name] ? `param-problem-${name}` : undefined}
                    onChange={(e) => {
                      setParams((p) => ({ ...p, [name]: e.target.value }));
                      setProblems((p) => { const { [name]: _gone, ...rest } = p; return rest; });
                    }} />
                  {problems[name] && <span className="field-error" id={`param-problem-${name}`} data-param-problem={name}>{problems[name]}</span>}
                </label>
              );
            })}
          </div>
          {Object.keys(problems).length > 0 && <p className="field-error" role="alert">{t('runs.param_problems', { count: num(Object.keys(problems).length) })}</p>}
          <button type="submit" className="primary" ref={startButton} disabled={running} aria-label={t('runs.start')}>{t('runs.start')}</button>
        </form>
      )}
      {running && (
        <div className="progress" role="progressbar" aria-label={t('runs.run')} aria-valuemin={0} aria-valuemax={progress?.total ?? 1} aria-valuenow={progress?.done ?? 0}>
          <span className="spinner" />
          {progress ? t('runs.running', { rule: rule(progress.rule), done: progress.done, total: progress.total }) : t('common.loading')}
          {progress && <span className="bar"><span style={{ width: `${(progress.done / Math.max(1, progress.total)) * 100}%` }} /></span>}
          <button type="button" onClick={cancel} disabled={cancelling}>{cancelling ? t('runs.cancelling') : t('runs.cancel')}</button>
        </div>
      )}
      {outcome?.ok === true && <p className="notice" role="status">{outcome.text}</p>}
      {outcome?.ok === false && <ErrorBox code={outcome.code} message={outcome.message} msg={outcome.msg} />}
      <DataGrid<RuleRunRow, Record<string, never>> gridId="runs" label={t('runs.grid')} columns={columns} fetch={fetchRuns} filter={{}} refreshKey={refresh} onCount={setCount} emptyText={t('runs.none')} />
    </section>
  );
}
