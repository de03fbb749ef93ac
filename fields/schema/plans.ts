import type { Migration } from '../db.js';

/** Zones drawn on the map (no-spray, no-fly, home) and stored plans with their parameters. */
export const PLAN_MIGRATIONS: Migration[] = [
  {
    name: 'plans_001_zones_and_plans',
    sql: `
      CREATE TABLE zones (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('no-spray', 'no-fly', 'home')),
        name TEXT NOT NULL DEFAULT '',
        geometry TEXT NOT NULL,          -- GeoJSON Polygon, or Point (home, or a circle with radius_m)
        radius_m REAL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE plans (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        field_ids TEXT NOT NULL,         -- JSON array of field ids planned as one block
        params TEXT NOT NULL,            -- JSON PlanParams
        home TEXT,                       -- JSON [lon, lat] or NULL
        metrics TEXT NOT NULL,           -- JSON PlanMetrics (for lists)
        plan TEXT NOT NULL,              -- JSON Plan (the route as planned)
        created_at TEXT NOT NULL
      );
      CREATE INDEX plans_created ON plans(created_at);
    `,
  },
];
