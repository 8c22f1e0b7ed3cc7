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

/** Links out of the ordinary in the chain graph, in colour and in its legend. */
export const LINK_COLOURS = {
  link: '#8c959f',
  after_export: '#cf222e',
  conflict: '#bc4c00',
  gap: '#6e7781',
} as const;

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
  { selector: 'node.keyboard', style: { 'overlay-color': '#0969da', 'overlay-opacity': 0.25, 'overlay-padding': 8 } as never },
  { selector: 'node.match', style: { 'underlay-color': '#ffd33d', 'underlay-opacity': 0.6, 'underlay-padding': 6 } as never },
  // The chain graph: labels on a white ground (a dashed open hand-over may cross under them), link
  // labels above the line, so the node labels of the lane below stay clear.
  { selector: 'node.chain', style: { 'text-background-color': '#fcfcfd', 'text-background-opacity': 0.9, 'text-background-padding': '1px' } },
  { selector: 'node.open', style: { 'background-color': '#ffffff', 'border-width': 2, 'border-style': 'dashed', 'border-color': LINK_COLOURS.gap, width: 20, height: 20, color: '#57606a' } },
  { selector: 'edge.chain', style: { 'text-margin-y': -26, 'control-point-step-size': 80 } },
  // Between two lanes of one column: the label beside the line, clear of the upper node's label.
  { selector: 'edge.chain.vertical', style: { 'text-margin-y': 0, 'text-margin-x': 150 } },
  { selector: 'edge.after-export', style: { 'line-color': LINK_COLOURS.after_export, 'target-arrow-color': LINK_COLOURS.after_export, width: 3, color: LINK_COLOURS.after_export } },
  { selector: 'edge.conflict', style: { 'line-color': LINK_COLOURS.conflict, 'target-arrow-color': LINK_COLOURS.conflict, width: 3, color: LINK_COLOURS.conflict } },
  { selector: 'edge.after-export.conflict', style: { 'line-color': LINK_COLOURS.after_export, 'target-arrow-color': LINK_COLOURS.conflict } },
  { selector: 'edge.gap', style: { 'line-style': 'dashed', 'line-dash-pattern': [7, 5], 'line-color': LINK_COLOURS.gap, 'target-arrow-color': LINK_COLOURS.gap, 'target-arrow-fill': 'hollow', color: '#57606a' } },
  // A hand-over bent around a holder it would otherwise cross (chain-elements: routeAround).
  { selector: 'edge.detour[bend]', style: { 'curve-style': 'unbundled-bezier', 'control-point-distances': 'data(bend)', 'control-point-weights': 0.5 } as never },
  { selector: 'edge.link-chart', style: { label: '', 'curve-style': 'straight', 'arrow-scale': 0.6, opacity: 0.8 } },
];
