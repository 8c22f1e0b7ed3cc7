import type { Handlers } from '../../../shared/handlers';
import { caseHandlers } from './case-handlers';
import { combineHandlers, type HandlerDefs } from './handler-table';

/**
 * Every domain's handlers in one table. `satisfies` makes the table cover the Handlers contract
 * exactly: a contract entry without a handler fails the type check. Add one import and one spread
 * per domain.
 */
const ALL = {
  ...caseHandlers,
} satisfies HandlerDefs<Handlers>;

export const HANDLERS = combineHandlers(ALL);
