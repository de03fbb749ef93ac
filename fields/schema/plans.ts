import type { Migration } from '../db.js';

/** Stored plans, zones, products and drone profiles (issues 3 and 4). */
export const PLAN_MIGRATIONS: Migration[] = [];
