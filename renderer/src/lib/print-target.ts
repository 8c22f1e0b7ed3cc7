import type { PrintLayout } from '../../../shared/contract/print';
import type { PrintRequest } from '../../../shared/print-request';
import type { Route } from './route';

/** The desktop menu's Print and Save as PDF: the open vehicle's evidence sheet, else the case report. */
export function printTarget(route: Route, layout: PrintLayout = { paper: 'a4', landscape: false }): PrintRequest {
  return route.screen === 'vehicle' ? { what: 'evidence', vin: route.vin.toUpperCase(), ...layout } : { what: 'report', ...layout };
}
