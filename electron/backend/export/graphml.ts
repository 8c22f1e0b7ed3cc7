import type Database from 'better-sqlite3';
import { writeGuardedLines } from '../files/guarded-stream';
import { esc } from './markup';
import { shownPartyCode, type MaskOptions } from '../../../shared/party-id';
import { selectVehicles } from './case-queries';
import { buildPartyNetwork, dropPartyNetwork, partyNetworkEdges, partyNetworkParties, type BuiltNetwork } from './party-network-data';

/**
 * GraphML of the party network for Gephi, yEd and Cytoscape desktop: every attribute declared
 * with a <key> (name and type), directed edges seller -> buyer and exporter -> consignee. An edge's
 * by_name_records counts its records that name one of its parties without the USCC or ID number the
 * party has (matched by name only; 0 where every record gives it), so a filter in Gephi or yEd finds
 * the links that rest on a name.
 */
const KEYS = [
  ['label', 'node', 'string'], ['role', 'node', 'string'], ['kind', 'node', 'string'], ['id_number', 'node', 'string'],
  ['vehicles', 'node', 'int'], ['first', 'node', 'string'], ['last', 'node', 'string'],
  ['e_kind', 'edge', 'string'], ['e_vehicles', 'edge', 'int'], ['e_first', 'edge', 'string'], ['e_last', 'edge', 'string'], ['weight', 'edge', 'double'],
  ['e_by_name_records', 'edge', 'int'],
] as const;

const data = (key: string, value: unknown): string =>
  value === null || value === undefined || value === '' ? '' : `<data key="${key}">${esc(value)}</data>`;

/**
 * The GraphML document, line by line as its parties and edges are read: the network is built in
 * SQLite's temporary store (party-network-data.ts), so memory does not grow with the case (the
 * whole document and every edge were held in memory: 800 MB at 200,000 vehicles).
 */
export function* partyNetworkGraphml(db: Database.Database, options: MaskOptions & { flaggedOnly: boolean }, counts = { nodes: 0, edges: 0 }): Generator<string> {
  selectVehicles(db, options.flaggedOnly);
  const network = buildPartyNetwork(db);
  try {
    yield* graphmlLines(db, network, options, counts);
  } finally {
    // Also when the writing fails or stops: the generator is closed, and its tables go.
    dropPartyNetwork(db, network);
  }
}

function* graphmlLines(db: Database.Database, network: BuiltNetwork, options: MaskOptions, counts: { nodes: number; edges: number }): Generator<string> {
  yield '<?xml version="1.0" encoding="UTF-8"?>';
  yield '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
  yield '  xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">';
  for (const [id, target, type] of KEYS) yield `  <key id="${id}" for="${target}" attr.name="${id.replace(/^e_/, '')}" attr.type="${type}"/>`;
  yield '  <graph id="party-network" edgedefault="directed">';
  for (const p of partyNetworkParties(db, network)) {
    counts.nodes++;
    yield `    <node id="p${p.id}">${data('label', p.name)}${data('role', p.role)}${data('kind', p.is_person ? 'person' : 'company')}`
      + `${data('id_number', shownPartyCode(p.party_code, p.is_person, options))}${data('vehicles', p.vehicles)}${data('first', p.first)}${data('last', p.last)}</node>`;
  }
  for (const e of partyNetworkEdges(db, network)) {
    yield `    <edge id="e${counts.edges++}" source="p${e.source}" target="p${e.target}">${data('e_kind', e.kind)}${data('e_vehicles', e.vehicles)}`
      + `${data('e_first', e.first)}${data('e_last', e.last)}${data('weight', e.vehicles)}${data('e_by_name_records', e.by_name)}</edge>`;
  }
  yield '  </graph>';
  yield '</graphml>';
}

export async function writeGraphml(db: Database.Database, path: string, options: MaskOptions & { flaggedOnly: boolean }): Promise<{ nodes: number; edges: number }> {
  const counts = { nodes: 0, edges: 0 };
  await writeGuardedLines(path, partyNetworkGraphml(db, options, counts));
  return counts;
}
