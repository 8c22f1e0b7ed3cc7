import { useMemo } from 'react';
import type { VehicleDetail } from '../../../shared/contract/vehicle';
import { useI18n } from '../i18n/i18n';
import { chainDrawing, conflictKeys } from '../lib/chain-elements';
import { ByNameNote } from './by-name-note';
import { MakerFromWmiNote } from './maker-from-wmi-note';
import { navigate } from '../lib/route';
import { CyGraph } from './cy-graph';
import { LINK_COLOURS, ROLE_COLOURS } from './graph-style';

const PRESET = { name: 'preset' } as const;
/** Room around the drawing for the labels above the first lane and below the last one. */
const MARGIN_X = 60;
const MARGIN_Y = 110;
const MAX_HEIGHT = 720;

/**
 * The ownership chain of one vehicle: fragments in rows, odd links in colour (a sale after the
 * export, sources that disagree), open hand-overs dashed. Labels stay 12 px: a long chain scrolls.
 */
export function ChainGraph({ detail }: { detail: VehicleDetail }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { chain } = detail;
  const drawing = useMemo(() => chainDrawing(chain, i18n, conflictKeys(detail.conflicts)), [chain, detail.conflicts, i18n]);
  const counts = {
    after_export: drawing.layout.links.filter((l) => l.anomalies.includes('after_export')).length,
    conflict: drawing.layout.links.filter((l) => l.anomalies.includes('conflict')).length,
    gap: chain.gaps.length,
  };
  return (
    <section className="panel" aria-label={t('vehicle.chain')}>
      <h2>{t('vehicle.chain')} <span className="muted small">{t('vehicle.chain_summary', { nodes: chain.holders.length, edges: chain.links.length })}
        {drawing.layout.fragments > 1 ? ` · ${t('chain.fragments', { count: drawing.layout.fragments })}` : ''}</span></h2>
      <CyGraph label={t('vehicle.chain')} elements={drawing.elements} layout={PRESET}
        height={Math.min(MAX_HEIGHT, drawing.height + MARGIN_Y)} minWidth={drawing.width + MARGIN_X}
        testId="chain-graph" readableZoom={1} focus={firstOdd(drawing) ?? 'h0'}
        onNodeTap={(id) => {
          const holder = id.startsWith('h') ? chain.holders[Number(id.slice(1))] : undefined;
          if (holder?.party_id) navigate({ screen: 'party', id: holder.party_id });
        }} />
      {/* The key under the drawing, as a figure's caption: the drawing starts right under its title. */}
      <Legend />
      <ChainLegend counts={counts} />
      <ByNameNote chain={chain} />
      <MakerFromWmiNote chain={chain} />
    </section>
  );
}

/** The first link out of the ordinary, to scroll to: what the analyst opened the vehicle for. */
function firstOdd(drawing: ReturnType<typeof chainDrawing>): string | undefined {
  const link = drawing.layout.links.find((l) => l.anomalies.length > 0);
  if (link) return `l${link.index}`;
  return drawing.layout.gaps.length > 0 ? 'g0' : undefined;
}

/** What the links' colours and dashes mean, with how many of each this vehicle has. */
function ChainLegend({ counts }: { counts: Record<'after_export' | 'conflict' | 'gap', number> }) {
  const { t } = useI18n();
  const line = (colour: string, dashed = false) => (
    <svg width="26" height="10" aria-hidden="true"><line x1="1" y1="5" x2="25" y2="5" stroke={colour} strokeWidth="3" strokeDasharray={dashed ? '6 4' : undefined} /></svg>
  );
  return (
    <p className="legend" aria-label={t('chain.legend')} data-testid="chain-legend">
      <span>{line(LINK_COLOURS.link)}{t('chain.legend.link')}</span>
      <span data-anomaly="after_export">{line(LINK_COLOURS.after_export)}{t('chain.legend.after_export', { count: counts.after_export })}</span>
      <span data-anomaly="conflict">{line(LINK_COLOURS.conflict)}{t('chain.legend.conflict', { count: counts.conflict })}</span>
      <span data-anomaly="gap">{line(LINK_COLOURS.gap, true)}{t('chain.legend.gap', { count: counts.gap })}</span>
    </p>
  );
}

export function Legend() {
  const { t } = useI18n();
  return (
    <p className="legend">
      {(Object.keys(ROLE_COLOURS) as (keyof typeof ROLE_COLOURS)[]).map((role) => (
        <span key={role}><i style={{ background: ROLE_COLOURS[role] }} />{t(`role.${role}`)}</span>
      ))}
    </p>
  );
}
