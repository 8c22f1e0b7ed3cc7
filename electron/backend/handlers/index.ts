import type { Handlers } from '../../../shared/handlers';
import { caseHandlers } from './case-handlers';
import { WORKBENCH_DOMAINS } from './workbench-handlers';
import { importHandlers } from './import-handlers';
import { printHandlers } from './print-handlers';
import { documentHandlers } from './document-handlers';
import { combineHandlers, type HandlerDefs } from './handler-table';

/** Every domain's handlers; add one import and one entry per domain. A name defined twice throws. */
const DOMAINS = [caseHandlers, ...WORKBENCH_DOMAINS, importHandlers, printHandlers, documentHandlers] as const;

export const HANDLERS = combineHandlers(...DOMAINS);

// Compile-time check that the domains together implement every entry of the Handlers contract.
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type Implemented = UnionToIntersection<(typeof DOMAINS)[number]>;
export type ContractCovered = Implemented extends HandlerDefs<Handlers> ? true : never;
export const CONTRACT_COVERED: ContractCovered = true;
