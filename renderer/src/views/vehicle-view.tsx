import { PackRemovedBadge } from '../components/pack-removed';
import { StaleRunNotice } from '../components/stale-run-notice';
import { useCallback, useMemo, useState } from 'react';
import type { EvidenceRef } from '../../../shared/contract/chain';
import { citation } from '../../../shared/citation';
import type { FlagRow } from '../../../shared/contract/flags';
import { makerName } from '../../../shared/data/maker-names';
import type { VerdictEntry } from '../../../shared/contract/review';
import type { Severity } from '../../../shared/rules';
import { ChainGraph } from '../components/chain-graph';
import { TimelineChart } from '../components/timeline-chart';
import { ValueMarks } from '../components/value-marks';
import { splitDateMarks } from '../../../shared/value-marks';
import { ErrorBox, Loading } from '../components/messages';
import { NotesTags } from '../components/notes-tags';
import { PrintActions } from '../components/print-actions';
import { SourceDialog } from '../components/source-dialog';
import { VinDocuments } from '../components/vin-documents';
import { useVerdict, VerdictButtons } from '../components/use-verdict';
import { useI18n, type I18n } from '../i18n/i18n';
import type { QueuePlace } from '../lib/route';
import { useInvoke } from '../lib/use-invoke';
import { QueueStepBar, useQueueSteps } from './queue-steps';

/** A fuel code (ICE, BEV, PHEV, HEV) in words; anything else as the record wrote it. */
export function fuelName(fuel: string, i18n: I18n): string {
  return ['ICE', 'BEV', 'PHEV', 'HEV'].includes(fuel) ? i18n.t(`fuel.${fuel as 'ICE'}`) : fuel;
}

