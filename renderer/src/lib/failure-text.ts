import type { ErrorCode } from '../../../shared/errors';
import type { Message } from '../../../shared/i18n/message';
import type { I18n, MessageKey } from '../i18n/format';

/** Every error code (shared/errors.ts) has a line of its own in the catalogues: a Record, so a new code must be added here. */
const ERROR_KINDS: Record<Exclude<ErrorCode, 'case_not_open'>, true> = {
  case_not_found: true, case_exists: true, case_from_future: true, not_a_case_file: true, case_damaged: true, case_busy: true, file_refused: true,
  file_not_found: true, bad_argument: true, unknown_handler: true, not_found: true, cancelled: true, forbidden: true, write_failed: true, file_exists: true, internal: true,
};

export type Failure = { code: string; message: string; msg?: Message };

/** The kind of failure in the reader's language (error.kind.<code>). */
export function failureKind(t: I18n['t'], code: string): string {
  return code in ERROR_KINDS ? t(`error.kind.${code}` as MessageKey) : t('error.kind.internal');
}

/**
 * A failed call as one line (the outcome of a print, save or export): its keyed message in the
 * reader's language; without one, the backend's English text in English, and in Chinese the kind
 * of failure followed by that text, labelled as English (the outcome lines showed English alone
 * under a Chinese "未能完成").
 */
export function failureText({ t, msg, lang }: Pick<I18n, 't' | 'msg' | 'lang'>, failure: Failure): string {
  if (failure.msg) return msg(failure.msg, failure.message);
  if (lang === 'en') return failure.message;
  return `${failureKind(t, failure.code)} ${t('error.detail_en')} ${failure.message}`;
}
