import type { Feature } from 'geojson';
import { appendAudit, contentSha256 } from '../../fields/records/audit.js';
import { parseFieldFile } from '../../mission/field/parse-field-file.js';
import type { FieldFile } from '../../mission/field/types.js';
import { LocalFrame } from '../../mission/geo/local-frame.js';
import type { LngLat } from '../../mission/geo/types.js';
import { planCoverage } from '../../mission/plan/index.js';
import type { Plan } from '../../mission/plan/types.js';
import type { ApiInput } from '../api/contract.js';
import { ApiError } from '../api/define.js';
import type { ZoneDto } from '../api/plan-api.js';
import type { ServiceContext } from './context.js';

/** Zones farther than this from the block are not part of its plan. */
const ZONE_REACH_M = 300;

/**
 * The Field file of a block of stored fields: the plots, the zones near them, and a home (the
 * given one, else the nearest stored home zone). The same contract the CLI reads from a file.
 */
export async function fieldFileFor(
  ctx: ServiceContext,
  fieldIds: string[],
  home?: LngLat,
): Promise<FieldFile> {
  const fields = await Promise.all(fieldIds.map((id) => ctx.fields.get(id)));
  const missing = fieldIds.filter((_, i) => !fields[i]);
  if (missing.length)
    throw new ApiError({ code: 'not_found', message: `no field with id ${missing.join(', ')}` });
  const plots = fields.map((f) => f!);
  const outline = plots.flatMap((f) => f.geometry.coordinates.flatMap((p) => p[0]!)) as LngLat[];
  const frame = LocalFrame.around(outline);
  const fromCentre = (p: number[]) => Math.hypot(...frame.toXY(p as LngLat));
  const reach = ZONE_REACH_M + Math.max(...outline.map(fromCentre));
  const near = (pts: number[][]) => pts.some((p) => fromCentre(p) < reach);
  const zones = (await ctx.zones.list()).filter((z) =>
    near(z.geometry.type === 'Point' ? [z.geometry.coordinates] : z.geometry.coordinates[0]!),
  );
  let homePoint = home;
  if (!homePoint) {
    const homes = zones.filter((z) => z.kind === 'home' && z.geometry.type === 'Point');
    homes.sort(
      (a, b) =>
        fromCentre(a.geometry.coordinates as number[]) - fromCentre(b.geometry.coordinates as number[]),
    );
    if (homes[0]) homePoint = homes[0].geometry.coordinates as LngLat;
  }
  const features: Feature[] = plots.map((f) => ({
    type: 'Feature',
    properties: { role: 'field', id: f.id, name: f.name, owner: f.owner, crop: f.crop },
    geometry: f.geometry,
  }));
  for (const z of zones) {
    if (z.kind === 'home') continue;
    features.push({
      type: 'Feature',
      properties: { role: z.kind, name: z.name, id: z.id, ...(z.radiusM ? { radius_m: z.radiusM } : {}) },
      geometry: z.geometry,
    });
  }
  if (homePoint)
    features.push({
      type: 'Feature',
      properties: { role: 'home' },
      geometry: { type: 'Point', coordinates: homePoint },
    });
  return parseFieldFile({ type: 'FeatureCollection', features });
}

function runPlanner(file: FieldFile, params: ApiInput<'plan.compute'>['params']): Plan {
  return planCoverage(file, params ?? {});
}

/** The route of a stored plan, or of fields and parameters planned now; with the block's no-fly rings. */
export async function planFromSource(
  ctx: ServiceContext,
  source:
    | { planId: string }
    | { fieldIds: string[]; params?: ApiInput<'plan.compute'>['params']; home?: [number, number] },
): Promise<{ plan: Plan; noFly: LngLat[][] }> {
  if ('planId' in source) {
    const r = await ctx.plans.get(source.planId);
    if (!r) throw new ApiError({ code: 'not_found', message: `no plan with id ${source.planId}` });
    const file = await fieldFileFor(ctx, r.fieldIds, r.home ?? undefined);
    return { plan: r.plan, noFly: file.noFly.map((z) => z.ring) };
  }
  const file = await fieldFileFor(ctx, source.fieldIds, source.home);
  return { plan: runPlanner(file, source.params ?? {}), noFly: file.noFly.map((z) => z.ring) };
}

