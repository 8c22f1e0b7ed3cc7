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
      'text-max-width': '150px',
      'font-size': 11,
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
      'font-size': 10,
      'text-wrap': 'wrap',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.85,
      'text-background-padding': '2px',
      color: '#424a53',
    },
  },
  { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#0969da' } },
];
