import type { CaseHandlers } from './contract/case';
import type { WorkbenchHandlers } from './contract/workbench';
import type { ImportHandlers } from './contract/import';
import type { PrintHandlers } from './contract/print';
import type { DocumentHandlers } from './contract/documents';

/**
 * The one handler table the renderer can call, merged from every domain's contract
 * (shared/contract/*.ts). Names are `domain:verb`; each takes one plain object.
 * The same table is served over Electron IPC and over HTTP in browser mode.
 */
export type Handlers = CaseHandlers & WorkbenchHandlers & ImportHandlers & PrintHandlers & DocumentHandlers;

export type HandlerName = keyof Handlers;
export type HandlerArgs<K extends HandlerName> = Handlers[K]['args'];
export type HandlerResult<K extends HandlerName> = Handlers[K]['result'];
