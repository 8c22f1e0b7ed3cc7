import type { FlagHandlers } from './flags';
import type { GridHandlers } from './grids';
import type { OverviewHandlers } from './overview';
import type { PartyHandlers } from './party';
import type { ReviewHandlers } from './review';
import type { RulePackHandlers } from './rule-packs';
import type { RulesRunHandlers } from './rules-run';
import type { SearchHandlers } from './search';
import type { VehicleHandlers } from './vehicle';

/** The workbench UI's handlers: grids, flags, review, vehicles, parties, overview, search, rule runs. */
export type WorkbenchHandlers = FlagHandlers & GridHandlers & OverviewHandlers & PartyHandlers & ReviewHandlers
  & RulesRunHandlers & RulePackHandlers & SearchHandlers & VehicleHandlers;
