import { migration001 } from './001-initial';
import { migration002 } from './002-rule-packs';
import { migration003 } from './003-proposed-marks';
import { migration004 } from './004-record-sources';
import { migration005 } from './005-party-kinds';
import { migration006 } from './006-workflow';
import { migration007 } from './007-search-keys';
import { migration008 } from './008-reject-messages';
import { migration009 } from './009-run-summaries';
import { migration010 } from './010-run-flag-orders';
import { migration011 } from './011-register-blocks';
import { migration012 } from './012-flag-order-segments';
import { migration013 } from './013-name-only-parties';
import { migration014 } from './014-party-trade-indexes';
import { migration015 } from './015-name-matches';
import { migration016 } from './016-row-digests';
import { migration017 } from './017-invoice-codes';
import { migration018 } from './018-unused-record-indexes';
import { migration019 } from './019-packed-row-digests';
import { migration020 } from './020-drop-row-digests';
import { migration021 } from './021-audit-changes';
import { migration022 } from './022-value-marks';
import { migration023 } from './023-exports-month-vins';
import { migration024 } from './024-document-chunks-rowid';
import { migration025 } from './025-party-sums';
import { migration026 } from './026-consignee-trade-index';
import type Database from 'better-sqlite3';

/**
 * A numbered schema step; `up` (the schema: verify rebuilds the expected schema from it alone) then
 * `data` (rows rewritten in code, where SQL cannot say it) run inside the migration transaction.
 */
export type Migration = { version: number; name: string; up: string; data?: (db: Database.Database) => void };

/** In order; a migration's version is its position + 1. Never edit one that has shipped: add the next. */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration008, migration009, migration010, migration011, migration012, migration013, migration014, migration015, migration016, migration017, migration018, migration019, migration020, migration021, migration022, migration023, migration024, migration025, migration026];

export const SCHEMA_VERSION = MIGRATIONS.length;
