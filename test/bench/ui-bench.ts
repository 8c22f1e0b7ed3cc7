import cytoscape, { type ElementDefinition } from 'cytoscape';
import dagre from 'cytoscape-dagre';
import { join } from 'node:path';
import { openCaseFile } from '../../electron/backend/casefile/open-case-file';
import { buildChain } from '../../electron/backend/graph/chain';
import { listFlags } from '../../electron/backend/queries/flag-queries';
import { partyNetwork } from '../../electron/backend/queries/party-network-queries';
import { countPartyFlaggedVins, partyFlaggedVins } from '../../electron/backend/queries/party-queries';
import { listVehicles } from '../../electron/backend/queries/table-grids';
import { runRules } from '../../electron/backend/rules/runner';
import type { PartyNetwork, VehicleChain } from '../../shared/contract/chain';
import { PARTY_TIMELINES_PAGE } from '../../shared/contract/party';
import { drawTimeline, sharedRange } from '../../shared/timeline-drawing';
import { GRAPH_STYLE } from '../../renderer/src/components/graph-style';
import { makeI18n } from '../../renderer/src/i18n/format';
import { chainDrawing } from '../../renderer/src/lib/chain-elements';
import { chartElements } from '../../renderer/src/lib/network-elements';
import { buildChart } from '../../renderer/src/lib/network-groups';
import { layeredPositions } from '../../renderer/src/lib/network-layout';
import type { BenchRow, BenchSection } from './bench-table';
import { writeRulesBenchCase } from './rules-bench-case';

cytoscape.use(dagre);
const I18N = makeI18n('en');

