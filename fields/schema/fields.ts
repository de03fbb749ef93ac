import type { Migration } from '../db.js';

export const FIELD_MIGRATIONS: Migration[] = [
  {
    name: 'fields_001_fields',
    sql: `
      CREATE TABLE fields (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        owner TEXT NOT NULL DEFAULT '',
        crop TEXT NOT NULL DEFAULT '',
        geometry TEXT NOT NULL,          -- GeoJSON MultiPolygon (holes = no-spray)
        area_m2 REAL NOT NULL CHECK (area_m2 > 0),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX fields_name ON fields(name);
    `,
  },
  {
    name: 'fields_002_settings',
    sql: `CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  },
];
