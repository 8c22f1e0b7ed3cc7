import { insertAnchorEvidence } from './export-anchor';
import type { RuleImpl } from './rule';
import { findRegistrationToExport } from './zero-mileage-export';

/** As zero_mileage_export, but the declared odometer is above zero_mileage_max_km. */
export const earlyExport: RuleImpl = {
  id: 'early_export',
  find: (ctx) => findRegistrationToExport(ctx, 'early_export'),
  evidence: (ctx) => insertAnchorEvidence(ctx.db, 'early_export'),
  readsExportAnchor: true,
};
