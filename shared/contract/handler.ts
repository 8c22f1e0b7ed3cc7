/** One entry of the handler table: the plain object a handler takes and the value it returns. */
export type HandlerSpec<Args, Result> = { args: Args; result: Result };
