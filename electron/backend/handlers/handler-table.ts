import { z } from 'zod';
import { ZeroMileError, toWireError, type Result } from '../../../shared/errors';
import type { PushEvent } from '../../../shared/events';
import type { HandlerSpec } from '../../../shared/contract/handler';
import type { CaseFile } from '../casefile/open-case-file';
import type { CancelFlag } from '../threads/cancel-flag';
import type { ImportCancel } from '../threads/import-cancel';
import type { CaseSession } from '../session/case-session';

/** What a handler may use: the session's open case file, push events, and a cancel signal. */
export type HandlerContext = {
  session: CaseSession;
  /** The open case file; throws `case_not_open` when there is none. */
  caseFile(): CaseFile;
  emit(event: PushEvent): void;
  signal: AbortSignal;
  /** Shared by the case workers of one host; absent where handlers run without one (tests). */
  runCancel?: CancelFlag;
  /** Shared likewise: set by `print:cancel` and by the host's shutdown, read by a case report between its steps. */
  printCancel?: CancelFlag;
  /** Shared likewise: the import's cancel, set by `import:cancel` on a reader, read by the writer's import between its steps. */
  importCancel?: ImportCancel;
};

/**
 * One handler: a schema for its argument (the backend never trusts what the renderer sends),
 * and whether it writes. Read handlers can be served by a second connection while a long write
 * (an import, a rule run) holds the writer, so the grids stay responsive.
 */
export type HandlerDef<Args, Result> = {
  mode: 'read' | 'write';
  args: z.ZodType<Args>;
  run(ctx: HandlerContext, args: Args): Result | Promise<Result>;
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnySpecs = Record<string, HandlerSpec<any, any>>;

export type HandlerDefs<H extends AnySpecs> = { [K in keyof H]: HandlerDef<H[K]['args'], H[K]['result']> };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type HandlerTable = ReadonlyMap<string, HandlerDef<any, any>>;

/** Types one domain's handlers against its contract in shared/contract/. */
export function defineHandlers<H extends AnySpecs>(defs: HandlerDefs<H>): HandlerDefs<H> {
  return defs;
}

/** Merges domain tables into one; a name registered twice is a programming error. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function combineHandlers(...tables: Record<string, HandlerDef<any, any>>[]): HandlerTable {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const table = new Map<string, HandlerDef<any, any>>();
  for (const defs of tables) {
    for (const [name, def] of Object.entries(defs)) {
      if (table.has(name)) throw new Error(`handler '${name}' is registered twice`);
      table.set(name, def);
    }
  }
  return table;
}

/** Validates the name and argument, runs the handler, and wraps the outcome as a Result. */
export async function dispatch(table: HandlerTable, ctx: HandlerContext, name: unknown, args: unknown): Promise<Result<unknown>> {
  try {
    if (typeof name !== 'string' || !table.has(name)) {
      throw new ZeroMileError('unknown_handler', `No handler named ${JSON.stringify(String(name)).slice(0, 80)}.`);
    }
    const def = table.get(name)!;
    const parsed = def.args.safeParse(args ?? {});
    if (!parsed.success) {
      const detail = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(argument)'}: ${i.message}`).join('; ');
      throw new ZeroMileError('bad_argument', `Bad argument for ${name}: ${detail}`);
    }
    return { ok: true, value: await def.run(ctx, parsed.data) };
  } catch (error) {
    return { ok: false, error: toWireError(error) };
  }
}

/** Which connection a handler needs; unknown names go to the writer, which answers with the error. */
export function handlerMode(table: HandlerTable, name: unknown): 'read' | 'write' {
  return typeof name === 'string' ? (table.get(name)?.mode ?? 'write') : 'write';
}

export const noArgs = z.object({}).strict() as unknown as z.ZodType<Record<string, never>>;
