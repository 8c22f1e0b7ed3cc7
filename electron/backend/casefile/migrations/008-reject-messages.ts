import type { Migration } from './index';

/**
 * Issue 19 item 2: a rejected row's message in the reader's language. Beside the English text
 * (message, kept: the CLI, exports and rows rejected before this migration show it) each new row
 * stores the same as a message key and its parameters (JSON; a parameter may be a message itself),
 * which the screens render from shared/i18n/case-*.ts.
 */
export const migration008: Migration = {
  version: 8,
  name: 'reject-messages',
  up: `
ALTER TABLE rejected_rows ADD COLUMN message_key TEXT;
ALTER TABLE rejected_rows ADD COLUMN message_params TEXT;
`,
};
