import type Database from 'better-sqlite3';
import { writeGuardedBytes } from '../files/guarded-write';
import { esc } from './markup';
import { shownPartyCode, type MaskOptions } from './mask';
import { selectVehicles } from './case-queries';
import { partyNetworkData } from './party-network-data';

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

export function partyNetworkGraphml(db: Database.Database, options: MaskOptions & { flaggedOnly: boolean }): { xml: string; nodes: number; edges: number } {
  selectVehicles(db, options.flaggedOnly);
  const network = partyNetworkData(db);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
    '  xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ...KEYS.map(([id, target, type]) => `  <key id="${id}" for="${target}" attr.name="${id.replace(/^e_/, '')}" attr.type="${type}"/>`),
    '  <graph id="party-network" edgedefault="directed">',
  ];
  for (const p of network.parties) {
    lines.push(`    <node id="p${p.id}">${data('label', p.name)}${data('role', p.role)}${data('kind', p.is_person ? 'person' : 'company')}`
      + `${data('id_number', shownPartyCode(p.party_code, p.is_person, options))}${data('vehicles', p.vehicles)}${data('first', p.first)}${data('last', p.last)}</node>`);
  }
  network.edges.forEach((e, i) => {
    lines.push(`    <edge id="e${i}" source="p${e.source}" target="p${e.target}">${data('e_kind', e.kind)}${data('e_vehicles', e.vehicles)}`
      + `${data('e_first', e.first)}${data('e_last', e.last)}${data('weight', e.vehicles)}`
      + `${data('e_by_name_records', e.by_name)}</edge>`);
  });
  lines.push('  </graph>', '</graphml>', '');
  return { xml: lines.join('\n'), nodes: network.parties.length, edges: network.edges.length };
}

export async function writeGraphml(db: Database.Database, path: string, options: MaskOptions & { flaggedOnly: boolean }): Promise<{ nodes: number; edges: number }> {
  const { xml, nodes, edges } = partyNetworkGraphml(db, options);
  await writeGuardedBytes(path, xml);
  return { nodes, edges };
}