export function VehicleView({ vin, queue }: { vin: string; queue?: QueuePlace }) {
  const i18n = useI18n();
  const { t, num, date, rule } = i18n;
  const [detail, reload] = useInvoke('vehicle:get', { vin });
  const [flags, reloadFlags] = useInvoke('flags:for-subject', { vin });
  const [source, setSource] = useState<EvidenceRef | null>(null);
  const steps = useQueueSteps(queue);
  const reloadSteps = steps.reload;
  const flagKeys = useMemo(() => (flags.state === 'ready' ? { flag_keys: flags.value.map((f) => f.flag_key) } : null), [flags]);
  const [history, reloadHistory] = useInvoke('review:history', flagKeys);
  const onSaved = useCallback(() => { reloadFlags(); reloadSteps(); reloadHistory(); }, [reloadFlags, reloadSteps, reloadHistory]);
  const { decide, undo, dialog, notice } = useVerdict(onSaved);
  // The verdict keys act on the vehicle's own flag that the queue opened (else its only flag), once
  // its flags are loaded: a key pressed before waits for them (QueueStepBar).
  const own = flags.state === 'ready' ? flags.value : [];
  const target = queue ? own.find((f) => f.id === queue.flag) ?? null : own.length === 1 ? own[0]! : null;
  const keepInView = useCallback((line: HTMLDivElement | null) => { line?.scrollIntoView({ block: 'nearest' }); }, []);

  // Mounted while the page loads too: a key pressed now waits for the vehicle's flags, not lost.
  const stepBar = <QueueStepBar place={queue} steps={steps} target={target} loading={flags.state === 'loading'} decide={decide} undo={undo} />;
  if (detail.state === 'loading') return <section className="screen">{stepBar}<Loading /></section>;
  if (detail.state === 'error') {
    return (
      <section className="screen" aria-label={t('vehicle.title', { vin })}>
        <h1 className="mono">{vin}</h1>
        {stepBar}
        {detail.code === 'not_found' ? <p className="empty-state" role="status">{t('vehicle.not_found', { vin })}</p>
          : <ErrorBox code={detail.code} message={detail.message} msg={detail.msg} onRetry={reload} />}
      </section>
    );
  }
  const { decoded, chain } = detail.value;
  return (
    <section className="screen" aria-label={t('vehicle.title', { vin: decoded.vin })}>
      {/* The queue's steps beside the title and the print buttons in one row: the chain stays above the fold at 1024×700. */}
      <header className="screen-head wrap">
        <h1>{t('vehicle.title', { vin: '' })}<span className="mono">{decoded.vin}</span></h1>
        {stepBar}
      </header>
      <PrintActions vin={decoded.vin} />
      <StaleRunNotice vin={decoded.vin} />
      <div className="columns">
        <section className="panel vehicle-decoded" aria-label={t('vehicle.decoded')}>
          <h2>{t('vehicle.decoded')}</h2>
          <dl className="facts">
            <dt>{t('vehicle.maker', { wmi: decoded.wmi ?? '?' })}</dt>
            <dd>{(i18n.lang === 'zh' ? decoded.maker_zh ?? decoded.maker : decoded.maker) ?? (chain.vehicle.maker ? makerName(chain.vehicle.maker, i18n.lang) : null) ?? t('common.none')}</dd>
            {decoded.brands.length > 0 && (<><dt>{t('vehicle.wmi_brands')}</dt><dd>{decoded.brands.map(([en, zh]) => (i18n.lang === 'zh' ? zh : en)).join(i18n.lang === 'zh' ? '、' : ', ')}</dd></>)}
            <dt>{t('vehicle.model_year')}</dt><dd>{decoded.model_year ?? t('common.none')}</dd>
            <dt>{t('vehicle.valid')}</dt><dd>{decoded.valid ? t('vehicle.valid_yes') : t('vehicle.valid_no', { reason: decoded.reason ?? '' })}</dd>
            {chain.vehicle.make && (<><dt>{t('col.make')}</dt><dd>{chain.vehicle.make} {chain.vehicle.model ?? ''}</dd></>)}
            {chain.vehicle.fuel_type && (<><dt>{t('col.fuel')}</dt><dd>{fuelName(chain.vehicle.fuel_type, i18n)}</dd></>)}
            {chain.vehicle.production_date && (<><dt>{t('col.production_date')}</dt><dd>{date(chain.vehicle.production_date)}</dd></>)}
          </dl>
        </section>
        <section className="panel grow" aria-label={t('vehicle.flags')}>
          <h2>{t('vehicle.flags')}</h2>
          {flags.state === 'ready' && flags.value.length === 0 && <p className="muted">{t('vehicle.no_flags')}</p>}
          {/* A vehicle with many flags scrolls them in this box (the queue's flag kept in view) rather than push the chain down. */}
          <div className="flag-list">
            {flags.state === 'ready' && flags.value.map((f: FlagRow) => (
              <div className={f.id === target?.id ? 'flag-line flag-target' : 'flag-line'} key={f.id} ref={f.id === target?.id ? keepInView : undefined} data-flag-key={f.flag_key}
                title={f.id === target?.id && queue ? t('vehicle.queue_flag') : undefined}>
                <span className={`sev sev-${f.severity}`}>{t(`severity.${f.severity as Severity}`)}</span>
                <strong>{rule(f.rule)}</strong><PackRemovedBadge flag={f} />
                <span className="reason">{i18n.msg(f.reason_msg, f.reason)}</span>
                <span className={`status status-${f.status}`} aria-label={t('col.status')}>{t(`status.${f.status}`)}</span>
                <VerdictButtons flag={f} decide={decide} keys={f.id === target?.id} />
                {history.state === 'ready' && <VerdictHistory entries={history.value[f.flag_key] ?? []} />}
              </div>
            ))}
          </div>
          {notice}
        </section>
      </div>
      <ChainGraph detail={detail.value} />
      <section className="panel" aria-label={t('vehicle.timeline')}>
        <h2>{t('vehicle.timeline')}</h2>
        <TimelineChart chain={chain} windowDays={detail.value.window_days} onOpen={setSource} />
        <table className="table" aria-label={t('vehicle.timeline')}>
          <thead><tr><th className="num">#</th><th>{t('timeline.date')}</th><th>{t('timeline.event')}</th><th>{t('timeline.party')}</th><th className="num">{t('timeline.odometer')}</th><th>{t('timeline.detail')}</th><th /></tr></thead>
          <tbody>
            {chain.timeline.map((e, i) => {
              // A value read differently from its cell is marked where it shows: the date by the date, the rest by the line.
              const [dateMarks, otherMarks] = splitDateMarks(e.marks);
              return (
              <tr key={`${e.evidence.record_kind}-${e.evidence.record_id}-${i}`}>
                <td className="num">{i + 1}</td>
                <td>{date(e.date)}<ValueMarks marks={dateMarks} /></td>
                <td>{t(`event.${e.kind}`)}</td>
                <td>{e.party ?? ''}</td>
                <td className="num">{e.odometer_km === null ? '' : num(e.odometer_km)}</td>
                <td>{i18n.msg(e.detail_msg, e.detail)}<ValueMarks marks={otherMarks} /></td>
                <td>
                  <button type="button" className="link" onClick={() => setSource(e.evidence)} aria-label={`${t('vehicle.open_source')} ${i + 1}`}>{t('vehicle.open_source')}: {i18n.msg(citation(e.evidence))}</button>
                  {/* The same fact told again by another file or row: every source is cited. */}
                  {e.sources.map((s, k) => (
                    <div key={s.record_id}><button type="button" className="link" onClick={() => setSource(s)} aria-label={`${t('vehicle.also_source')} ${i + 1}.${k + 1}`}>{t('vehicle.also_source')}: {i18n.msg(citation(s))}</button></div>
                  ))}
                </td>
              </tr>
              );
            })}
          </tbody>
        </table>
      </section>
      <VinDocuments vin={decoded.vin} />
      <NotesTags subjectType="vehicle" subjectId={decoded.vin} />
      {source && <SourceDialog kind={source.record_kind} id={source.record_id} onClose={() => setSource(null)} />}
      {dialog}
    </section>
  );
}

/** Every verdict given on a flag, oldest first: when, who, which, why (from the audit log). */
function VerdictHistory({ entries }: { entries: VerdictEntry[] }) {
  const { t, dateTime } = useI18n();
  if (entries.length === 0) return null;
  return (
    <details className="verdict-history">
      <summary>{t('history.title', { count: entries.length })}</summary>
      <ol aria-label={t('history.label')}>
        {entries.map((e) => (
          <li key={e.entry}>
            <span className="muted small">{dateTime(e.at)} · <span className="who">{e.analyst ?? t('history.no_analyst')}</span></span> <span className={`verdict status-${e.status}`}>{t(`status.${e.status}`)}</span>
            {e.reason && <> · <span className="reason">{e.reason}</span></>}
          </li>
        ))}
      </ol>
    </details>
  );
}
