import type { Migration } from '../db.js';

/** Product catalogue, drone profiles and tank mixes (issue 4). */
export const CATALOG_MIGRATIONS: Migration[] = [];
