import { ZeroMileError, type ErrorCode } from './errors';
import { message, renderMessage, type Message, type MessageParam } from './i18n/message';
import { REFUSAL_CATALOGUE_EN, refusalColumnKey, refusalKindKey, type RefusalKey } from './i18n/refusal-en';

/**
 * Whole-file refusals as messages: each carries its message key and parameters (the file's name
 * among them) for the screens, and its English rendering as the error's message for the command
 * line and logs. Row rejects work the same way (row-plan.ts, shared/i18n/case-*.ts).
 */
export const refusalMessage = (key: RefusalKey, params?: Record<string, MessageParam>): Message => message(key, params);

export const englishRefusal = (msg: Message): string => renderMessage(msg, REFUSAL_CATALOGUE_EN);

/** An error of `code` whose text is the message `key` with `params`. */
export function refusal(code: ErrorCode, key: RefusalKey, params?: Record<string, MessageParam>): ZeroMileError {
  const msg = refusalMessage(key, params);
  return new ZeroMileError(code, englishRefusal(msg), msg);
}

/** '{file} was refused: {problem}.': the screens show the problem beside the file's name. */
export const fileRefused = (file: string, problem: Message): ZeroMileError => refusal('file_refused', 'refusal.refused', { file, problem });

/**
 * What is wrong inside a file, found where its name is not known (a zip directory, an XML part, a
 * CSV row): the reader of the file turns it into the file's refusal.
 */
export class ReadProblem extends Error {
  constructor(readonly msg: Message) {
    super(englishRefusal(msg));
    this.name = 'ReadProblem';
  }
}

export const readProblem = (key: RefusalKey, params?: Record<string, MessageParam>): ReadProblem => new ReadProblem(refusalMessage(key, params));

/** Messages one after the other, joined by the separator message `key` ({first}{sep}{next}). */
export function joinRefusals(list: MessageParam[], key: 'refusal.list' | 'refusal.reasons'): MessageParam {
  return list.reduce<MessageParam>((acc, m) => (acc === null ? m : message(key, { first: acc, next: m })), null);
}

export const recordKindName = (kind: string): Message => message(refusalKindKey(kind));
export const columnName = (name: string): Message => message(refusalColumnKey(name));