const zoneDto = (z: Awaited<ReturnType<ServiceContext['zones']['list']>>[number]): ZoneDto => z as ZoneDto;

/** Handlers for zones and plans. */
export function planHandlers(ctx: ServiceContext) {
  return {
    'zones.list': async () => (await ctx.zones.list()).map(zoneDto),

    'zones.create': async (input: ApiInput<'zones.create'>) => {
      if (input.kind === 'home' && input.geometry.type !== 'Point') {
        throw new ApiError({
          code: 'invalid_input',
          message: 'a home must be a point',
          issues: [{ where: 'geometry', message: 'a home must be a Point' }],
        });
      }
      if (input.kind !== 'home' && input.geometry.type === 'Point' && !input.radiusM) {
        throw new ApiError({
          code: 'invalid_input',
          message: `a ${input.kind} point needs a radius`,
          issues: [{ where: 'radiusM', message: 'give the radius in metres' }],
        });
      }
      // same rules as a Field file feature
      parseFieldFile({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { role: 'field' },
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [0, 0],
                  [0.001, 0],
                  [0.001, 0.001],
                  [0, 0],
                ],
              ],
            },
          },
          {
            type: 'Feature',
            properties: {
              role: input.kind,
              name: input.name,
              ...(input.radiusM ? { radius_m: input.radiusM } : {}),
            },
            geometry: input.geometry,
          },
        ],
      });
      const z = await ctx.db.transaction((db) =>
        ctx.zones.insert(
          {
            kind: input.kind,
            name: input.name ?? '',
            geometry: input.geometry as ZoneDto['geometry'],
            radiusM: input.radiusM ?? null,
          },
          db,
          input.id,
        ),
      );
      ctx.emit('zones.changed', { reason: 'created' });
      return zoneDto(z);
    },

    'zones.delete': async ({ id }: ApiInput<'zones.delete'>) => {
      const z = (await ctx.zones.list()).find((x) => x.id === id);
      if (!z) throw new ApiError({ code: 'not_found', message: `no zone with id ${id}` });
      await ctx.db.transaction((db) => ctx.zones.delete(id, db));
      ctx.emit('zones.changed', { reason: 'deleted' });
      return { deleted: zoneDto(z) };
    },

    'plan.compute': async (input: ApiInput<'plan.compute'>) =>
      runPlanner(await fieldFileFor(ctx, input.fieldIds, input.home), input.params),

    'plan.save': async (input: ApiInput<'plan.save'>) => {
      const file = await fieldFileFor(ctx, input.fieldIds, input.home);
      const plan = runPlanner(file, input.params);
      const name =
        input.name ??
        `${file.plots
          .map((p) => p.name ?? p.id)
          .slice(0, 3)
          .join(', ')}${file.plots.length > 3 ? ` +${file.plots.length - 3}` : ''}`;
      const summary = await ctx.db.transaction(async (db) => {
        const sum = await ctx.plans.insert(
          { name, fieldIds: input.fieldIds, home: file.home ?? null, plan },
          db,
        );
        await appendAudit(db, {
          kind: 'plan.made',
          subject: `plan:${sum.id}`,
          data: {
            name,
            fieldIds: input.fieldIds,
            params: plan.params,
            metrics: plan.metrics,
            routeSha256: contentSha256(plan.pieces.map((p) => [p.kind, p.coords])),
          },
        });
        return sum;
      });
      ctx.emit('plans.changed', { reason: 'saved' });
      return { summary, plan };
    },

    'plan.list': async ({ fieldId }: ApiInput<'plan.list'>) => ctx.plans.list(fieldId),

    'plan.get': async ({ id }: ApiInput<'plan.get'>) => {
      const r = await ctx.plans.get(id);
      if (!r) throw new ApiError({ code: 'not_found', message: `no plan with id ${id}` });
      const { plan, ...summary } = r;
      return { summary, plan };
    },

    'plan.delete': async ({ id }: ApiInput<'plan.delete'>) => {
      const ok = await ctx.db.transaction((db) => ctx.plans.delete(id, db));
      if (!ok) throw new ApiError({ code: 'not_found', message: `no plan with id ${id}` });
      ctx.emit('plans.changed', { reason: 'deleted' });
      return { deleted: true };
    },
  };
}
