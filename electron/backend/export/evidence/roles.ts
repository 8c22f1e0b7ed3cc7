import type { PartyRole } from '../../../../shared/contract/chain';

/** How each role is drawn and named in print; the legend lists the roles a graph uses. */
export const ROLE_STYLE: Readonly<Record<PartyRole, { label: string; fill: string; stroke: string }>> = {
  maker: { label: 'Maker', fill: '#dbe9f6', stroke: '#1f5f9f' },
  dealer: { label: 'Dealer', fill: '#dff2df', stroke: '#2e7d32' },
  trader: { label: 'Trader', fill: '#fde9d3', stroke: '#c15c00' },
  exporter: { label: 'Exporter', fill: '#f8dcdc', stroke: '#b71c1c' },
  foreign_buyer: { label: 'Foreign buyer', fill: '#ebe0f5', stroke: '#5e35b1' },
  owner: { label: 'Private owner', fill: '#eeeeee', stroke: '#555555' },
};

export const ROLE_ORDER: readonly PartyRole[] = ['maker', 'dealer', 'trader', 'exporter', 'foreign_buyer', 'owner'];
