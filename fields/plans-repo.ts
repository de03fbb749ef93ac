import { randomUUID } from 'node:crypto';
import type { Point, Polygon } from 'geojson';
import type { Plan, PlanMetrics, PlanParams } from '../mission/plan/types.js';
import type { Db } from './db.js';

export type ZoneKind = 'no-spray' | 'no-fly' | 'home';

export interface ZoneRecord {
  id: string;
  kind: ZoneKind;
  name: string;
  geometry: Polygon | Point;
  radiusM: number | null;
  createdAt: string;
}

export interface PlanSummary {
  id: string;
  name: string;
  fieldIds: string[];
  params: PlanParams;
  home: [number, number] | null;
  metrics: PlanMetrics;
  createdAt: string;
}

export interface PlanRecord extends PlanSummary {
  plan: Plan;
}

/** Zones on the map: what must not be sprayed or flown through, and the take-off/refill points. */
export class ZonesRepository {
  constructor(private readonly db: Db) {}

  async list(): Promise<ZoneRecord[]> {
    const rows = await this.db.all<{
      id: string;
      kind: ZoneKind;
      name: string;
      geometry: string;
      radius_m: number | null;
      created_at: string;
    }>('SELECT * FROM zones ORDER BY created_at');
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      name: r.name,
      geometry: JSON.parse(r.geometry) as Polygon | Point,
      radiusM: r.radius_m,
      createdAt: r.created_at,
    }));
  }

  async insert(
    z: Omit<ZoneRecord, 'id' | 'createdAt'>,
    db: Db = this.db,
    id: string = randomUUID(),
  ): Promise<ZoneRecord> {
    const createdAt = new Date().toISOString();
    await db.run('INSERT INTO zones (id, kind, name, geometry, radius_m, created_at) VALUES (?,?,?,?,?,?)', [
      id,
      z.kind,
      z.name,
      JSON.stringify(z.geometry),
      z.radiusM,
      createdAt,
    ]);
    return { ...z, id, createdAt };
  }

  async delete(id: string, db: Db = this.db): Promise<boolean> {
    return (await db.run('DELETE FROM zones WHERE id = ?', [id])).changes > 0;
  }
}

interface PlanRow {
  id: string;
  name: string;
  field_ids: string;
  params: string;
  home: string | null;
  metrics: string;
  plan?: string;
  created_at: string;
}

const toSummary = (r: PlanRow): PlanSummary => ({
  id: r.id,
  name: r.name,
  fieldIds: JSON.parse(r.field_ids) as string[],
  params: JSON.parse(r.params) as PlanParams,
  home: r.home ? (JSON.parse(r.home) as [number, number]) : null,
  metrics: JSON.parse(r.metrics) as PlanMetrics,
  createdAt: r.created_at,
});

/** Stored plans: the route as planned, with the parameters that made it, so it can be reopened. */
export class PlansRepository {
  constructor(private readonly db: Db) {}

  async list(fieldId?: string): Promise<PlanSummary[]> {
    const rows = await this.db.all<PlanRow>(
      'SELECT id, name, field_ids, params, home, metrics, created_at FROM plans ORDER BY created_at DESC',
    );
    const all = rows.map(toSummary);
    return fieldId ? all.filter((p) => p.fieldIds.includes(fieldId)) : all;
  }

  async get(id: string): Promise<PlanRecord | undefined> {
    const r = await this.db.get<PlanRow>('SELECT * FROM plans WHERE id = ?', [id]);
    return r ? { ...toSummary(r), plan: JSON.parse(r.plan!) as Plan } : undefined;
  }

  async insert(
    p: { name: string; fieldIds: string[]; home: [number, number] | null; plan: Plan },
    db: Db = this.db,
  ): Promise<PlanSummary> {
    const id = randomUUID();
    const createdAt = new Date().toISOString();
    await db.run(
      'INSERT INTO plans (id, name, field_ids, params, home, metrics, plan, created_at) VALUES (?,?,?,?,?,?,?,?)',
      [
        id,
        p.name,
        JSON.stringify(p.fieldIds),
        JSON.stringify(p.plan.params),
        p.home ? JSON.stringify(p.home) : null,
        JSON.stringify(p.plan.metrics),
        JSON.stringify(p.plan),
        createdAt,
      ],
    );
    return {
      id,
      name: p.name,
      fieldIds: p.fieldIds,
      params: p.plan.params,
      home: p.home,
      metrics: p.plan.metrics,
      createdAt,
    };
  }

  async delete(id: string, db: Db = this.db): Promise<boolean> {
    return (await db.run('DELETE FROM plans WHERE id = ?', [id])).changes > 0;
  }
}
