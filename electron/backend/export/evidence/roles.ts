import type { PartyRole } from '../../../../shared/contract/chain';

/** How each role is drawn in print (its name in the page's language: PrintText.role); the legend lists the roles a graph uses. */
export const ROLE_STYLE: Readonly<Record<PartyRole, { fill: string; stroke: string }>> = {
  maker: { fill: '#dbe9f6', stroke: '#1f5f9f' },
  dealer: { fill: '#dff2df', stroke: '#2e7d32' },
  trader: { fill: '#fde9d3', stroke: '#c15c00' },
  exporter: { fill: '#f8dcdc', stroke: '#b71c1c' },
  foreign_buyer: { fill: '#ebe0f5', stroke: '#5e35b1' },
  owner: { fill: '#eeeeee', stroke: '#555555' },
};

export const ROLE_ORDER: readonly PartyRole[] = ['maker', 'dealer', 'trader', 'exporter', 'foreign_buyer', 'owner'];
