import type { Migration } from './db.js';
import { FIELD_MIGRATIONS } from './schema/fields.js';
import { PLAN_MIGRATIONS } from './schema/plans.js';
import { RECORD_MIGRATIONS } from './schema/records.js';

/** Every schema change of the app, in the order applied. Names are unique and never edited once shipped. */
export const ALL_MIGRATIONS: Migration[] = [...FIELD_MIGRATIONS, ...PLAN_MIGRATIONS, ...RECORD_MIGRATIONS];
