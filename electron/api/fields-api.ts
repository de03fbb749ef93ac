import { z } from 'zod';
import { method } from './define.js';

const position = z.array(z.number()).min(2, 'a position needs longitude and latitude').max(3);
const ring = z.array(position);
export const polygonGeometry = z.object({ type: z.literal('Polygon'), coordinates: z.array(ring) });
export const multiPolygonGeometry = z.object({
  type: z.literal('MultiPolygon'),
  coordinates: z.array(z.array(ring)),
});
export const areaGeometry = z.union([polygonGeometry, multiPolygonGeometry]);

/** A field as the window sees it. Geometry is always a MultiPolygon (holes = no-spray). */
export interface FieldDto {
  id: string;
  name: string;
  owner: string;
  crop: string;
  geometry: { type: 'MultiPolygon'; coordinates: number[][][][] };
  areaM2: number;
  createdAt: string;
  updatedAt: string;
}

export interface Settings {
  /** 'auto' follows the system language. */
  language: 'auto' | 'vi' | 'en';
  /** m² in one sào: 360 (Bắc Bộ, default) or 500 (Trung Bộ). */
  saoM2: number;
  /** Optional online map tiles, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png; empty = offline background. */
  tileUrl: string;
  /** Wind from the vehicle: warn above, refuse a start above (m/s). */
  windWarnMps: number;
  windRefuseMps: number;
}

export const DEFAULT_SETTINGS: Settings = {
  language: 'auto',
  saoM2: 360,
  tileUrl: '',
  windWarnMps: 3,
  windRefuseMps: 5,
};

const fieldProps = {
  name: z.string().trim().min(1, 'a field needs a name').max(120),
  owner: z.string().trim().max(120).optional(),
  crop: z.string().trim().max(60).optional(),
};

export const fieldsApi = {
  'app.info': method<{ version: string; mode: 'desktop' | 'browser'; dbPath: string; fieldCount: number }>()(
    z.object({}).strict(),
  ),
  'settings.get': method<Settings>()(z.object({}).strict()),
  'settings.set': method<Settings>()(
    z
      .object({
        language: z.enum(['auto', 'vi', 'en']).optional(),
        saoM2: z.number().min(100).max(2000).optional(),
        tileUrl: z
          .string()
          .max(500)
          .refine((s) => s === '' || /^https?:\/\/.+\{z\}.+\{x\}.+\{y\}/.test(s), {
            message: 'a tile URL must be http(s) and contain {z}, {x} and {y}',
          })
          .optional(),
        windWarnMps: z.number().min(0).max(30).optional(),
        windRefuseMps: z.number().min(0).max(30).optional(),
      })
      .strict(),
  ),
  'fields.list': method<FieldDto[]>()(z.object({}).strict()),
  'fields.get': method<FieldDto>()(z.object({ id: z.string().min(1) }).strict()),
  'fields.create': method<FieldDto>()(
    z.object({ ...fieldProps, geometry: areaGeometry, id: z.string().min(1).max(64).optional() }).strict(),
  ),
  'fields.update': method<FieldDto>()(
    z
      .object({
        id: z.string().min(1),
        name: fieldProps.name.optional(),
        owner: fieldProps.owner,
        crop: fieldProps.crop,
        geometry: areaGeometry.optional(),
      })
      .strict(),
  ),
  'fields.delete': method<{ deleted: FieldDto }>()(z.object({ id: z.string().min(1) }).strict()),
  /** Imports a GeoJSON or KML file's fields, all or nothing. */
  'fields.import': method<{ created: FieldDto[]; skipped: string[] }>()(
    z.object({ fileName: z.string().max(260), content: z.string().max(20_000_000) }).strict(),
  ),
  'fields.export': method<{ fileName: string; geojson: GeoJSON.FeatureCollection }>()(
    z.object({ ids: z.array(z.string()).optional() }).strict(),
  ),
  /** Adds the demo commune (only when there are no fields). */
  'demo.load': method<{ created: number }>()(z.object({}).strict()),
};

export interface FieldsEvents {
  'fields.changed': { reason: string };
  'settings.changed': Settings;
}
