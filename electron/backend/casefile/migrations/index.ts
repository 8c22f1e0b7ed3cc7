import { migration001 } from './001-initial';
import { migration002 } from './002-rule-packs';
import { migration003 } from './003-proposed-marks';
import { migration004 } from './004-record-sources';

/** A numbered schema step; `up` runs inside the migration transaction. */
export type Migration = { version: number; name: string; up: string };

/** In order; a migration's version is its position + 1. Never edit one that has shipped: add the next. */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004];

export const SCHEMA_VERSION = MIGRATIONS.length;
