import type { Migration } from '../db.js';

/** Product catalogue and drone profiles (issue 4). */
export const CATALOG_MIGRATIONS: Migration[] = [
  {
    name: 'catalog_001_products',
    sql: `
      CREATE TABLE catalog_products (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        active_ingredients TEXT NOT NULL,            -- JSON [{name, concentration, concentrationUnit}]
        formulation TEXT NOT NULL,
        registration_number TEXT NOT NULL DEFAULT '',
        rate_min REAL NOT NULL CHECK (rate_min > 0),
        rate_max REAL NOT NULL CHECK (rate_max >= rate_min),
        rate_unit TEXT NOT NULL CHECK (rate_unit IN ('L', 'kg')),   -- per hectare
        phi_days INTEGER NOT NULL CHECK (phi_days >= 0),
        notes TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
  {
    name: 'catalog_002_drone_profiles',
    sql: `
      CREATE TABLE catalog_drone_profiles (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        profile TEXT NOT NULL,                       -- JSON, validated by droneProfileSchema
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
  },
];
