import { flagHandlers } from './flag-handlers';
import { gridHandlers } from './grid-handlers';
import { overviewHandlers } from './overview-handlers';
import { partyHandlers } from './party-handlers';
import { reviewHandlers } from './review-handlers';
import { rulePackHandlers } from './rule-pack-handlers';
import { rulesRunHandlers } from './rules-run-handlers';
import { searchHandlers } from './search-handlers';
import { vehicleHandlers } from './vehicle-handlers';

/** The workbench UI's domain tables, listed once here so handlers/index.ts needs one line. */
export const WORKBENCH_DOMAINS = [flagHandlers, gridHandlers, overviewHandlers, partyHandlers, reviewHandlers, rulesRunHandlers, rulePackHandlers, searchHandlers, vehicleHandlers] as const;
