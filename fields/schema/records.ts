import type { Migration } from '../db.js';

/** Jobs, flights, telemetry samples, application records and the audit chain (issue 6). */
export const RECORD_MIGRATIONS: Migration[] = [];
