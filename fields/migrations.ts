import type { Migration } from './db.js';
import { CATALOG_MIGRATIONS } from './schema/catalog.js';
import { FIELD_MIGRATIONS } from './schema/fields.js';
import { PLAN_MIGRATIONS } from './schema/plans.js';
import { RECORD_MIGRATIONS } from './schema/records.js';

/**
 * Every schema change of the app, in the order applied. Names are unique (prefix them with the
 * area: fields_, plans_, catalog_, records_) and never edited once shipped.
 */
export const ALL_MIGRATIONS: Migration[] = [
  ...FIELD_MIGRATIONS,
  ...PLAN_MIGRATIONS,
  ...CATALOG_MIGRATIONS,
  ...RECORD_MIGRATIONS,
];
