import type { StylesheetJson } from 'cytoscape';
import type { PartyRole } from '../../../shared/contract/chain';

/** One colour per role, shared by the chain and network graphs and their legends. */
export const ROLE_COLOURS: Readonly<Record<PartyRole, string>> = {
  maker: '#1f6feb',
  dealer: '#2da44e',
  trader: '#d4a017',
  exporter: '#cf222e',
  foreign_buyer: '#8250df',
  owner: '#6e7781',
};

export const GRAPH_STYLE: StylesheetJson = [
  {
    selector: 'node',
    style: {
      'background-color': 'data(colour)',
      label: 'data(label)',
      'text-wrap': 'wrap',
      'text-max-width': '190px',
      // 12 px at zoom 1; views keep zoom >= 1 (readableZoom) so labels never read below 11 px.
      'font-size': 12,
      'text-valign': 'bottom',
      'text-margin-y': 6,
      width: 28,
      height: 28,
      color: '#1f2328',
    },
  },
  {
    selector: 'edge',
    style: {
      width: 'data(width)',
      'line-color': '#8c959f',
      'target-arrow-color': '#8c959f',
      'target-arrow-shape': 'triangle',
      'curve-style': 'bezier',
      label: 'data(label)',
      'font-size': 11,
      'text-wrap': 'wrap',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.85,
      'text-background-padding': '2px',
      color: '#424a53',
    },
  },
  { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#0969da' } },
  // The link chart: labels beside the nodes, away from the centre, so rows can sit close.
  { selector: 'node.label-left', style: { 'text-halign': 'left', 'text-valign': 'center', 'text-margin-x': -8, 'text-margin-y': 0, 'text-justification': 'right' } },
  { selector: 'node.label-right', style: { 'text-halign': 'right', 'text-valign': 'center', 'text-margin-x': 8, 'text-margin-y': 0, 'text-justification': 'left' } },
  { selector: 'node.group', style: { shape: 'round-rectangle', width: 34, height: 26, 'border-width': 2, 'border-style': 'double', 'border-color': '#57606a' } },
  { selector: 'node.centre', style: { width: 36, height: 36, 'font-weight': 'bold' } },
  { selector: 'node.flagged', style: { 'border-width': 3, 'border-color': '#cf222e' } },
  { selector: 'node.pinned', style: { 'outline-width': 2, 'outline-color': '#0969da', 'outline-offset': 2 } as never },
  { selector: 'node.match', style: { 'underlay-color': '#ffd33d', 'underlay-opacity': 0.6, 'underlay-padding': 6 } as never },
  { selector: 'edge.link-chart', style: { label: '', 'curve-style': 'straight', 'arrow-scale': 0.6, opacity: 0.8 } },
];
