import type { RuleImpl } from './rule';
import { zeroMileageExport } from './zero-mileage-export';
import { earlyExport } from './early-export';
import { missingAfterSalesConfirmation } from './missing-after-sales-confirmation';
import { rapidResale } from './rapid-resale';
import { odometerRollback } from './odometer-rollback';
import { duplicateExport } from './duplicate-export';
import { timelineConflict } from './timeline-conflict';
import { undervaluedExport } from './undervalued-export';
import { tradeIntermediary } from './trade-intermediary';
import { destinationBrandRestriction } from './destination-brand-restriction';
import { destinationMinUse } from './destination-min-use';
import { conflictingSources } from './conflicting-sources';

/** Every rule, in the order of shared/rules.ts RULE_IDS (a test checks they agree). */
export const ALL_RULES: readonly RuleImpl[] = [
  zeroMileageExport, earlyExport, missingAfterSalesConfirmation, rapidResale, odometerRollback,
  duplicateExport, timelineConflict, undervaluedExport, tradeIntermediary, destinationBrandRestriction, destinationMinUse,
  conflictingSources,
];
