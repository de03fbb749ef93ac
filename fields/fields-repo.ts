import { randomUUID } from 'node:crypto';
import type { MultiPolygon } from 'geojson';
import type { Db } from './db.js';

/** A stored field (a farmer's plot). Geometry is a GeoJSON MultiPolygon; holes are no-spray areas. */
export interface FieldRecord {
  id: string;
  name: string;
  owner: string;
  crop: string;
  geometry: MultiPolygon;
  areaM2: number;
  createdAt: string;
  updatedAt: string;
}

export interface FieldInput {
  name: string;
  owner?: string;
  crop?: string;
  geometry: MultiPolygon;
  /** Area in m², computed by the caller from the validated geometry in a local metric frame. */
  areaM2: number;
}

interface Row {
  id: string;
  name: string;
  owner: string;
  crop: string;
  geometry: string;
  area_m2: number;
  created_at: string;
  updated_at: string;
}

const toRecord = (r: Row): FieldRecord => ({
  id: r.id,
  name: r.name,
  owner: r.owner,
  crop: r.crop,
  geometry: JSON.parse(r.geometry) as MultiPolygon,
  areaM2: r.area_m2,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Reads and writes the `fields` table. Callers validate geometry first (mission/field). */
export class FieldsRepository {
  constructor(private readonly db: Db) {}

  async list(): Promise<FieldRecord[]> {
    const rows = await this.db.all<Row>('SELECT * FROM fields ORDER BY created_at');
    // "Thửa 2" before "Thửa 10": natural, accent-aware order
    const collator = new Intl.Collator('vi', { numeric: true, sensitivity: 'base' });
    return rows.map(toRecord).sort((a, b) => collator.compare(a.name, b.name));
  }

  async get(id: string): Promise<FieldRecord | undefined> {
    const row = await this.db.get<Row>('SELECT * FROM fields WHERE id = ?', [id]);
    return row ? toRecord(row) : undefined;
  }

  async count(): Promise<number> {
    const r = await this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM fields');
    return r?.n ?? 0;
  }

  /** Inserts within the caller's transaction (pass the transaction's Db) or on its own. */
  async insert(input: FieldInput, db: Db = this.db, id: string = randomUUID()): Promise<FieldRecord> {
    const now = new Date().toISOString();
    await db.run(
      'INSERT INTO fields (id, name, owner, crop, geometry, area_m2, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?)',
      [
        id,
        input.name,
        input.owner ?? '',
        input.crop ?? '',
        JSON.stringify(input.geometry),
        input.areaM2,
        now,
        now,
      ],
    );
    return {
      id,
      name: input.name,
      owner: input.owner ?? '',
      crop: input.crop ?? '',
      geometry: input.geometry,
      areaM2: input.areaM2,
      createdAt: now,
      updatedAt: now,
    };
  }

  async update(id: string, input: FieldInput, db: Db = this.db): Promise<FieldRecord | undefined> {
    const now = new Date().toISOString();
    const r = await db.run(
      'UPDATE fields SET name = ?, owner = ?, crop = ?, geometry = ?, area_m2 = ?, updated_at = ? WHERE id = ?',
      [
        input.name,
        input.owner ?? '',
        input.crop ?? '',
        JSON.stringify(input.geometry),
        input.areaM2,
        now,
        id,
      ],
    );
    if (r.changes === 0) return undefined;
    return (
      (await db.get<Row>('SELECT * FROM fields WHERE id = ?', [id]).then((x) => x && toRecord(x))) ??
      undefined
    );
  }

  async delete(id: string, db: Db = this.db): Promise<boolean> {
    const r = await db.run('DELETE FROM fields WHERE id = ?', [id]);
    return r.changes > 0;
  }
}

/** Key/value settings (language, m² per sào, tile URL …) stored as JSON. */
export class SettingsRepository {
  constructor(private readonly db: Db) {}

  async all(): Promise<Record<string, unknown>> {
    const rows = await this.db.all<{ key: string; value: string }>('SELECT key, value FROM settings');
    return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value)]));
  }

  async set(values: Record<string, unknown>, db: Db = this.db): Promise<void> {
    for (const [k, v] of Object.entries(values)) {
      await db.run(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
        [k, JSON.stringify(v)],
      );
    }
  }
}