/** Median wall time of `runs` calls (after one warm-up when asked), in ms. */
function time(fn: () => unknown, runs = 5, warm = false): number {
  if (warm) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

/** Lays a graph out headless with dagre left to right, as the renderer does; returns ms. */
function layout(elements: ElementDefinition[]): number {
  const start = performance.now();
  const cy = cytoscape({ headless: true, styleEnabled: false, elements });
  cy.layout({ name: 'dagre', rankDir: 'LR', nodeSep: 20, rankSep: 150 } as cytoscape.LayoutOptions).run();
  cy.destroy();
  return performance.now() - start;
}

function gridLayout(elements: ElementDefinition[]): number {
  const start = performance.now();
  const cy = cytoscape({ headless: true, styleEnabled: false, elements });
  cy.layout({ name: 'grid' }).run();
  cy.destroy();
  return performance.now() - start;
}

/** What the vehicle screen does: the chain's rows and anomalies laid out, then a styled Cytoscape with preset positions. */
function chainDrawn(chain: VehicleChain): number {
  const start = performance.now();
  const { elements } = chainDrawing(chain, I18N);
  const cy = cytoscape({ headless: true, styleEnabled: true, style: GRAPH_STYLE, elements });
  cy.layout({ name: 'preset' }).run();
  cy.destroy();
  return performance.now() - start;
}

/**
 * What the party screen does for its first draw: the grouped chart built from the network, the
 * layered positions and the elements with their labels, then a Cytoscape instance with the style
 * (headless: no canvas here, so text is measured but not painted).
 */
function firstDraw(network: PartyNetwork, centre: number): { ms: number; nodes: number } {
  const start = performance.now();
  const chart = buildChart(centre, [network], { expanded: new Set(), hidden: new Set(), filter: {} });
  const elements = chartElements(chart, I18N, { layout: 'layered', pinned: new Map(), matches: new Set() });
  const cy = cytoscape({ headless: true, styleEnabled: true, style: GRAPH_STYLE, elements });
  cy.layout({ name: 'preset' }).run();
  cy.destroy();
  return { ms: performance.now() - start, nodes: chart.nodes.length };
}

/** Every party laid out one by one (no grouping): the 2,000-node case. */
function presetNetworkLayout(network: PartyNetwork): number {
  const start = performance.now();
  const rank = (id: number) => (id === network.party_id ? 0 : network.edges.some((e) => e.source === id && e.target === network.party_id) ? -1 : 1);
  const positions = layeredPositions(network.nodes.map((n) => ({ id: n.id, rank: rank(n.id), vehicles: n.vehicles })));
  const cy = cytoscape({ headless: true, styleEnabled: false, elements: networkElements(network, positions) });
  cy.layout({ name: 'preset' }).run();
  cy.destroy();
  return performance.now() - start;
}

function networkElements(network: PartyNetwork, positions?: Map<number, { x: number; y: number }>): ElementDefinition[] {
  return [
    ...network.nodes.map((n) => ({ group: 'nodes' as const, data: { id: `p${n.id}`, label: n.name }, ...(positions ? { position: positions.get(n.id)! } : {}) })),
    ...network.edges.map((e, i) => ({ group: 'edges' as const, data: { id: `e${i}`, source: `p${e.source}`, target: `p${e.target}`, width: e.vehicles } })),
  ];
}

/** A network of `size` parties: makers and dealers feeding one intermediary that ships to many consignees. */
function syntheticNetwork(size: number): PartyNetwork {
  const suppliers = Math.round(size * 0.2);
  const nodes: PartyNetwork['nodes'] = [{ id: 0, name: 'Intermediary', role: 'trader', vehicles: 0 }];
  const edges: PartyNetwork['edges'] = [];
  for (let i = 1; i < size; i++) {
    const supplier = i <= suppliers;
    nodes.push({ id: i, name: `${supplier ? 'Dealer' : 'Consignee'} ${i}`, role: supplier ? 'dealer' : 'foreign_buyer', vehicles: 1 + (i % 40) });
    edges.push(supplier ? { source: i, target: 0, vehicles: 1 + (i % 40), first: null, last: null } : { source: 0, target: i, vehicles: 1 + (i % 40), first: null, last: null });
  }
  return { party_id: 0, nodes, edges };
}

/**
 * The workbench's interactive paths on a 1,000,000-vehicle case (the rules bench's bulk-SQL
 * builder, then a rule run; the queue is topped up to one million flags): first grid block with
 * the exact count, a sort change, a chain built and laid out, a 2,000-node party network laid out.
 */
export const uiBench: BenchSection = {
  name: 'ui',
  async run(scale, workDir) {
    const vehicles = Math.round(1_000_000 * scale);
    const caseFile = openCaseFile(join(workDir, 'ui-bench.zmcase'), { create: { title: 'ui bench' } });
    const { db } = caseFile;
    try {
      writeRulesBenchCase(db, vehicles);
      const run = runRules(caseFile, {});
      const runId = run.run.id;
      let flags = (db.prepare('SELECT count(*) AS n FROM flags WHERE run_id = ?').get(runId) as { n: number }).n;
      // Top the queue up to a million rows (copies of the run's flags with their own keys).
      while (flags < vehicles) {
        db.prepare(`INSERT INTO flags (run_id, rule, severity, flag_key, vin, party_id, reason, facts, maker, exporter, destination, days, km, status)
          SELECT run_id, rule, severity, flag_key || ':copy' || id, vin, party_id, reason, facts, maker, exporter, destination, days, km, status
          FROM flags WHERE run_id = ? LIMIT ?`).run(runId, vehicles - flags);
        flags = (db.prepare('SELECT count(*) AS n FROM flags WHERE run_id = ?').get(runId) as { n: number }).n;
      }
      db.exec('ANALYZE');
      process.stderr.write(`bench: ui case: ${vehicles} vehicles, ${flags} flags in the queue\n`);

      const baselineBlock = time(() => db.prepare('SELECT * FROM flags WHERE run_id = ? LIMIT 100').all(runId));
      const firstBlock = time(() => listFlags(db, { start: 0, end: 100, count: true }));
      const firstBlockRule = time(() => listFlags(db, { start: 0, end: 100, count: true, filter: { rule: 'zero_mileage_export' } }));
      const sortChange = time(() => listFlags(db, { start: 0, end: 100, sort: { col: 'days', dir: 'desc' } }));
      const sortChangeFiltered = time(() => listFlags(db, { start: 0, end: 100, sort: { col: 'exporter', dir: 'asc' }, filter: { status: 'open' } }));
      const deepBlock = time(() => listFlags(db, { start: Math.floor(flags / 2), end: Math.floor(flags / 2) + 100, sort: { col: 'destination', dir: 'asc' } }));
      const vehicleBlock = time(() => listVehicles(db, { start: 0, end: 100, count: true, sort: { col: 'maker', dir: 'desc' } }));

      const vin = (db.prepare("SELECT vin FROM flags WHERE run_id = ? AND rule = 'rapid_resale' LIMIT 1").get(runId) as { vin: string }).vin;
      const baselineChain = time(() => db.prepare('SELECT * FROM sales WHERE vin = ?').all(vin));
      let chain: VehicleChain | null = null;
      const chainBuilt = time(() => { chain = buildChain(db, vin); });
      const chainLaidOut = time(() => chainDrawn(buildChain(db, vin)));
      const timelineDrawn = time(() => drawTimeline(buildChain(db, vin)));

      const network = syntheticNetwork(2000);
      const networkGrid = time(() => gridLayout(networkElements(network)), 3);
      const networkLaidOut = time(() => presetNetworkLayout(network), 3);
      const smallNetwork = syntheticNetwork(150);
      const smallDagre = time(() => layout(networkElements(smallNetwork)), 3);
      const realNetwork = time(() => partyNetwork(db, 211), 3);
      const busiest = (db.prepare('SELECT exporter_party_id AS id, count(*) AS n FROM exports GROUP BY 1 ORDER BY 2 DESC LIMIT 1').get() as { id: number; n: number });
      const baselineNetwork = time(() => db.prepare('SELECT count(*) FROM exports WHERE exporter_party_id = ?').get(busiest.id), 3);
      let drawnNodes = 0;
      let counterparties = 0;
      const busiestDrawn = time(() => {
        const network = partyNetwork(db, busiest.id);
        counterparties = network.nodes.length - 1;
        drawnNodes = firstDraw(network, busiest.id).nodes;
      }, 3);

      // The party screen's timelines: the busiest exporter's first page of flagged vehicles, each chain and drawing.
      let flaggedVehicles = 0;
      const timelinesPage = time(() => {
        flaggedVehicles = countPartyFlaggedVins(db, busiest.id, runId);
        const chains = partyFlaggedVins(db, busiest.id, runId, { offset: 0, limit: PARTY_TIMELINES_PAGE }).map((v) => buildChain(db, v));
        const range = sharedRange(chains);
        if (range) for (const c of chains) drawTimeline(c, { range, compact: true });
      }, 3);

      const rows: BenchRow[] = [
        { figure: `first flag-queue block (100 of ${flags} rows) with exact count`, value: firstBlock, unit: 'ms', baseline: baselineBlock, target: '< 150 ms', pass: firstBlock < 150 },
        { figure: 'first block filtered by rule, with exact count', value: firstBlockRule, unit: 'ms', baseline: baselineBlock, target: '< 150 ms', pass: firstBlockRule < 150 },
        { figure: 'sort change (days desc), one block', value: sortChange, unit: 'ms', baseline: baselineBlock, target: '< 300 ms', pass: sortChange < 300 },
        { figure: 'sort change (exporter) with status filter', value: sortChangeFiltered, unit: 'ms', baseline: baselineBlock, target: '< 300 ms', pass: sortChangeFiltered < 300 },
        { figure: 'block in the middle of the queue (OFFSET half, by destination)', value: deepBlock, unit: 'ms', baseline: baselineBlock, target: 'info', pass: true },
        { figure: `vehicles grid first block (${vehicles} rows, by maker) with count`, value: vehicleBlock, unit: 'ms', baseline: baselineBlock, target: '< 150 ms', pass: vehicleBlock < 150 },
        { figure: `chain built (buildChain, ${chain!.holders.length} holders)`, value: chainBuilt, unit: 'ms', baseline: baselineChain, target: '< 200 ms', pass: chainBuilt < 200 },
        { figure: 'chain built and drawn (fragments in rows, preset positions, styled headless cytoscape)', value: chainLaidOut, unit: 'ms', baseline: baselineChain, target: '< 200 ms', pass: chainLaidOut < 200 },
        { figure: 'chain built and its timeline drawn (lanes, marks, odometer, window)', value: timelineDrawn, unit: 'ms', baseline: baselineChain, target: '< 200 ms', pass: timelineDrawn < 200 },
        { figure: 'party network of 2,000 nodes laid out (layered, headless cytoscape) vs grid layout', value: networkLaidOut, unit: 'ms', baseline: networkGrid, target: '< 2000 ms', pass: networkLaidOut < 2000 },
        { figure: 'party network of 150 nodes laid out with dagre LR', value: smallDagre, unit: 'ms', baseline: null, target: 'info', pass: true },
        { figure: 'party network query (busiest trader)', value: realNetwork, unit: 'ms', baseline: null, target: 'info', pass: true },
        { figure: `party timelines, busiest exporter: first page (${PARTY_TIMELINES_PAGE} of ${flaggedVehicles} flagged vehicles) counted, built and drawn`, value: timelinesPage, unit: 'ms', baseline: baselineNetwork, target: '< 1000 ms', pass: timelinesPage < 1000 },
        { figure: `network first draw, busiest exporter (${busiest.n} exports, ${counterparties} counterparties as ${drawnNodes} nodes): query, groups, layout, styled cytoscape`, value: busiestDrawn, unit: 'ms', baseline: baselineNetwork, target: '<= 1000 ms', pass: busiestDrawn <= 1000 },
      ];
      return rows;
    } finally {
      caseFile.close();
    }
  },
};
